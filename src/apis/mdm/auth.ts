/**
 * MDM's one credential: a Zoho OAuth access token sent as `Authorization: Zoho-oauthtoken <token>`.
 * The spec's `zohoOAuth` scheme lists, per operation, the scope it needs; a token passes when it was
 * granted that scope or `MDMOnDemand.MDMDeviceMgmt.ALL` (scope names compared without regard to case,
 * as Zoho's accounts server does). No or an unknown token is 401; a known token without the scope 403.
 */
import { own, schemeToken, type SecurityCheck } from '../../engine/kit/index.js';
import { errors } from './errors.js';
import { SCOPE_PREFIX, type MdmState } from './state.js';

export const ALL_SCOPE = `${SCOPE_PREFIX}ALL`;

/** Who is calling: the token and what it was granted. */
export interface MdmPrincipal {
  token: string;
  scopes: string[];
}

/** Whether scopes granted to a token cover the scope an operation needs. */
export function covers(granted: readonly string[], needed: string): boolean {
  const have = new Set(granted.map((s) => s.toLowerCase()));
  return have.has(ALL_SCOPE.toLowerCase()) || have.has(needed.toLowerCase());
}

const zohoOAuth: SecurityCheck<MdmState, MdmPrincipal> = (req, scopes) => {
  const token = schemeToken(req.headers, 'Zoho-oauthtoken');
  const record = token === undefined ? undefined : own(req.ns.state.tokens, token);
  if (!token || !record)
    return { ok: false, reply: errors.invalidToken(), absent: req.headers.authorization === undefined };
  const missing = scopes.find((s) => !covers(record.scopes, s));
  if (missing) return { ok: false, reply: errors.missingScope(missing) };
  return { ok: true, principal: { token, scopes: [...record.scopes] } };
};

export const security = { zohoOAuth };
