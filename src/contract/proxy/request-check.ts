/**
 * The request half of the proxy's check: what the client sent, against the operation it names —
 * path and method (an unknown route is a violation, yet still forwarded), the body read as the API
 * reads it (the engine's one JSON body reader, spec/json-body.ts), parameters, body schema and media
 * type through the engine's one request check (spec/check-request.ts), and the presence of the
 * credentials the operation's `security` asks for. Works on a copy of what was read: the bytes
 * forwarded upstream are the client's, untouched; nothing of the request is changed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { plainJson } from '../../engine/kit/json-codec.js';
import { formFields } from '../../engine/pipeline/problems.js';
import { checkRequest, issuesOfProblem, type RequestBody } from '../../engine/spec/check-request.js';
import type { LoadedApi } from '../../engine/spec/compiled.js';
import { JSON_TYPE, readAsJsonWarning, readJsonBody } from '../../engine/spec/json-body.js';
import type { OperationDoc } from '../../engine/spec/spec-index.js';
import type { Problem, ValidationIssue } from '../../engine/types.js';
import { decodeBody, MAX_DECODED_BYTES } from './body-bytes.js';
import { missingCredentials } from './security-presence.js';

/** A request as the proxy read it: below the API's mount path, its body as the bytes sent. */
export interface ProxiedRequest {
  method: string;
  /** The path below the API's mount. */
  path: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface CheckedRequest {
  op?: OperationDoc;
  query: Record<string, string | string[]>;
  /** The body as the journal keeps it (parsed JSON or form, else its size). */
  body: unknown;
  issues: ValidationIssue[];
  /** What was accepted but is not in the spec (unknown query names, a body not sent as JSON): not violations. */
  warnings: ValidationIssue[];
}

/** What the body reads as: the journal's copy, the check's, or the issue that stops the check. */
interface BodyRead {
  /** As the journal keeps it. */
  kept?: unknown;
  /** As the request check sees it. */
  checked?: RequestBody;
  issue?: ValidationIssue;
  /** A type neither JSON nor a form: kept by its size. */
  other?: boolean;
}

const mediaTypeOf = (type: string) => type.split(';')[0]!.trim().toLowerCase() || undefined;

/** The body read as the API reads it: its JSON codec (or a form); an issue when it cannot be. */
function readBody(api: LoadedApi, req: ProxiedRequest, asJson: boolean, jsonAnyway: boolean): BodyRead {
  const raw = req.body;
  if (!raw.length) return {};
  const type = String(req.headers['content-type'] ?? '');
  const encoding = req.headers['content-encoding'];
  const decoded = decodeBody(raw, typeof encoding === 'string' ? encoding : undefined);
  if (!decoded) {
    const sent = String(encoding).slice(0, 50);
    return {
      kept: { bytes: raw.length },
      issue: {
        in: 'header',
        path: ['content-encoding'],
        keyword: 'contentEncoding',
        message: `the body cannot be decoded from Content-Encoding "${sent}" (or inflates past ${MAX_DECODED_BYTES} bytes), so it was not checked`,
        params: {},
        value: sent,
      },
    };
  }
  const text = decoded.toString('utf8');
  if (asJson) {
    const read = readJsonBody(text, api.module.json ?? plainJson);
    if (read.kind === 'none') return {};
    if (read.kind === 'invalid') return { issue: issuesOfProblem({ kind: 'parse', detail: read.detail }, '', '')![0] };
    const mediaType = jsonAnyway ? 'application/json' : mediaTypeOf(type);
    return {
      kept: read.value,
      checked: { value: read.plain, length: text.length, ...(mediaType ? { mediaType } : {}) },
    };
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    const form = formFields(text);
    return { kept: form, checked: { value: form, length: text.length, mediaType: mediaTypeOf(type) } };
  }
  return { kept: { bytes: decoded.length }, other: true };
}

/** Whether a Content-Type is one of the operation's request media types. */
function takes(op: OperationDoc, type: string): boolean {
  const media = mediaTypeOf(type);
  return !!media && [...op.requestBodies.keys()].some((t) => t.toLowerCase() === media);
}

/** The request checked against the spec (`strict`: unknown query names and a body not sent as JSON are violations). */
export function checkProxiedRequest(api: LoadedApi, req: ProxiedRequest, strict: boolean): CheckedRequest {
  const { method, path, query, headers } = req;
  const found = api.spec.find(method, path);
  const op = found.op;
  const type = headers['content-type'];
  // A vendor that reads JSON whatever the Content-Type says (Crossbar) is checked as the mock reads
  // it: with the mock's warning, or (strict) as the media type the spec does not declare.
  const jsonAnyway =
    !!op && !!api.module.jsonBodyWhateverContentType && req.body.length > 0 && !JSON_TYPE.test(type ?? '');
  const asJson = /json/i.test(String(type ?? '')) || !!api.module.jsonBodyWhateverContentType;
  const read = readBody(api, req, asJson, jsonAnyway);
  const body = read.kept ?? null;
  if (!op) {
    const problem: Problem = found.allow.length
      ? { kind: 'methodNotAllowed', allow: found.allow }
      : { kind: 'unknownPath' };
    return { query, body, issues: issuesOfProblem(problem, method, path) ?? [], warnings: [] };
  }
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const unsupported = (): ValidationIssue[] =>
    issuesOfProblem({ kind: 'unsupportedMediaType', contentType: String(type ?? '').slice(0, 100) }, method, path) ??
    [];
  if (read.issue) issues.push(read.issue);
  else if (read.other && type && !takes(op, type)) issues.push(...unsupported());
  else {
    // Checked as JSON all the same, so that what else is wrong is said too.
    if (jsonAnyway && strict) issues.push(...unsupported());
    else if (jsonAnyway) warnings.push(readAsJsonWarning(op.operationId, type));
    const result = checkRequest(
      { op, spec: api.spec, schemas: api.schemas },
      {
        method,
        path,
        params: found.params,
        ...(found.undecodable ? { undecodable: found.undecodable } : {}),
        query,
        headers,
        ...(read.checked ? { body: read.checked } : {}),
      },
      { strict },
    );
    issues.push(...result.issues);
    warnings.push(...result.warnings);
  }
  issues.push(...missingCredentials(api.spec.doc, op, { headers, query }));
  return { op, query, body, issues, warnings };
}
