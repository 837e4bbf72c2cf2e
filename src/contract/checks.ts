/**
 * The response checks, named as Schemathesis names them so users recognise them. Each looks at one
 * request and its answer against the spec (the engine's compiled index and schemas) and returns the
 * reason it failed, or undefined. The negative and stateful checks (negative.ts, stateful.ts) judge
 * the answers to requests they build themselves, with these checks applied as well.
 */
import type { OperationDoc } from '../engine/spec/spec-index.js';
import type { ValidationIssue } from '../engine/types.js';
import { headerSchemaPointer, responseFor, responseMediaTypes, type ContractApi } from './api-spec.js';
import { mediaTypeOf, type WireResponse } from './http.js';

export const RESPONSE_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
] as const;
export const NEGATIVE_CHECKS = [
  'negative_data_rejection',
  'positive_data_acceptance',
  'ignored_auth',
  'unsupported_method',
] as const;
export const STATEFUL_CHECKS = ['use_after_free', 'ensure_resource_availability'] as const;
/** Only with `--max-response-time`: each answer within that many milliseconds. */
export const TIMING_CHECKS = ['max_response_time'] as const;
/** Replay only: the new server answers with the status the recording has. */
export const REPLAY_CHECKS = ['replay_status_match'] as const;
export const ALL_CHECKS = [...RESPONSE_CHECKS, ...NEGATIVE_CHECKS, ...STATEFUL_CHECKS, ...TIMING_CHECKS] as const;
export type CheckName = (typeof ALL_CHECKS)[number] | (typeof REPLAY_CHECKS)[number];

export const describeIssues = (issues: ValidationIssue[]) =>
  issues.map((i) => `${[i.in, ...i.path].join('.')}: ${i.message}`).join('; ');

/** What a check reads beside the answer: whether the mock's own engine answers (`x-mock-responses`) count as documented. */
export interface CheckContext {
  /** True against groups-mock itself; against any other server only the vendor's statuses are documented. */
  engineStatuses: boolean;
}
const AGAINST_MOCK: CheckContext = { engineStatuses: true };

/** A check's verdict on one answer: a failure message, `undefined` (passed) or `NOT_APPLICABLE` (nothing to judge). */
export const NOT_APPLICABLE = null;
type Verdict = string | undefined | typeof NOT_APPLICABLE;
type ResponseCheck = (api: ContractApi, op: OperationDoc | undefined, res: WireResponse, ctx: CheckContext) => Verdict;

const documented = (api: ContractApi, op: OperationDoc | undefined, status: number, ctx: CheckContext) =>
  responseFor(api, op, status, ctx.engineStatuses);

const notAServerError: ResponseCheck = (_api, _op, res) => {
  if (res.status === 0) return `no response: ${res.error ?? 'connection failed'}`;
  return res.status >= 500 ? `server error ${res.status}` : undefined;
};

const statusCodeConformance: ResponseCheck = (api, op, res, ctx) => {
  if (res.status === 0) return NOT_APPLICABLE;
  // Outside the spec's operations only the mock documents anything (its own 404/405 answers).
  if (!op && !ctx.engineStatuses) return NOT_APPLICABLE;
  if (documented(api, op, res.status, ctx)) return undefined;
  const listed = op ? [...op.responses.keys()].join(', ') : 'none';
  return `status ${res.status} is not documented for ${op?.operationId ?? 'this path'} (documented: ${listed})`;
};

const hasBody = (res: WireResponse) => res.text.trim() !== '';

const contentTypeConformance: ResponseCheck = (api, op, res, ctx) => {
  const doc = res.status ? documented(api, op, res.status, ctx) : undefined;
  if (!doc || !hasBody(res)) return NOT_APPLICABLE;
  const types = responseMediaTypes(api, doc.pointer);
  if (!types.length) return NOT_APPLICABLE;
  const got = mediaTypeOf(res.headers['content-type']);
  if (!got) return `the ${res.status} has a body but no Content-Type (documented: ${types.join(', ')})`;
  const ok = types.some((d) => d === got || d === '*/*' || (d.endsWith('/*') && got.startsWith(d.slice(0, -1))));
  return ok ? undefined : `Content-Type ${got} is not documented for ${res.status} (documented: ${types.join(', ')})`;
};

const responseSchemaConformance: ResponseCheck = (api, op, res, ctx) => {
  const doc = res.status ? documented(api, op, res.status, ctx) : undefined;
  if (!doc?.response.schemaPointer) return NOT_APPLICABLE;
  const media = mediaTypeOf(res.headers['content-type']);
  // A body in another media type is content_type_conformance's to report.
  if (media && !media.includes('json')) return NOT_APPLICABLE;
  if (!hasBody(res)) return `the ${res.status} documents a body but none came`;
  if (res.json === undefined) return `the ${res.status} body is not JSON`;
  const issues = api.schemas.check(doc.response.schemaPointer, api.codec.toPlain(res.json), 'body');
  return issues.length ? `the ${res.status} body does not match its schema: ${describeIssues(issues)}` : undefined;
};

const responseHeadersConformance: ResponseCheck = (api, op, res, ctx) => {
  const doc = res.status ? documented(api, op, res.status, ctx) : undefined;
  if (!doc || !Object.keys(doc.response.headers).length) return NOT_APPLICABLE;
  const problems: string[] = [];
  for (const [name, h] of Object.entries(doc.response.headers)) {
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (h.required) problems.push(`the documented header ${name} is missing`);
      continue;
    }
    const pointer = headerSchemaPointer(api, doc.pointer, name);
    if (!pointer) continue;
    const issues = api.schemas.checkParam(pointer, value, 'header', name);
    if (issues.length)
      problems.push(`header ${name}: ${issues.map((i) => i.message).join('; ')} (value: ${JSON.stringify(value)})`);
  }
  return problems.length ? problems.join('; ') : undefined;
};

const RESPONSE_CHECK_FNS: Record<(typeof RESPONSE_CHECKS)[number], ResponseCheck> = {
  not_a_server_error: notAServerError,
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  response_headers_conformance: responseHeadersConformance,
};

export interface CheckOutcome {
  check: CheckName;
  /** Undefined: passed. */
  failure?: string;
}

/**
 * The response checks that are enabled and have something to judge, on one answer. One defect is
 * reported once: a server error (or no answer) is `not_a_server_error`'s alone — its status, content
 * type, body and headers are not judged as well, as Schemathesis reports a 500 once.
 */
export function checkResponse(
  api: ContractApi,
  op: OperationDoc | undefined,
  res: WireResponse,
  enabled: ReadonlySet<CheckName>,
  ctx: CheckContext = AGAINST_MOCK,
): CheckOutcome[] {
  const broken = res.status === 0 || res.status >= 500;
  const out: CheckOutcome[] = [];
  for (const check of RESPONSE_CHECKS) {
    if (!enabled.has(check)) continue;
    if (broken && check !== 'not_a_server_error' && enabled.has('not_a_server_error')) continue;
    const verdict = RESPONSE_CHECK_FNS[check](api, op, res, ctx);
    if (verdict === NOT_APPLICABLE) continue;
    out.push(verdict === undefined ? { check } : { check, failure: verdict });
  }
  return out;
}
