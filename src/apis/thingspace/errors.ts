/**
 * ThingSpace's error bodies. M2M calls answer every error with `400 {errorCode, errorMessage}`
 * (`<Service>.<CATEGORY>.<Code>`); the API gateway answers credential and routing failures with a
 * `fault`; the token endpoint speaks OAuth 2 (`{error, error_description}`). Texts follow the named
 * examples of `openapi/thingspace.yaml`, which says which ones are inferred.
 */
import type { components } from '../../generated/thingspace.js';
import { parentAt, type ErrorTable, type RequestInfo, type ValidationIssue } from '../../engine/kit/index.js';
import { showId } from './device-ids.js';

type ErrorResponse = components['schemas']['ErrorResponse'];
type GatewayFault = components['schemas']['GatewayFault'];
type OAuthError = components['schemas']['OAuthError'];

/** An M2M error: always status 400. */
export const m2mError = (errorCode: string, errorMessage: string): { status: 400; body: ErrorResponse } => ({
  status: 400,
  body: { errorCode, errorMessage },
});

/** The M2M errors the handlers give, one per named example of the spec. */
export const errors = {
  sessionExpired: () => m2mError('UnifiedWebService.REQUEST_FAILED.SessionToken.Expired', 'The Session has expired.'),
  sessionInvalid: () =>
    m2mError('UnifiedWebService.INPUT_INVALID.SessionToken.Invalid', 'The session token is invalid.'),
  sessionTokenMissing: () =>
    m2mError(
      'UnifiedWebService.REQUEST_FAILED.SessionToken.Format',
      'The session token is missing or not in the correct format.',
    ),
  accountNotFound: () => m2mError('UnifiedWebService.REQUEST_FAILED.AccountNotFound', 'The account was not found.'),
  groupNotFound: () => m2mError('DeviceGroupService.REQUEST_FAILED.GroupNotFound', 'The device group was not found.'),
  /** A create past `--max-resources` (docs/memory.md; inferred: ThingSpace documents no such limit). */
  groupLimitReached: (limit: number) =>
    m2mError(
      'DeviceGroupService.INPUT_INVALID.GroupLimitReached',
      `The namespace holds ${limit} device groups, the most it may (--max-resources); delete some or reset the namespace.`,
    ),
  groupNameExists: () =>
    m2mError('DeviceGroupService.INPUT_INVALID.GroupNameExists', 'A device group with this name already exists.'),
  defaultGroupImmutable: () =>
    m2mError(
      'DeviceGroupService.INPUT_INVALID.DefaultGroup.Immutable',
      'The default device group cannot be changed or deleted.',
    ),
  invalidDeviceId: (d: { kind?: unknown; id?: unknown }) =>
    m2mError(
      'UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid',
      `The device identifier is not valid for its kind: ${showId(d)}.`,
    ),
  deviceNotFound: (d: { kind?: unknown; id?: unknown }) =>
    m2mError(
      'UnifiedWebService.INPUT_INVALID.Device.Account.Invalid',
      `The device was not a part of the account specified: ${showId(d)}.`,
    ),
  deviceNotInGroup: (group: string, d: { kind?: unknown; id?: unknown }) =>
    m2mError(
      'DeviceGroupService.INPUT_INVALID.Device.NotInGroup',
      `The device is not in device group ${group}: ${showId(d)}.`,
    ),
  invalidCustomFieldName: () =>
    m2mError(
      'DeviceService.INPUT_INVALID.CustomField.InvalidName',
      'Invalid custom field name. Valid names are CustomField1 through CustomField5.',
    ),
  invalidCharacter: () =>
    m2mError(
      'UnifiedWebService.INPUT_INVALID.Request.InvalidCharacter',
      'There was an invalid character (’ or < or \\) in your input.',
    ),
  requestUndefined: () =>
    m2mError(
      'UnifiedWebService.INPUT_INVALID.RequestUndefined',
      'Request cannot be blank. Please provide request details.',
    ),
  loginFailed: () =>
    m2mError('UnifiedWebService.REQUEST_FAILED.Login.InvalidCredentials', 'Invalid username or password.'),
  userLocked: () =>
    m2mError(
      'UnifiedWebService.REQUEST_FAILED.Login.UserLocked',
      'The user is locked after 5 consecutive failed login attempts. Contact M2M Support to unlock it.',
    ),
  deserializationFailed: (detail: string) =>
    m2mError(
      'UnifiedWebService.INPUT_INVALID.DeserializationFailed',
      `The request body could not be read as JSON: ${detail}`,
    ),
};

const gatewayFault = <S extends number>(
  status: S,
  code: string,
  message: string,
  description: string,
): { status: S; body: GatewayFault } => ({
  status,
  body: { fault: { code, message, description } },
});

/** The API gateway's answers to a missing or bad bearer token. */
export const gateway = {
  missingCredentials: () =>
    gatewayFault(
      401,
      '900902',
      'Missing Credentials',
      'Required OAuth credentials not provided. Make sure your API invocation call has a header: "Authorization: Bearer ACCESS_TOKEN"',
    ),
  missingBasic: () =>
    gatewayFault(
      401,
      '900902',
      'Missing Credentials',
      'Required OAuth credentials not provided. Make sure your API invocation call has a header: "Authorization: Basic ACCESS_TOKEN"',
    ),
  invalidCredentials: () =>
    gatewayFault(
      401,
      '900901',
      'Invalid Credentials',
      'Access failure for API: /m2m/v1, version: v1. Make sure you have given the correct access token',
    ),
  noMatchingResource: () =>
    gatewayFault(
      400,
      '900906',
      'No matching resource found in the API for the given request',
      'Access failure for API: /m2m/v1, version: v1. Check the API documentation and add a proper REST resource path to the invocation URL',
    ),
  methodNotAllowed: () =>
    gatewayFault(
      405,
      '900906',
      'Method not allowed for given API resource',
      'Access failure for API: /m2m/v1, version: v1. Method not allowed for given API resource',
    ),
};

export const oauthError = <S extends number>(
  status: S,
  error: string,
  error_description: string,
): { status: S; body: OAuthError } => ({
  status,
  body: { error, error_description },
});

export const missingGrantType = () => oauthError(400, 'invalid_request', 'Missing grant_type parameter value');
export const invalidClient = () => oauthError(401, 'invalid_client', 'Client Authentication failed.');

/** `aname` → AccountName: the field a code names, with a capital. */
function fieldCode(i: ValidationIssue): string {
  if (i.in === 'path' && i.path[0] === 'aname') return 'AccountName';
  if (i.in === 'path' && i.path[0] === 'gname') return 'GroupName';
  const first = String(i.path[0] ?? 'Request');
  return first
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

const fieldPath = (i: ValidationIssue) => (i.path.length ? i.path.join('.') : i.in === 'body' ? 'request body' : i.in);

/** Group names' `pattern: \S`: "not only white space". */
const isBlankRule = (i: ValidationIssue) => i.keyword === 'pattern' && i.params.pattern === '\\S';

function ruleText(i: ValidationIssue): string {
  if (i.keyword === 'required') return 'is required';
  if (i.keyword === 'enum')
    return `must be one of ${[(i.params as { allowedValues?: unknown[] }).allowedValues ?? []].flat().join(', ')}`;
  if (i.keyword === 'additionalProperties') return 'is not allowed';
  if (isBlankRule(i)) return 'must contain a character other than white space';
  return i.message;
}

const isDeviceIdField = (i: ValidationIssue) =>
  i.in === 'body' && (i.path.at(-1) === 'kind' || i.path.at(-1) === 'id') && i.path.length >= 2;

const isBlank = (body: unknown) =>
  body === undefined ||
  body === null ||
  (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

/** A request that breaks the spec, in M2M words; the most specific documented code wins. */
export function validationError(issues: ValidationIssue[], body: unknown): { status: 400; body: ErrorResponse } {
  // A body the operation needs, sent blank or not at all.
  if (isBlank(body) && issues.some((i) => i.in === 'body')) return errors.requestUndefined();
  const customField = issues.find(
    (i) => i.in === 'body' && i.path[0] === 'customFieldsToUpdate' && i.path.at(-1) === 'key',
  );
  if (customField) return errors.invalidCustomFieldName();
  const device = issues.find(isDeviceIdField);
  if (device) return errors.invalidDeviceId(parentAt(body, device.path) ?? {});
  const first = issues[0];
  if (!first) return errors.requestUndefined();
  // An empty name breaks both minLength and "not only white space": the first says it all.
  const tooShort = new Set(issues.filter((i) => i.keyword === 'minLength').map((i) => `${i.in}:${fieldPath(i)}`));
  const sameField = issues.filter(
    (i) => fieldCode(i) === fieldCode(first) && !(isBlankRule(i) && tooShort.has(`${i.in}:${fieldPath(i)}`)),
  );
  return m2mError(
    `UnifiedWebService.INPUT_INVALID.${fieldCode(first)}`,
    sameField.map((i) => `${fieldPath(i)}: ${ruleText(i)}`).join('; '),
  );
}

/** The operations whose body is a form read by the gateway's OAuth endpoint. */
const isTokenCall = (req: RequestInfo<unknown>) => req.operationId === 'getOAuthToken';

/**
 * Engine problems in ThingSpace's words: the OAuth endpoint answers OAuth errors, the gateway its
 * faults (unknown resource, method, throttling), the M2M service its `{errorCode, errorMessage}`.
 */
export const errorTable: ErrorTable = {
  validation: (p, req) => (isTokenCall(req) ? missingGrantType() : validationError(p.issues, req.body)),
  parse: (p, req) => (isTokenCall(req) ? missingGrantType() : errors.deserializationFailed(p.detail)),
  unknownPath: () => gateway.noMatchingResource(),
  methodNotAllowed: () => gateway.methodNotAllowed(),
  payloadTooLarge: (p) => ({
    status: 413,
    body: {
      errorCode: 'UnifiedWebService.INPUT_INVALID.Request.TooLarge',
      errorMessage: `The request body is larger than ${p.limit}.`,
    },
  }),
  unsupportedMediaType: (p, req) =>
    isTokenCall(req)
      ? missingGrantType()
      : {
          status: 415,
          body: {
            errorCode: 'UnifiedWebService.INPUT_INVALID.ContentType',
            errorMessage: `Unsupported content type ${p.contentType || '(none)'}: send application/json.`,
          },
        },
  prefer: (p, req) =>
    isTokenCall(req)
      ? oauthError(400, 'invalid_request', p.detail)
      : m2mError('UnifiedWebService.INPUT_INVALID.Prefer', `${p.detail} Available: ${p.available.join('; ')}`),
  rateLimited: () => ({
    status: 429,
    body: { fault: { code: '900800', message: 'Message throttled out', description: 'You have exceeded your quota' } },
  }),
  headersTooLarge: (p) => ({
    status: 431,
    body: {
      errorCode: 'UnifiedWebService.INPUT_INVALID.Request.HeadersTooLarge',
      errorMessage: `The request line and headers are larger than ${p.limitBytes} bytes.`,
    },
  }),
  malformedRequest: (p) =>
    m2mError('UnifiedWebService.INPUT_INVALID.Request.Malformed', `The request is not valid HTTP/1.1: ${p.detail}.`),
  internal: () => ({
    status: 500,
    body: {
      errorCode: 'UnifiedWebService.REQUEST_FAILED.UnexpectedError',
      errorMessage: 'Unexpected error occurred. Could not complete request.',
    },
  }),
};
