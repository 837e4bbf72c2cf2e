/**
 * ThingSpace's two credentials, as the spec's three security schemes. `basicAuth` (the token call):
 * the OAuth app's key and secret. `bearerAuth`: the OAuth access token (`POST /api/ts/v1/oauth2/token`),
 * which lives an hour and is checked by the API gateway (401 `fault` bodies). `m2mSession`: the
 * session token (`POST /session/login`, sent as `VZ-M2M-Token`), which expires after 20 minutes
 * without use and is checked by the M2M service (400 `SessionToken` errors). The spec says which
 * call needs which: the token call Basic only, login the bearer only, everything else both.
 */
import {
  basicCredentials,
  boundTokens,
  checkToken,
  headerOf,
  issueToken,
  limitsOf,
  own,
  remainingMs,
  schemeToken,
  sweepTokens,
  type NamespaceView,
  type SecurityCheck,
} from '../../engine/kit/index.js';
import { errors, gateway, invalidClient } from './errors.js';
import type { ThingSpaceState } from './state.js';

export const TOKEN_POLICY = { lifetimeMs: 3600 * 1000 };
export const SESSION_POLICY = { idleMs: 20 * 60 * 1000 };
export const MAX_FAILED_LOGINS = 5;
/** Sessions idle this long are forgotten when another login happens (they answer Invalid, not Expired). */
const SESSION_FORGET_POLICY = { idleMs: 24 * 3600 * 1000 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who is calling: the app (every call), its access token (all but the token call), the M2M user (group calls). */
export interface ThingSpacePrincipal {
  appKey?: string;
  accessToken?: string;
  username?: string;
  sessionToken?: string;
}

type Check = SecurityCheck<ThingSpaceState, ThingSpacePrincipal>;

/** Basic key:secret of a registered OAuth app. */
const basicAuth: Check = (req) => {
  const sent = basicCredentials(req.headers);
  if (!sent) return { ok: false, reply: gateway.missingBasic(), absent: true };
  const app = own(req.ns.state.oauthApps, sent.user);
  if (!app || app.secret !== sent.password) return { ok: false, reply: invalidClient() };
  return { ok: true, principal: { appKey: sent.user } };
};

/** A bearer token the gateway knows and that has not expired. */
const bearerAuth: Check = (req) => {
  const token = schemeToken(req.headers, 'Bearer');
  if (!token)
    return {
      ok: false,
      reply: gateway.missingCredentials(),
      absent: headerOf(req.headers, 'authorization') === undefined,
    };
  const found = checkToken(req.ns.state.accessTokens, token, req.ns.clock, TOKEN_POLICY, { touch: false });
  if (found.status !== 'valid') return { ok: false, reply: gateway.invalidCredentials() };
  return { ok: true, principal: { appKey: found.record.appKey, accessToken: token } };
};

/** The `VZ-M2M-Token` session; a successful use keeps it alive another 20 minutes. */
const m2mSession: Check = (req) => {
  const token = headerOf(req.headers, 'vz-m2m-token')?.trim();
  if (!token || !UUID.test(token)) return { ok: false, reply: errors.sessionTokenMissing(), absent: !token };
  const { state, clock } = req.ns;
  const found = checkToken(state.sessions, token, clock, SESSION_POLICY, { keepExpired: true });
  if (found.status === 'unknown' || !own(state.users, found.record.username))
    return { ok: false, reply: errors.sessionInvalid() };
  if (found.status === 'expired') return { ok: false, reply: errors.sessionExpired() };
  return { ok: true, principal: { username: found.record.username, sessionToken: token } };
};

export const security = { basicAuth, bearerAuth, m2mSession };

/**
 * The app's live token (the same one for the whole hour), or a new one. A token issued after `now`
 * (the namespace's clock was moved back) counts as expired: its `expires_in` would be over an hour.
 */
export function issueAccessToken(
  ns: NamespaceView<ThingSpaceState>,
  appKey: string,
): { token: string; expiresIn: number } {
  const { state, clock } = ns;
  sweepTokens(state.accessTokens, clock, TOKEN_POLICY);
  const now = clock.now();
  let live: [string, number] | undefined;
  for (const [token, t] of Object.entries(state.accessTokens)) {
    if (t.appKey === appKey && (!live || t.issuedAt > live[1])) live = [token, t.issuedAt];
  }
  if (live)
    return {
      token: live[0],
      expiresIn: Math.floor(remainingMs(state.accessTokens[live[0]]!, TOKEN_POLICY, now) / 1000),
    };
  const token = issueToken(state.accessTokens, ns, { appKey }, { make: (rng) => rng.hex(32) });
  return { token, expiresIn: TOKEN_POLICY.lifetimeMs / 1000 };
}

/** A new session for the user; forgets sessions idle for a day. */
export function startSession(ns: NamespaceView<ThingSpaceState>, username: string): string {
  const session = issueToken(ns.state.sessions, ns, { username }, { make: (rng) => rng.uuid() });
  // Sessions idle for a day forgotten every so often, and past the limit the oldest (docs/memory.md).
  boundTokens(ns.state.sessions, ns.clock, SESSION_FORGET_POLICY, limitsOf(ns).maxTokens);
  return session;
}
