/**
 * Engine problems in Crossbar's words. Validation errors follow kazoo_json_schema: `data` keyed by
 * the field (dotted path inside `data`), then by the failed rule, with Kazoo's messages.
 */
import type { MockReply, Problem, RequestInfo, ValidationIssue } from '../../engine/types.js';
import { kazooError } from './envelope.js';

function ruleMessage(i: ValidationIssue): Record<string, unknown> {
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
      return withValue(`Value did not match type(s): ${[p.type].flat().join(', ')}`, { target: p.type });
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

export function validationData(issues: ValidationIssue[]): Record<string, Record<string, unknown>> {
  const data: Record<string, Record<string, unknown>> = {};
  for (const i of issues) (data[fieldName(i)] ??= {})[i.keyword] = ruleMessage(i);
  return data;
}

export function renderKazooError(problem: Problem, req: RequestInfo<unknown>): MockReply {
  switch (problem.kind) {
    case 'validation':
      return kazooError(req, 400, 'validation error', validationData(problem.issues));
    case 'parse':
      return kazooError(req, 400, 'parse_error', { message: 'failed to parse request body' });
    case 'unknownPath':
      return kazooError(req, 404, 'not_found', { message: 'not found' });
    case 'methodNotAllowed':
      return kazooError(req, 405, 'invalid_method', { message: 'invalid method' });
    case 'payloadTooLarge':
      return kazooError(req, 413, 'request_too_large', { message: 'request body too large' });
    case 'unsupportedMediaType':
      return kazooError(req, 415, 'unsupported_media_type', { message: `unsupported content type ${problem.contentType}` });
    case 'prefer':
      return kazooError(req, 400, 'invalid_prefer_header', { message: problem.detail, available: problem.available });
    case 'rateLimited':
      return kazooError(req, 429, 'too_many_requests', { message: 'too many requests' });
    case 'internal':
      return kazooError(req, 500, 'internal_server_error', { message: 'internal server error', detail: problem.detail });
  }
}
