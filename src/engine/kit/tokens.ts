/**
 * Tokens a vendor issues and later recognises, kept in the namespace's state (so they show in
 * `GET /__admin/state` and go with a reset): random, never reused while live, with an idle timeout
 * and/or a lifetime on the engine clock. A token "issued" after the clock's now (the clock was moved
 * back) has expired: its remaining life would be longer than the policy allows.
 *
 * @example
 *   const token = issueToken(state.tokens, ctx.ns, { account_id }, { make: (rng) => rng.hex(48) });
 *   const found = checkToken(state.tokens, sent, req.ns.clock, { idleMs: 3_600_000 });
 *   if (found.status !== 'valid') return invalidCredentials();
 */
import type { EngineClock, SeededRandom } from '../types.js';
import { freshId, hasOwn, own, setOwn } from './own-keys.js';

/**
 * When a token was issued and last used (ms since the epoch, engine clock). A vendor's state may keep
 * only the one its policy needs (a lifetime counts from `issuedAt`, an idle timeout from `lastUsed`);
 * the other then stands in for it.
 */
export interface TokenTimes {
  issuedAt?: number;
  lastUsed?: number;
}

const issuedAtOf = (t: TokenTimes) => t.issuedAt ?? t.lastUsed ?? 0;
const lastUsedOf = (t: TokenTimes) => t.lastUsed ?? t.issuedAt ?? 0;

export interface TokenPolicy {
  /** Expires this long after its last use. */
  idleMs?: number;
  /** Expires this long after it was issued, however much it is used. */
  lifetimeMs?: number;
}

export type TokenCheck<T> =
  | { status: 'valid'; token: string; record: T }
  | { status: 'unknown' }
  | { status: 'expired'; record: T };

/** Whether a token with these times is expired at `now`. */
export function isExpired(times: TokenTimes, policy: TokenPolicy, now: number): boolean {
  if (issuedAtOf(times) > now) return true;
  if (policy.lifetimeMs !== undefined && now >= issuedAtOf(times) + policy.lifetimeMs) return true;
  return policy.idleMs !== undefined && now - lastUsedOf(times) > policy.idleMs;
}

/** Milliseconds the token has left at `now` (0 when expired); Infinity when nothing bounds it. */
export function remainingMs(times: TokenTimes, policy: TokenPolicy, now: number): number {
  if (isExpired(times, policy, now)) return 0;
  const limits = [
    policy.lifetimeMs !== undefined ? issuedAtOf(times) + policy.lifetimeMs - now : Infinity,
    policy.idleMs !== undefined ? lastUsedOf(times) + policy.idleMs - now : Infinity,
  ];
  return Math.max(0, Math.min(...limits));
}

/**
 * The order tokens were last issued or accepted in, whatever the clock shows (a frozen clock gives
 * every use the same time): what `boundTokens` forgets the least recently used by.
 */
const uses = new WeakMap<object, number>();
let useSeq = 0;
const noteUse = (record: object) => uses.set(record, ++useSeq);

/** When a token record was last issued or accepted, in that order (0: never since this process started). */
export const lastUseOf = (record: object): number => uses.get(record) ?? 0;

/** Issues a new token for `record`; `make` draws one (default: 48 hex characters). */
export function issueToken<T extends TokenTimes>(
  map: Record<string, T>,
  ns: { rng: SeededRandom; clock: EngineClock },
  record: Omit<T, 'issuedAt' | 'lastUsed'>,
  opts: { make?: (rng: SeededRandom) => string } = {},
): string {
  const make = opts.make ?? ((rng: SeededRandom) => rng.hex(48));
  const token = freshId(
    (t) => hasOwn(map, t),
    () => make(ns.rng),
  );
  const now = ns.clock.now();
  const stored = { ...record, issuedAt: now, lastUsed: now } as T;
  setOwn(map, token, stored);
  noteUse(stored);
  return token;
}

/**
 * What a token the client sent stands for. A valid token's `lastUsed` moves to now (unless
 * `touch: false`); an expired one is forgotten (unless `keepExpired`), so it later answers as unknown.
 */
export function checkToken<T extends TokenTimes>(
  map: Record<string, T>,
  token: string | undefined,
  clock: EngineClock,
  policy: TokenPolicy,
  opts: { touch?: boolean; keepExpired?: boolean } = {},
): TokenCheck<T> {
  if (token === undefined || token === '') return { status: 'unknown' };
  const record = own(map, token);
  if (!record) return { status: 'unknown' };
  const now = clock.now();
  if (isExpired(record, policy, now)) {
    if (!opts.keepExpired) delete map[token];
    return { status: 'expired', record };
  }
  if (opts.touch !== false && 'lastUsed' in record) record.lastUsed = now;
  noteUse(record);
  return { status: 'valid', token, record };
}

/** Forgets every token expired under `policy` (a longer one than checks use keeps state small). */
export function sweepTokens<T extends TokenTimes>(
  map: Record<string, T>,
  clock: EngineClock,
  policy: TokenPolicy,
): void {
  const now = clock.now();
  for (const [token, t] of Object.entries(map)) if (isExpired(t, policy, now)) delete map[token];
}
