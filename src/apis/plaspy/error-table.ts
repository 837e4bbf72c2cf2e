/**
 * Engine problems in Plaspy's words: `{success: false, error}` with the caller's counters. Bad bodies
 * the engine finds before it authenticates (JSON that does not parse, a body that is not JSON) are
 * first put through the same gate as every call — no valid token is a 401, a used-up day a 429 — so
 * that the answer and the counters do not depend on which stage noticed the problem.
 */
import type { ErrorTable, MockReply, RequestInfo, ValidationIssue } from '../../engine/kit/index.js';
import { admit, callerUsage } from './auth.js';
import { invalidInput, MESSAGES, plaspyError } from './bodies.js';
import type { PlaspyState } from './state.js';

type Req = RequestInfo<PlaspyState>;

/** The token call is the only one without a bearer token. */
const isSecured = (req: Req) => req.operationId !== undefined && req.operationId !== 'getToken';

/** The refusal a secured call gets before its body is even looked at, if any. */
function gate(req: Req): MockReply | undefined {
  if (!isSecured(req)) return undefined;
  const admission = admit(req);
  return admission.ok ? undefined : admission.reply;
}

const error = <S extends number>(status: S, message: string, req: Req) =>
  plaspyError(status, message, { usage: callerUsage(req), operationId: req.operationId });

/** Where a failing value is: `name`, `devices.1`, `operation 0: path`, `query parameter page`. */
function fieldOf(i: ValidationIssue, operationId?: string): string {
  const path = i.path.map(String);
  if (i.in === 'query') return `query parameter ${path.join('.')}`;
  if (i.in === 'header') return `header ${path.join('.')}`;
  if (i.in === 'path') return path.join('.') || 'the path';
  if (operationId === 'patchGroup' && path.length && /^\d+$/.test(path[0]!)) {
    const rest = path.slice(1).join('.');
    return `operation ${path[0]}${rest ? `: ${rest}` : ''}`;
  }
  return path.join('.') || 'the request body';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  array: 'an array',
  object: 'an object',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/** One rule a request broke, as a sentence that names the field. */
export function describeIssue(i: ValidationIssue, operationId?: string): string {
  const field = fieldOf(i, operationId);
  const p = i.params as Record<string, unknown>;
  if (i.in === 'body' && i.path.length === 0 && i.keyword === 'required') return 'the request body is required';
  if (i.in === 'query' && (i.keyword === 'additionalProperties' || /^unknown query parameter/i.test(i.message)))
    return `${field} is not allowed`;
  if (i.keyword === 'required') return `${field} is required`;
  if (i.path.at(-1) === 'name' && i.path.length === 1 && (i.keyword === 'minLength' || i.keyword === 'pattern'))
    return 'name must be a non-empty string';
  if (i.keyword === 'type')
    return `${field} must be ${[p.type]
      .flat()
      .map((t) => TYPE_NAMES[String(t)] ?? String(t))
      .join(' or ')}`;
  if (i.keyword === 'uniqueItems') return `${field} must not list a device twice`;
  if (i.keyword === 'enum') return `${field} must be one of ${[p.allowedValues].flat().join(', ')}`;
  if (i.keyword === 'minLength') return `${field} must not be empty`;
  return `${field} ${i.message}`;
}

/** `Invalid input: a; b.` for every distinct rule broken. */
export function invalidInputFor(issues: ValidationIssue[], operationId?: string): string {
  const texts = [...new Set(issues.map((i) => describeIssue(i, operationId)))];
  return invalidInput(texts.join('; ') || 'the request does not match the API');
}

export const errorTable: ErrorTable<PlaspyState> = {
  validation: (p, req) => error(400, invalidInputFor(p.issues, req.operationId), req),
  parse: (p, req) => gate(req) ?? error(400, invalidInput(`the body is not valid JSON (${p.detail})`), req),
  unknownPath: (_p, req) => error(404, MESSAGES.unknownPath, req),
  methodNotAllowed: (_p, req) => error(405, MESSAGES.methodNotAllowed, req),
  payloadTooLarge: (p, req) => error(413, `The request body is larger than ${p.limit}.`, req),
  unsupportedMediaType: (_p, req) => gate(req) ?? error(415, MESSAGES.unsupportedMediaType, req),
  prefer: (p, req) => error(400, invalidInput(`${p.detail} Available: ${p.available.join('; ')}`), req),
  rateLimited: (_p, req) => error(429, MESSAGES.tooManyRequests, req),
  internal: (_p, req) => error(500, MESSAGES.internal, req),
  // Before any routing: no token was read, so no counters.
  headersTooLarge: (p) => plaspyError(431, `The request line and headers are larger than ${p.limitBytes} bytes.`),
  malformedRequest: (p) => plaspyError(400, invalidInput(`the request is not valid HTTP/1.1 (${p.detail})`)),
};
