/**
 * Crossbar authentication and authorization: a token from `user_auth`/`api_auth` in `X-Auth-Token`
 * (or Bearer, or `?auth_token=`); unknown, missing or idle-expired → 401; a token may act on its own
 * account and the accounts below it, any other account → 403.
 */
import type { AuthResult, NamespaceView, RequestInfo } from '../../engine/types.js';
import { badIdentifier, invalidCredentials, kazooError, tokenOf } from './envelope.js';
import type { KazooState } from './state.js';

/** Crossbar's default auth token lifetime without use (`crossbar.auth` `token_expiration`). */
export const TOKEN_IDLE_MS = 3600 * 1000;

export interface KazooPrincipal {
  token: string;
  account_id: string;
  owner_id?: string;
}

/** Whether `ancestor` is `account` or above it in the reseller tree. */
export function isAncestor(state: KazooState, ancestor: string, account: string): boolean {
  for (let at: string | null | undefined = account, hops = 0; at && hops < 64; hops++) {
    if (at === ancestor) return true;
    at = state.accounts[at]?.parent_id;
  }
  return false;
}

export function issueToken(ns: NamespaceView<KazooState>, account_id: string, method: 'user_auth' | 'api_auth', owner_id?: string): string {
  const token = ns.rng.hex(48);
  ns.state.tokens[token] = { account_id, method, last_used: ns.clock.now(), ...(owner_id ? { owner_id } : {}) };
  return token;
}

export function authenticateKazoo(req: RequestInfo<KazooState>): AuthResult<KazooPrincipal> {
  const { state, clock } = req.ns;
  const token = tokenOf({ ...req, query: req.query });
  const record = token ? state.tokens[token] : undefined;
  if (!token || !record) return { ok: false, reply: invalidCredentials(req) };
  if (clock.now() - record.last_used > TOKEN_IDLE_MS) {
    delete state.tokens[token];
    return { ok: false, reply: invalidCredentials(req) };
  }
  record.last_used = clock.now();
  const target = req.params.ACCOUNT_ID;
  if (target && target !== record.account_id) {
    if (!state.accounts[target]) {
      // Only a reseller could see that it does not exist; others are simply not allowed.
      const reseller = Object.values(state.accounts).some((a) => a.parent_id === record.account_id);
      return { ok: false, reply: reseller ? badIdentifier(req, target) : kazooError(req, 403, 'forbidden', { message: 'forbidden' }) };
    }
    if (!isAncestor(state, record.account_id, target)) return { ok: false, reply: kazooError(req, 403, 'forbidden', { message: 'forbidden' }) };
  }
  return { ok: true, principal: { token, account_id: record.account_id, owner_id: record.owner_id } };
}
