/**
 * Paging, the three ways these vendors do it:
 * - **offset/limit** (MDM, Bold): a slice of the sorted rows and the total;
 * - **keyset** (Kazoo's `start_key`, ThingSpace's `next`): the rows from (or after) a key in a total
 *   order, so that a row added or removed between two pages moves no other row to the wrong page;
 * - **opaque cursors**: a key written as base64url JSON that clients pass back untouched, checked
 *   when it comes back (a cursor the client made up is `undefined`, for the vendor's own 400).
 *
 * @example
 *   const page = offsetPage(sorted, { offset: 0, limit: 50 });           // { rows, total, more }
 *   const next = keysetPage(rows, { key: (r) => [r.name, r.id], compare: compareTuples, from, size: 50 });
 *   const cursor = opaqueCursor(isStringTuple(2));
 *   cursor.decode(cursor.encode(['Sales', 'ab12'])) // → ['Sales', 'ab12']
 */

export interface OffsetPage<T> {
  rows: T[];
  /** Rows before paging. */
  total: number;
  offset: number;
  limit: number;
  /** Whether rows remain after this page. */
  more: boolean;
}

/** Rows `offset` to `offset + limit` (an offset past the end gives an empty page, not an error). */
export function offsetPage<T>(rows: readonly T[], opts: { offset: number; limit: number }): OffsetPage<T> {
  const offset = Math.max(0, Math.floor(opts.offset));
  const limit = Math.max(0, Math.floor(opts.limit));
  return {
    rows: rows.slice(offset, offset + limit),
    total: rows.length,
    offset,
    limit,
    more: offset + limit < rows.length,
  };
}

export type Compare<K> = (a: K, b: K) => number;

/** Plain `<` order, for strings and numbers alike (not locale order: it must be stable and total). */
export const compareValues = <V extends string | number | bigint>(a: V, b: V): number => (a < b ? -1 : a > b ? 1 : 0);

/** Element by element, the first difference decides. */
export function compareTuples<V extends string | number | bigint>(a: readonly V[], b: readonly V[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}

export interface KeysetPage<T, K> {
  rows: T[];
  /** The key of the page's first row. */
  firstKey?: K;
  /** The key of the first row of the next page (inclusive), when rows remain. */
  nextKey?: K;
  /** The key of the page's last row (what an exclusive `after` continues from). */
  lastKey?: K;
  more: boolean;
}

export interface KeysetRequest<T, K> {
  key(row: T): K;
  compare: Compare<K>;
  /** Rows whose key is ≥ this one (Kazoo's `start_key`). */
  from?: K;
  /** Rows whose key is > this one (ThingSpace's `next`). */
  after?: K;
  size: number;
  /** Reverse the order (Kazoo lists descending by default). */
  descending?: boolean;
  /** The rows are already in this order: skip the sort. */
  sorted?: boolean;
}

/** The page of `size` rows starting at the key, in the key order. */
export function keysetPage<T, K>(rows: readonly T[], req: KeysetRequest<T, K>): KeysetPage<T, K> {
  const dir = req.descending ? -1 : 1;
  const cmp: Compare<K> = (a, b) => dir * req.compare(a, b);
  const keyed = rows.map((row) => ({ row, key: req.key(row) }));
  if (!req.sorted) keyed.sort((a, b) => cmp(a.key, b.key));
  // First index whose key is ≥ from (or > after): a binary search over the sorted keys.
  const bound = req.from ?? req.after;
  let lo = 0;
  if (bound !== undefined) {
    let hi = keyed.length;
    const strict = req.from === undefined;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = cmp(keyed[mid]!.key, bound);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
  }
  const size = Math.max(0, Math.floor(req.size));
  const page = keyed.slice(lo, lo + size);
  const next = keyed[lo + size];
  return {
    rows: page.map((p) => p.row),
    firstKey: page[0]?.key,
    lastKey: page.at(-1)?.key,
    nextKey: next?.key,
    more: next !== undefined,
  };
}

export interface OpaqueCursor<T> {
  encode(value: T): string;
  /** The value, or undefined for anything this cursor did not write (or that no longer type-checks). */
  decode(text: string): T | undefined;
}

/** Cursors as base64url JSON, checked by `isValid` when they come back. */
export function opaqueCursor<T>(isValid: (value: unknown) => value is T): OpaqueCursor<T> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)).toString('base64url'),
    decode(text) {
      if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
      try {
        const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
        return isValid(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** A guard for cursors holding `n` strings. */
export const isStringTuple =
  (n: number) =>
  (v: unknown): v is string[] =>
    Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'string');
