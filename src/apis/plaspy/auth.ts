/**
 * Who is calling Plaspy, and whether the call is served: the bearer JWT from `POST /api/Auth/Token`
 * (signed by the mock, known to the namespace, not expired on the engine clock), then the user's
 * daily limit — a call within it is counted. The decision is made once per request (`admit`): the
 * security check uses it, and so does the error table for bad bodies the engine meets before it
 * authenticates, so that such a request is refused or counted exactly as any other.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  boundTokens,
  checkToken,
  issueToken,
  limitsOf,
  own,
  schemeToken,
  type MockReply,
  type NamespaceView,
  type RequestInfo,
  type SecurityCheck,
} from '../../engine/kit/index.js';
import { MESSAGES, plaspyError } from './bodies.js';
import { signJwt, verifyJwt, type Claims } from './jwt.js';
import type { PlaspyState, PlaspyUser } from './state.js';
import { countCall, dailyReset, overDailyLimit, usageOf, type Usage } from './usage.js';

export interface PlaspyPrincipal {
  /** The user's key in the state's `users`. */
  userName: string;
}

type Req = RequestInfo<PlaspyState>;

const policyOf = (state: PlaspyState) => ({ lifetimeMs: state.settings.tokenLifetimeSeconds * 1000 });

/** What the `Authorization` header holds, and whose it is when the mock can read it. */
type Reading =
  | { status: 'absent' | 'unreadable' | 'unknown' }
  | { status: 'expired'; user: PlaspyUser }
  | { status: 'valid'; user: PlaspyUser; userName: string };

function readToken(req: Req): Reading {
  const token = schemeToken(req.headers, 'Bearer');
  if (token === undefined) return { status: req.headers.authorization === undefined ? 'absent' : 'unreadable' };
  const { state, clock } = req.ns;
  if (!state?.settings || !state.users || !state.tokens) return { status: 'unreadable' };
  const claims: Claims | undefined = verifyJwt(token, state.settings.signingKey);
  const user = claims && own(state.users, claims.sub);
  if (!claims || !user) return { status: 'unreadable' };
  const now = clock.now();
  // Issued after now (the clock was moved back) or past `exp`: expired either way.
  if (claims.iat * 1000 > now || now >= claims.exp * 1000) return { status: 'expired', user };
  const found = checkToken(state.tokens, claims.jti, clock, policyOf(state), { touch: false });
  if (found.status === 'expired') return { status: 'expired', user };
  if (found.status === 'unknown' || found.record.userName !== claims.sub) return { status: 'unknown' };
  return { status: 'valid', user, userName: claims.sub };
}

type Admission = { ok: true; userName: string } | { ok: false; reply: MockReply; absent?: boolean };

/** One decision per request: the headers object is the request's own from start to end. */
const admissions = new WeakMap<IncomingHttpHeaders, Admission>();

/** Refuses (401, 429) or serves the call, counting it; the same answer however often it is asked. */
export function admit(req: Req): Admission {
  const known = admissions.get(req.headers);
  if (known) return known;
  const reading = readToken(req);
  const now = req.ns.clock.now();
  let admission: Admission;
  if (reading.status !== 'valid') {
    const usage = reading.status === 'expired' ? usageOf(reading.user, now) : undefined;
    admission = {
      ok: false,
      reply: plaspyError(401, MESSAGES.unauthorized, { usage, operationId: req.operationId }),
      absent: reading.status === 'absent',
    };
  } else if (overDailyLimit(reading.user, now)) {
    const reset = dailyReset(now);
    const error = `Daily API limit of ${reading.user.dailyLimit} calls reached. Try again after ${reset.at}.`;
    admission = {
      ok: false,
      reply: plaspyError(429, error, {
        usage: usageOf(reading.user, now),
        operationId: req.operationId,
        headers: { 'Retry-After': String(reset.retryAfterSeconds) },
      }),
    };
  } else {
    countCall(reading.user, now);
    admission = { ok: true, userName: reading.userName };
  }
  admissions.set(req.headers, admission);
  return admission;
}

/** The user the request's token is of (valid or expired), without counting anything: undefined when there is none. */
export function callerUser(req: Req): PlaspyUser | undefined {
  const admission = admissions.get(req.headers);
  if (admission?.ok) return own(req.ns.state.users, admission.userName);
  const reading = readToken(req);
  return reading.status === 'valid' || reading.status === 'expired' ? reading.user : undefined;
}

/** The caller's counters for an answer, without counting anything: undefined when there is no caller. */
export function callerUsage(req: Req): Usage | undefined {
  const user = callerUser(req);
  return user && usageOf(user, req.ns.clock.now());
}

/** `bearerAuth`: the spec's only security scheme. */
const bearerAuth: SecurityCheck<PlaspyState, PlaspyPrincipal> = (req) => {
  const admission = admit(req);
  return admission.ok ? { ok: true, principal: { userName: admission.userName } } : admission;
};

export const security = { bearerAuth };

/** The user whose name this is, compared without regard to case (they are e-mail addresses). */
export function findUser(state: PlaspyState, userName: string): string | undefined {
  const lower = userName.toLowerCase();
  return Object.keys(state.users).find((name) => name.toLowerCase() === lower);
}

/** A new token for the user: its record under a fresh `jti`, and the signed JWT. */
export function issuePlaspyToken(
  ns: NamespaceView<PlaspyState>,
  userName: string,
): { token: string; expiresMs: number } {
  const { state, clock } = ns;
  const jti = issueToken(state.tokens, ns, { userName }, { make: (rng) => rng.hex(32) });
  // Expired tokens forgotten every so often (not on every login: that was a scan per login), and
  // past the limit the oldest: a client logging in on every loop keeps the map bounded.
  boundTokens(state.tokens, clock, policyOf(state), limitsOf(ns).maxTokens);
  const iat = Math.floor(clock.now() / 1000);
  const exp = iat + state.settings.tokenLifetimeSeconds;
  const token = signJwt({ sub: userName, unique_name: userName, jti, iat, nbf: iat, exp }, state.settings.signingKey);
  return { token, expiresMs: exp * 1000 };
}
