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
export const NEGATIVE_CHECKS = ['negative_data_rejection', 'ignored_auth', 'unsupported_method'] as const;
export const STATEFUL_CHECKS = ['use_after_free'] as const;
/** Replay only: the new server answers with the status the recording has. */
export const REPLAY_CHECKS = ['replay_status_match'] as const;
export const ALL_CHECKS = [...RESPONSE_CHECKS, ...NEGATIVE_CHECKS, ...STATEFUL_CHECKS] as const;
export type CheckName = (typeof ALL_CHECKS)[number] | (typeof REPLAY_CHECKS)[number];

export const describeIssues = (issues: ValidationIssue[]) =>
  issues.map((i) => `${[i.in, ...i.path].join('.')}: ${i.message}`).join('; ');

type ResponseCheck = (api: ContractApi, op: OperationDoc | undefined, res: WireResponse) => string | undefined;

const notAServerError: ResponseCheck = (_api, _op, res) => {
  if (res.status === 0) return `no response: ${res.error ?? 'connection failed'}`;
  return res.status >= 500 ? `server error ${res.status}` : undefined;
};

const statusCodeConformance: ResponseCheck = (api, op, res) => {
  if (res.status === 0) return undefined;
  if (responseFor(api, op, res.status)) return undefined;
  const documented = op ? [...op.responses.keys()].join(', ') : 'none';
  return `status ${res.status} is not documented for ${op?.operationId ?? 'this path'} (documented: ${documented})`;
};

const hasBody = (res: WireResponse) => res.text.trim() !== '';

const contentTypeConformance: ResponseCheck = (api, op, res) => {
  const doc = res.status ? responseFor(api, op, res.status) : undefined;
  if (!doc || !hasBody(res)) return undefined;
  const documented = responseMediaTypes(api, doc.pointer);
  if (!documented.length) return undefined;
  const got = mediaTypeOf(res.headers['content-type']);
  if (!got) return `the ${res.status} has a body but no Content-Type (documented: ${documented.join(', ')})`;
  const ok = documented.some((d) => d === got || d === '*/*' || (d.endsWith('/*') && got.startsWith(d.slice(0, -1))));
  return ok
    ? undefined
    : `Content-Type ${got} is not documented for ${res.status} (documented: ${documented.join(', ')})`;
};

const responseSchemaConformance: ResponseCheck = (api, op, res) => {
  const doc = res.status ? responseFor(api, op, res.status) : undefined;
  if (!doc?.response.schemaPointer) return undefined;
  const media = mediaTypeOf(res.headers['content-type']);
  // A body in another media type is content_type_conformance's to report.
  if (media && !media.includes('json')) return undefined;
  if (!hasBody(res)) return `the ${res.status} documents a body but none came`;
  if (res.json === undefined) return `the ${res.status} body is not JSON`;
  const issues = api.schemas.check(doc.response.schemaPointer, api.codec.toPlain(res.json), 'body');
  return issues.length ? `the ${res.status} body does not match its schema: ${describeIssues(issues)}` : undefined;
};

const responseHeadersConformance: ResponseCheck = (api, op, res) => {
  const doc = res.status ? responseFor(api, op, res.status) : undefined;
  if (!doc) return undefined;
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

/** The response checks that are enabled, on one answer. */
export function checkResponse(
  api: ContractApi,
  op: OperationDoc | undefined,
  res: WireResponse,
  enabled: ReadonlySet<CheckName>,
): CheckOutcome[] {
  return RESPONSE_CHECKS.filter((c) => enabled.has(c)).map((check) => ({
    check,
    failure: RESPONSE_CHECK_FNS[check](api, op, res),
  }));
}
