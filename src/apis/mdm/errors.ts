/**
 * MDM's error body `{error_code, error_description, localized_error_description}` and every error the
 * mock gives in it: the COM/GRP codes of MDM's server code, at the statuses `openapi/mdm.yaml` infers
 * (400 input, 401 token, 403 scope, 404 unknown path id, 409 duplicates), and the engine's own
 * problems (validation, parse, routing) in the same words. The mock answers in English, so the
 * localized description repeats the description.
 */
import type { components } from '../../generated/mdm.js';
import { limitsOf, type ErrorTable, type NamespaceView, type ValidationIssue } from '../../engine/kit/index.js';

export type ErrorResponse = components['schemas']['ErrorResponse'];

export const mdmError = <S extends number>(
  status: S,
  error_code: string,
  text: string,
): { status: S; body: ErrorResponse } => ({
  status,
  body: { error_code, error_description: text, localized_error_description: text },
});

const kindName = (groupType: number) => (groupType === 6 ? 'device' : 'user');

/** The errors handlers give, one per named example of the spec. */
export const errors = {
  /** A create past `--max-resources` (docs/memory.md; inferred: MDM documents no such limit), as bad input. */
  groupLimitReached: (ns: Pick<NamespaceView<unknown>, 'limits'>) =>
    mdmError(
      400,
      'COM0005',
      `Group limit reached: the namespace holds ${limitsOf(ns).maxResources} groups, the most it may (--max-resources); delete some or reset the namespace.`,
    ),
  invalidToken: () =>
    mdmError(401, 'COM0013', 'Invalid OAuth token. Send Authorization Zoho-oauthtoken with a valid access token.'),
  missingScope: (scope: string) => mdmError(403, 'COM0014', `The OAuth token does not have the scope ${scope}.`),
  groupNotFound: (id: string) => mdmError(404, 'COM0008', `Invalid group_id ${id}. No such group exists.`),
  groupIdsNotFound: (field: string, ids: string[]) =>
    mdmError(400, 'COM0008', `Invalid ${field} ${ids.join(', ')}. No such group exists.`),
  /** A member id in the body (400) or the path (404) that is no device or user of the customer. */
  memberNotFound: <S extends 400 | 404>(status: S, ids: string[], groupType: number) =>
    mdmError(status, 'COM0008', `Invalid member_ids ${ids.join(', ')}. No such ${kindName(groupType)} exists.`),
  wrongMemberType: (memberId: string, groupType: number) =>
    mdmError(
      400,
      'COM0015',
      `Member ${memberId} is a ${kindName(groupType === 6 ? 7 : 6)}: a ${kindName(groupType)} group (group_type ${groupType}) takes ${kindName(groupType)} ids only.`,
    ),
  wrongTargetType: (targetId: string, why: string) =>
    mdmError(400, 'COM0015', `Target group ${targetId} ${why}: members move between groups of one type only.`),
  alreadyMember: (ids: string[]) => mdmError(409, 'GRP0001', `Member ${ids.join(', ')} is already in the group.`),
  notMember: (ids: string[]) => mdmError(400, 'GRP0002', `Member ${ids.join(', ')} is not in the group.`),
  nameExists: (name: string) => mdmError(409, 'COM0010', `A group named ${name} already exists.`),
  nothingToChange: () => mdmError(400, 'COM0005', 'name, description or member_ids: at least one is required'),
  bodyMissing: () => mdmError(400, 'COM0006', 'The request body is missing or is not valid JSON.'),
  invalidSkipToken: () => mdmError(400, 'COM0003', 'Invalid skip-token.'),
  invalidGroupTypeFilter: (value: string) =>
    mdmError(400, 'COM0024', `group_type: ${value} is not a group type (6, 7, 11)`),
  invalidInclude: (value: string, allowed: readonly string[]) =>
    mdmError(400, 'COM0008', `Invalid include value ${value}: use ${allowed.join(', ')}.`),
  appNotFound: (appId: string, associated = false) =>
    mdmError(
      400,
      'COM0008',
      associated
        ? `Invalid app_id ${appId}. The app is not associated to the group.`
        : `Invalid app_id ${appId}. No such app exists.`,
    ),
  releaseLabelNotFound: (appId: string, labelId: string) =>
    mdmError(400, 'COM0008', `Invalid release_label_id ${labelId} for app ${appId}.`),
  profileNotFound: (ids: string[], associated = false) =>
    mdmError(
      400,
      'COM0008',
      associated
        ? `Invalid profile_ids ${ids.join(', ')}. Not associated to the group.`
        : `Invalid profile_ids ${ids.join(', ')}. No such profile exists.`,
    ),
};

const fieldPath = (i: ValidationIssue) => i.path.join('.') || (i.in === 'body' ? 'request body' : i.in);

function ruleText(i: ValidationIssue): string {
  if (i.keyword === 'required') return 'is required';
  if (i.keyword === 'pattern' && i.params.pattern === '\\S') return 'must contain a character other than white space';
  if (i.keyword === 'enum' && i.path[0] === 'group_type') return 'must be one of 6 (Device Group), 7 (User Group)';
  if (i.keyword === 'enum')
    return `must be one of ${[(i.params as { allowedValues?: unknown[] }).allowedValues ?? []].flat().join(', ')}`;
  return i.message;
}

const describe = (issues: ValidationIssue[]) => issues.map((i) => `${fieldPath(i)}: ${ruleText(i)}`).join('; ');

const INCLUDES: Record<string, readonly string[]> = {
  getGroup: ['summary', 'member', 'memberdetails'],
  listGroupMembers: ['memberdetails'],
};

/**
 * A request that breaks the spec, in MDM's words: no body COM0006; an id in the path that is no id
 * 404 COM0008 (it names no group); an unknown `include` COM0008; another query value COM0024; a body
 * field COM0005. Each message names the field and the rule.
 */
export function validationError(issues: ValidationIssue[], operationId: string | undefined) {
  if (issues.some((i) => i.in === 'body' && i.path.length === 0 && i.keyword === 'required'))
    return errors.bodyMissing();
  const path = issues.find((i) => i.in === 'path');
  if (path)
    return mdmError(
      404,
      'COM0008',
      `Invalid ${path.path[0] ?? 'id'} ${String(path.value ?? '')}. No such resource exists.`,
    );
  const include = issues.find((i) => i.in === 'query' && i.path[0] === 'include');
  if (include) return errors.invalidInclude(String(include.value ?? ''), INCLUDES[operationId ?? ''] ?? []);
  const query = issues.filter((i) => i.in === 'query');
  if (query.length) return mdmError(400, 'COM0024', describe(query));
  const body = issues.filter((i) => i.in === 'body');
  return mdmError(400, 'COM0005', describe(body.length ? body : issues));
}

export const errorTable: ErrorTable = {
  validation: (p, req) => validationError(p.issues, req.operationId),
  parse: () => errors.bodyMissing(),
  unknownPath: () => mdmError(404, 'COM0008', 'The requested resource does not exist.'),
  methodNotAllowed: (_p, req) => mdmError(405, 'COM0015', `The method ${req.method} is not allowed on this resource.`),
  payloadTooLarge: (p) => mdmError(413, 'COM0005', `The request body is larger than ${p.limit}.`),
  unsupportedMediaType: (p) =>
    mdmError(415, 'COM0006', `Unsupported content type ${p.contentType || '(none)'}: send application/json.`),
  prefer: (p) => mdmError(400, 'COM0005', `${p.detail} Available: ${p.available.join('; ')}`),
  rateLimited: () => mdmError(429, 'COM0021', 'The API rate limit was exceeded. Try again after the lock period.'),
  internal: () => mdmError(500, 'COM0004', 'Internal server error.'),
  headersTooLarge: (p) =>
    mdmError(431, 'COM0005', `The request line and headers are larger than ${p.limitBytes} bytes.`),
  malformedRequest: (p) => mdmError(400, 'COM0005', `The request is not valid HTTP/1.1: ${p.detail}.`),
};
