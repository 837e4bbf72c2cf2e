/**
 * Engine problems in Crossbar's words. Validation errors follow kazoo_json_schema: `data` keyed by
 * the field (dotted path inside `data`), then by the failed rule, with Kazoo's messages.
 */
import { own, setOwn, type ErrorTable, type ValidationIssue } from '../../engine/kit/index.js';
import { kazooError } from './envelope.js';

function ruleMessage(i: ValidationIssue): Record<string, unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: Ajv's params differ by keyword (limit, missingProperty, …); each use below reads the one its keyword has
  const p = i.params as Record<string, any>;
  const withValue = (msg: string, extra: Record<string, unknown> = {}) =>
    i.value === undefined ? { message: msg, ...extra } : { message: msg, ...extra, cause: i.value, value: i.value };
  switch (i.keyword) {
    case 'required':
      return { message: 'Field is required but missing' };
    case 'maxLength':
      return withValue(`String must not be more than ${p.limit} characters`, { target: p.limit });
    case 'minLength':
      return withValue(`String must be at least ${p.limit} characters`, { target: p.limit });
    case 'type':
      return p.type === undefined
        ? withValue(i.message)
        : withValue(`Value did not match type(s): ${[p.type].flat().join(', ')}`, { target: p.type });
    case 'enum':
      return withValue('Value not found in enumerated list of values', { target: p.allowedValues });
    case 'pattern':
      return withValue(`Failed to match pattern: ${p.pattern}`, { target: p.pattern });
    case 'minimum':
      return withValue(`Value must be at least ${p.limit}`, { target: p.limit });
    case 'maximum':
      return withValue(`Value must be at most ${p.limit}`, { target: p.limit });
    default:
      return withValue(i.message);
  }
}

/** The field a rule is reported under: body paths drop the envelope's `data`, params keep their name. */
function fieldName(i: ValidationIssue): string {
  const path = i.in === 'body' && i.path[0] === 'data' ? i.path.slice(1) : i.path;
  return path.length ? path.join('.') : i.in === 'body' ? 'data' : i.in;
}

/**
 * `{field: {rule: {message, ...}}}`. Field names and keywords come from the request (an unknown
 * query parameter named `__proto__`), so both levels are written as own keys.
 */
export function validationData(issues: ValidationIssue[]): Record<string, Record<string, unknown>> {
  const data: Record<string, Record<string, unknown>> = {};
  for (const i of issues) {
    const field = fieldName(i);
    let rules = own(data, field);
    if (!rules) {
      rules = {};
      setOwn(data, field, rules);
    }
    setOwn(rules, i.keyword, ruleMessage(i));
  }
  return data;
}

/** Engine problems in Crossbar's words. */
export const errors: ErrorTable = {
  validation: (p, req) => kazooError(req, 400, 'validation error', validationData(p.issues)),
  parse: (_p, req) => kazooError(req, 400, 'parse_error', { message: 'failed to parse request body' }),
  unknownPath: (_p, req) => kazooError(req, 404, 'not_found', { message: 'not found' }),
  methodNotAllowed: (_p, req) => kazooError(req, 405, 'invalid_method', { message: 'invalid method' }),
  payloadTooLarge: (_p, req) => kazooError(req, 413, 'request_too_large', { message: 'request body too large' }),
  unsupportedMediaType: (p, req) =>
    kazooError(req, 415, 'unsupported_media_type', { message: `unsupported content type ${p.contentType}` }),
  prefer: (p, req) => kazooError(req, 400, 'invalid_prefer_header', { message: p.detail, available: p.available }),
  rateLimited: (_p, req) => kazooError(req, 429, 'too_many_requests', { message: 'too many requests' }),
  internal: (p, req) =>
    kazooError(req, 500, 'internal_server_error', { message: 'internal server error', detail: p.detail }),
  headersTooLarge: (p, req) =>
    kazooError(req, 431, 'request_headers_too_large', { message: 'request headers too large', limit: p.limitBytes }),
  malformedRequest: (p, req) =>
    kazooError(req, 400, 'malformed_request', { message: 'malformed request', detail: p.detail }),
};
