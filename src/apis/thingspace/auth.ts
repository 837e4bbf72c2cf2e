/**
 * ThingSpace's two credentials. The OAuth bearer token (`POST /api/ts/v1/oauth2/token`, Basic
 * key:secret) lives an hour and is checked by the API gateway (401 `fault` bodies). The M2M session
 * token (`POST /session/login`, sent as `VZ-M2M-Token`) expires after 20 minutes without use and is
 * checked by the M2M service (400 `SessionToken` errors). Which credentials a call needs:
 * the token call Basic only, login the bearer only, everything else both.
 */
import type { AuthResult, MockReply, NamespaceView, RequestInfo } from '../../engine/types.js';
import { errors, gateway, invalidClient } from './errors.js';
import { own, type ThingSpaceState } from './state.js';

export const TOKEN_LIFETIME_MS = 3600 * 1000;
export const SESSION_IDLE_MS = 20 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
/** Sessions idle this long are forgotten when another login happens (they answer Invalid, not Expired). */
const SESSION_FORGET_MS = 24 * 3600 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ThingSpacePrincipal =
  | { kind: 'app'; appKey: string }
  | { kind: 'bearer'; appKey: string; accessToken: string }
  | { kind: 'session'; appKey: string; accessToken: string; username: string; sessionToken: string };

type Req = RequestInfo<ThingSpaceState>;
type Failure = { ok: false; reply: MockReply };

const header = (req: Req, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Basic key:secret of a registered OAuth app. */
function basicApp(req: Req): { ok: true; appKey: string } | Failure {
  const auth = header(req, 'authorization') ?? '';
  const m = /^basic\s+(\S+)\s*$/i.exec(auth);
  if (!m) return { ok: false, reply: gateway.missingBasic() };
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  const app = own(req.ns.state.oauthApps, key);
  if (!app || app.secret !== secret) return { ok: false, reply: invalidClient() };
  return { ok: true, appKey: key };
}

/** A bearer token the gateway knows and that has not expired. */
function bearer(req: Req): { ok: true; appKey: string; accessToken: string } | Failure {
  const auth = header(req, 'authorization');
  const m = auth ? /^bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (!m) return { ok: false, reply: gateway.missingCredentials() };
  const { state, clock } = req.ns;
  const token = m[1]!;
  const record = own(state.accessTokens, token);
  if (!record) return { ok: false, reply: gateway.invalidCredentials() };
  if (clock.now() >= record.issuedAt + TOKEN_LIFETIME_MS) {
    delete state.accessTokens[token];
    return { ok: false, reply: gateway.invalidCredentials() };
  }
  return { ok: true, appKey: record.appKey, accessToken: token };
}

/** The `VZ-M2M-Token` session; a successful use keeps it alive another 20 minutes. */
function session(req: Req): { ok: true; username: string; sessionToken: string } | Failure {
  const token = header(req, 'vz-m2m-token')?.trim();
  if (!token || !UUID.test(token)) return { ok: false, reply: errors.sessionTokenMissing() };
  const { state, clock } = req.ns;
  const s = own(state.sessions, token);
  if (!s || !own(state.users, s.username)) return { ok: false, reply: errors.sessionInvalid() };
  if (clock.now() - s.lastUsed > SESSION_IDLE_MS) return { ok: false, reply: errors.sessionExpired() };
  s.lastUsed = clock.now();
  return { ok: true, username: s.username, sessionToken: token };
}

export function authenticateThingSpace(req: Req): AuthResult<ThingSpacePrincipal> {
  if (req.operationId === 'getOAuthToken') {
    const app = basicApp(req);
    return app.ok ? { ok: true, principal: { kind: 'app', appKey: app.appKey } } : app;
  }
  const b = bearer(req);
  if (!b.ok) return b;
  if (req.operationId === 'startSession') return { ok: true, principal: { kind: 'bearer', appKey: b.appKey, accessToken: b.accessToken } };
  const s = session(req);
  if (!s.ok) return s;
  return { ok: true, principal: { kind: 'session', appKey: b.appKey, accessToken: b.accessToken, username: s.username, sessionToken: s.sessionToken } };
}

/**
 * The app's live token (the same one for the whole hour), or a new one. A token issued after `now`
 * (the namespace's clock was moved back) counts as expired: its `expires_in` would be over an hour.
 */
export function issueAccessToken(ns: NamespaceView<ThingSpaceState>, appKey: string): { token: string; expiresIn: number } {
  const { state, clock } = ns;
  const now = clock.now();
  let live: [string, number] | undefined;
  for (const [token, t] of Object.entries(state.accessTokens)) {
    if (t.appKey !== appKey) continue;
    if (now >= t.issuedAt + TOKEN_LIFETIME_MS || t.issuedAt > now) delete state.accessTokens[token];
    else if (!live || t.issuedAt > live[1]) live = [token, t.issuedAt];
  }
  if (live) return { token: live[0], expiresIn: Math.floor((live[1] + TOKEN_LIFETIME_MS - now) / 1000) };
  let token = ns.rng.hex(32);
  while (own(state.accessTokens, token)) token = ns.rng.hex(32);
  state.accessTokens[token] = { appKey, issuedAt: now };
  return { token, expiresIn: TOKEN_LIFETIME_MS / 1000 };
}

/** A new session for the user; forgets sessions idle for a day. */
export function startSession(ns: NamespaceView<ThingSpaceState>, username: string): string {
  const { state, clock } = ns;
  const now = clock.now();
  for (const [token, s] of Object.entries(state.sessions)) if (now - s.lastUsed > SESSION_FORGET_MS) delete state.sessions[token];
  let token = ns.rng.uuid();
  while (own(state.sessions, token)) token = ns.rng.uuid();
  state.sessions[token] = { username, lastUsed: now };
  return token;
}
