/**
 * Bold's error answers: `{message, code, errorMessage, errorCode}` (the two pairs say the same), with
 * the documented texts ("Insufficient rights", "Device group not found", "Device must be
 * registered", ...) and, for 401, the `{errorMessage}` a client of the real API recorded. Engine
 * problems (bad parameters, unknown paths, ...) are put in the same words here.
 */
import type { ErrorTable, ValidationIssue } from '../../engine/kit/index.js';
import type { BoldState } from './state.js';

export type BoldError = { message: string; code: string; errorMessage: string; errorCode: string };

export const boldError = <S extends number>(status: S, code: string, message: string) => ({
  status,
  body: { message, code, errorMessage: message, errorCode: code } satisfies BoldError,
});

export const errors = {
  unauthorized: () => ({
    status: 401 as const,
    body: { errorMessage: 'Authentication is possible but has failed or not yet been provided.' },
  }),
  insufficientRights: () => boldError(403, 'InsufficientRights', 'Insufficient rights'),
  groupNotFound: () => boldError(404, 'DeviceGroupNotFound', 'Device group not found'),
  deviceNotFound: () => boldError(404, 'DeviceNotFound', 'Device not found'),
  notInGroup: () => boldError(404, 'DeviceNotInDeviceGroup', 'Device is not in the device group'),
  notRegistered: () => boldError(400, 'DeviceNotRegistered', 'Device must be registered'),
  otherAccount: () =>
    boldError(400, 'DeviceGroupAndDeviceNotSameAccount', 'Group and device do not belong to the same account'),
  invalid: (detail: string) => boldError(400, 'InvalidRequest', `Invalid request: ${detail}`),
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Where the failing value is: `query parameter size`, `id`, `name`, `the request body`. */
function fieldOf(i: ValidationIssue): string {
  const path = i.path.map(String).join('.');
  if (i.in === 'query') return `query parameter ${path}`;
  if (i.in === 'header') return `header ${path}`;
  return path || (i.in === 'path' ? 'the path' : 'the request body');
}

/** One broken rule as a phrase naming the field. */
export function describeIssue(i: ValidationIssue): string {
  const field = fieldOf(i);
  const p = i.params as Record<string, unknown>;
  if (i.in === 'body' && i.path.length === 0 && i.keyword === 'required') return 'the request body is required';
  if (i.keyword === 'required') return `${field} is required`;
  if (i.keyword === 'type')
    return `${field} must be ${[p.type]
      .flat()
      .map((t) => TYPE_NAMES[String(t)] ?? String(t))
      .join(' or ')}`;
  if (i.keyword === 'maximum') return `${field} must be at most ${p.limit}`;
  if (i.keyword === 'minimum') return `${field} must be at least ${p.limit}`;
  if (i.keyword === 'maxLength') return `${field} must be at most ${p.limit} characters`;
  if (i.keyword === 'minLength' || (i.keyword === 'pattern' && i.path.at(-1) === 'name'))
    return `${field} must not be empty`;
  if (i.keyword === 'enum') return `${field} must be one of ${[p.allowedValues].flat().join(', ')}`;
  if (i.keyword === 'additionalProperties' || /unknown query parameter/i.test(i.message))
    return `${field} is not allowed`;
  return `${field} ${i.message}`;
}

export const invalidRequest = (issues: ValidationIssue[]) =>
  errors.invalid([...new Set(issues.map(describeIssue))].join('; ') || 'the request does not match the API');

export const errorTable: ErrorTable<BoldState> = {
  validation: (p) => invalidRequest(p.issues),
  parse: (p) => errors.invalid(`the body is not valid JSON (${p.detail})`),
  unknownPath: () => boldError(404, 'NotFound', 'Resource not found'),
  methodNotAllowed: () => boldError(405, 'MethodNotAllowed', 'Method not allowed'),
  payloadTooLarge: (p) => boldError(413, 'PayloadTooLarge', `The request body is larger than ${p.limit}.`),
  unsupportedMediaType: () =>
    boldError(415, 'UnsupportedMediaType', 'The request body must be JSON (application/json).'),
  prefer: (p) => errors.invalid(`${p.detail} Available: ${p.available.join('; ')}`),
  rateLimited: () => boldError(429, 'TooManyRequests', 'Too many requests. Try again later.'),
  internal: () => boldError(500, 'InternalServerError', 'Internal server error'),
  headersTooLarge: (p) =>
    boldError(
      431,
      'RequestHeaderFieldsTooLarge',
      `The request line and headers are larger than ${p.limitBytes} bytes.`,
    ),
  malformedRequest: (p) => errors.invalid(`the request is not valid HTTP/1.1 (${p.detail})`),
};
