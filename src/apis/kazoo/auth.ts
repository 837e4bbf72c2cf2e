/**
 * Crossbar authentication and authorization: a token from `user_auth`/`api_auth` in `X-Auth-Token`,
 * `Authorization: Bearer` or `?auth_token=` (the spec's three security schemes); unknown, missing or
 * idle-expired → 401; a token may act on its own account and the accounts below it, any other
 * account → 403.
 */
import {
  boundTokens,
  checkToken,
  issueToken,
  limitsOf,
  own,
  type NamespaceView,
  type RequestInfo,
  type SecurityCheck,
} from '../../engine/kit/index.js';
import { badIdentifier, invalidCredentials, kazooError, TOKEN_READERS } from './envelope.js';
import type { KazooState, KazooToken } from './state.js';

/** Crossbar's default auth token lifetime without use (`crossbar.auth` `token_expiration`). */
export const TOKEN_POLICY = { idleMs: 3600 * 1000 };

export interface KazooPrincipal {
  token: string;
  account_id: string;
  owner_id?: string;
}

/** Whether `ancestor` is `account` or above it in the reseller tree. */
export function isAncestor(state: KazooState, ancestor: string, account: string): boolean {
  for (let at: string | null | undefined = account, hops = 0; at && hops < 64; hops++) {
    if (at === ancestor) return true;
    at = own(state.accounts, at)?.parent_id;
  }
  return false;
}

export function issueKazooToken(
  ns: NamespaceView<KazooState>,
  account_id: string,
  method: KazooToken['method'],
  owner_id?: string,
): string {
  const token = issueToken(ns.state.tokens, ns, { account_id, method, ...(owner_id ? { owner_id } : {}) });
  // A client logging in on every loop: idle-expired tokens are forgotten, and past the limit the oldest.
  boundTokens(ns.state.tokens, ns.clock, TOKEN_POLICY, limitsOf(ns).maxTokens);
  return token;
}

/** The token a scheme read, checked: known, not idle past an hour, and allowed on the account of the path. */
function checkKazooToken(req: RequestInfo<KazooState>, token: string | undefined) {
  if (token === undefined) return { ok: false as const, reply: invalidCredentials(req), absent: true };
  const { state, clock } = req.ns;
  const found = checkToken(state.tokens, token, clock, TOKEN_POLICY);
  if (found.status !== 'valid') return { ok: false as const, reply: invalidCredentials(req) };
  const { record } = found;
  const target = req.params.ACCOUNT_ID;
  if (target && target !== record.account_id) {
    if (!own(state.accounts, target)) {
      // Only a reseller could see that it does not exist; others are simply not allowed.
      const reseller = Object.values(state.accounts).some((a) => a.parent_id === record.account_id);
      return {
        ok: false as const,
        reply: reseller ? badIdentifier(req, target) : kazooError(req, 403, 'forbidden', { message: 'forbidden' }),
      };
    }
    if (!isAncestor(state, record.account_id, target))
      return { ok: false as const, reply: kazooError(req, 403, 'forbidden', { message: 'forbidden' }) };
  }
  return {
    ok: true as const,
    principal: { token, account_id: record.account_id, ...(record.owner_id ? { owner_id: record.owner_id } : {}) },
  };
}

type Check = SecurityCheck<KazooState, KazooPrincipal>;

/** One check per security scheme of `openapi/kazoo.yaml`, each reading the token where its scheme says. */
export const security: Record<keyof typeof TOKEN_READERS, Check> = {
  authToken: (req) => checkKazooToken(req, TOKEN_READERS.authToken(req)),
  bearer: (req) => checkKazooToken(req, TOKEN_READERS.bearer(req)),
  authTokenQuery: (req) => checkKazooToken(req, TOKEN_READERS.authTokenQuery(req)),
};
