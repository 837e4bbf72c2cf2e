/**
 * What keeps one namespace's state bounded (docs/memory.md): its limits (`--max-resources`,
 * `--deleted-retention`, `--max-deleted`), map sizes counted once and then kept in step (so a create
 * checks the limit in O(1), not by counting 200,000 keys), and token maps that forget expired and,
 * past the limit, the oldest tokens — a client logging in on every loop would otherwise grow them
 * for as long as a token lives.
 *
 * @example
 *   if (atLimit(ctx.ns, sizeOf(state.groups))) return vendorLimitError(ctx);
 *   setOwn(state.groups, id, g); counted(state.groups, +1);
 *   delete state.groups[id]; counted(state.groups, -1);
 */
import type { EngineClock, NamespaceLimits, NamespaceView } from '../types.js';
import { isExpired, lastUseOf, type TokenPolicy, type TokenTimes } from './tokens.js';

/** Crossbar's `cleanup_timer` default (86400 s, doc/configuration.md): its daily cleanup pass. */
export const DEFAULT_DELETED_RETENTION_MS = 24 * 3600 * 1000;

/** `--deleted-retention`'s range: a minute (tests) to 30 days. */
export const MIN_DELETED_RETENTION_MS = 60 * 1000;
export const MAX_DELETED_RETENTION_MS = 30 * 24 * 3600 * 1000;

export const DEFAULT_LIMITS: NamespaceLimits = Object.freeze({
  // The bench's namespaces hold 100,000 groups; twice that fits.
  maxResources: 200_000,
  deletedRetentionMs: DEFAULT_DELETED_RETENTION_MS,
  maxDeleted: 10_000,
  // Far more tokens than a team's clients hold at once; a client logging in on every loop hits it.
  maxTokens: 10_000,
});

export const limitsOf = (ns: Pick<NamespaceView<unknown>, 'limits'>): NamespaceLimits => ns.limits ?? DEFAULT_LIMITS;

/** Whether one more resource would pass the namespace's `maxResources`. */
export const atLimit = (ns: Pick<NamespaceView<unknown>, 'limits'>, size: number): boolean =>
  size >= limitsOf(ns).maxResources;

const sizes = new WeakMap<object, number>();

/**
 * The number of own keys of a map (or items of an array): counted on first use, then kept by
 * `counted`. Maps are state objects: an import or a reset makes new ones, counted anew.
 */
export function sizeOf(map: object): number {
  let n = sizes.get(map);
  if (n === undefined) {
    n = Array.isArray(map) ? map.length : Object.keys(map).length;
    sizes.set(map, n);
  }
  return n;
}

/** Tells the count of `map` that a key was added (+1) or removed (-1), after the write. */
export function counted(map: object, delta: number): void {
  const n = sizes.get(map);
  if (n !== undefined) sizes.set(map, n + delta);
}

interface TokenBook {
  /** Tokens issued since the last sweep. */
  issued: number;
  /** Tokens the map held after the last sweep. */
  kept: number;
}

const books = new WeakMap<object, TokenBook>();

/** Tokens issued between two sweeps at least (so a small map is not swept on every login), unless `max` is smaller. */
const MIN_SWEEP_EVERY = 1024;

/**
 * Call after each token issued into `map`. Every so often (once the tokens issued since the last
 * sweep pass the number kept then, so the cost per token stays about constant) it forgets the
 * expired tokens and, past `max`, the least recently used (a token in use stays) — at most about `2 × max`
 * tokens are ever held (`max` + 1024 for a small `max`), whatever the clock does.
 */
export function boundTokens<T extends TokenTimes>(
  map: Record<string, T>,
  clock: EngineClock,
  policy: TokenPolicy,
  max: number,
): void {
  let book = books.get(map);
  if (!book) books.set(map, (book = { issued: 0, kept: 0 }));
  book.issued++;
  if (book.issued < Math.max(book.kept, Math.min(MIN_SWEEP_EVERY, max))) return;
  const now = clock.now();
  const live: string[] = [];
  for (const k of Object.keys(map)) {
    if (isExpired(map[k]!, policy, now)) delete map[k];
    else live.push(k);
  }
  if (live.length > max) {
    // The least recently used go (a token in use stays, however old, whatever the clock shows).
    const order = live.map((k) => ({ k, at: lastUseOf(map[k]!) })).sort((a, b) => a.at - b.at);
    for (const { k } of order.slice(0, live.length - max)) delete map[k];
  }
  book.issued = 0;
  book.kept = Math.min(live.length, max);
}
