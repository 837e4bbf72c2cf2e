/**
 * Who is calling Bold: the `Authorization` header holds "a bearer token or API key" — `Bearer <token>`
 * (the `bearerToken` scheme) or the key itself (`apiKey`, inferred). Either names a user of the
 * namespace with a role and organizations. Operations ask for a right (`read`, `write`) as the scope
 * of their scheme; a role without it is 403 "Insufficient rights". Organizations are checked by the
 * handlers (`canSee`), as they depend on what the request names.
 */
import {
  headerOf,
  own,
  schemeToken,
  type AuthResult,
  type RequestInfo,
  type SecurityCheck,
} from '../../engine/kit/index.js';
import { errors } from './errors.js';
import { ROLES, type BoldState, type BoldUser } from './state.js';

export interface BoldPrincipal {
  /** The user's key in the state's `users`. */
  userName: string;
}

type Req = RequestInfo<BoldState>;

function admit(
  req: Req,
  credential: string,
  kind: 'token' | 'apiKey',
  rights: readonly string[],
): AuthResult<BoldPrincipal> {
  const record = own(req.ns.state.credentials, credential);
  const user = record && record.kind === kind ? own(req.ns.state.users, record.user) : undefined;
  if (!record || !user) return { ok: false, reply: errors.unauthorized() };
  const granted: readonly string[] = ROLES[user.role];
  if (!rights.every((r) => granted.includes(r))) return { ok: false, reply: errors.insufficientRights() };
  return { ok: true, principal: { userName: record.user } };
}

/** `Authorization: Bearer <token>`; anything else in the header is not this scheme's. */
const bearerToken: SecurityCheck<BoldState, BoldPrincipal> = (req, rights) => {
  const token = schemeToken(req.headers, 'Bearer');
  if (token === undefined) return { ok: false, reply: errors.unauthorized(), absent: true };
  return admit(req, token, 'token', rights);
};

/** `Authorization: <key>`: one word, no scheme. */
const apiKey: SecurityCheck<BoldState, BoldPrincipal> = (req, rights) => {
  const value = headerOf(req.headers, 'authorization')?.trim();
  if (!value || /\s/.test(value)) return { ok: false, reply: errors.unauthorized(), absent: true };
  return admit(req, value, 'apiKey', rights);
};

export const security = { bearerToken, apiKey };

/** The caller (the security check admitted it, so it exists). */
export function userOf(state: BoldState, principal: BoldPrincipal): BoldUser {
  const user = own(state.users, principal.userName);
  if (!user) throw new Error(`no user ${principal.userName}`);
  return user;
}

/** Whether the caller belongs to the organization. */
export const belongsTo = (user: BoldUser, organizationId: number): boolean =>
  user.organizations.includes(organizationId);
