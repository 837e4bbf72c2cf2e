/**
 * `GET /groups` paging: `limit` + zero-based `offset`, or the `skip-token` of `paging.next` /
 * `paging.previous`. Groups are listed smallest id first; a skip-token names the id the next page
 * starts after (or the previous page ends before) together with the listing's filters and limit, so
 * a group created or deleted between two pages moves no other group to the wrong page. Tokens are
 * the kit's opaque cursors; one the mock did not write decodes to nothing (COM0003).
 */
import { MapIndexes, compareTuples, opaqueCursor, type IndexEntry } from '../../engine/kit/index.js';
import { errors } from './errors.js';
import type { MdmState, StoredGroup } from './state.js';

const DIGITS = /^[1-9][0-9]{0,18}$/;

/** What a skip-token carries: after (`a`) or before (`b`) an id; the limit; the type and name filters. */
export interface SkipToken {
  a?: string;
  b?: string;
  l: number;
  t?: number[];
  s?: string;
}

function isSkipToken(v: unknown): v is SkipToken {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => !['a', 'b', 'l', 't', 's'].includes(k))) return false;
  if ((o.a === undefined) === (o.b === undefined)) return false;
  const bound = o.a ?? o.b;
  if (typeof bound !== 'string' || !DIGITS.test(bound)) return false;
  if (typeof o.l !== 'number' || !Number.isInteger(o.l) || o.l < 1 || o.l > 200) return false;
  if (o.t !== undefined && !(Array.isArray(o.t) && o.t.every((x) => typeof x === 'number' && GROUP_TYPES.has(x))))
    return false;
  return o.s === undefined || typeof o.s === 'string';
}

export const skipTokens = opaqueCursor(isSkipToken);

/** Types the `group_type` filter knows: 6 device, 7 user, 11 tag (1 is the legacy device type). */
const GROUP_TYPES = new Set([1, 6, 7, 11]);

/** The `group_type` filter (a comma list) as types, 1 read as 6; COM0024 for a type MDM does not have. */
export function parseTypes(
  text: string | undefined,
): { types?: number[] } | { refusal: ReturnType<typeof errors.invalidGroupTypeFilter> } {
  if (text === undefined) return {};
  const types: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const n = Number(part);
    if (!GROUP_TYPES.has(n)) return { refusal: errors.invalidGroupTypeFilter(part) };
    const type = n === 1 ? 6 : n;
    if (!types.includes(type)) types.push(type);
  }
  return { types };
}

export interface ListingPage {
  rows: Array<[string, StoredGroup]>;
  total: number;
  next?: SkipToken;
  previous?: SkipToken;
}

/**
 * A group's place in the id index: its id as a number, with what the filters read (the name as the
 * search compares it, the type), so that a walk reads the keys alone and not 100,000 stored groups.
 */
interface IdKey {
  n: bigint;
  lower: string;
  type: number;
}

/**
 * Groups by id (smallest first) and by name without regard to case: built on first use, kept in
 * step by `groupChanged` after every write of a group (create, rename, delete).
 */
const indexes = new MapIndexes<StoredGroup, 'byId' | 'byName'>({
  byId: {
    key: (id, g): IdKey => ({ n: BigInt(id), lower: g.name.toLowerCase(), type: g.group_type }),
    compare: (a: IdKey, b: IdKey) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0),
  },
  byName: { key: (id, g) => [g.name.toLowerCase(), id], compare: compareTuples },
});

/** Every write of a group calls this, after the write. */
export const groupChanged = (state: MdmState, key: string) => indexes.changed(state.groups, key);

/** Whether another group already uses the name, compared without regard to case. */
export function nameTaken(state: MdmState, name: string, exceptKey?: string): boolean {
  const lower = name.toLowerCase();
  for (const e of indexes.get<string[]>(state.groups, 'byName').walk({ from: [lower, ''] })) {
    if (e.key[0] !== lower) return false;
    if (e.id !== exceptKey) return true;
  }
  return false;
}

/** The page the request (or its skip-token) asks for, with the tokens of its neighbours. */
export function listPage(
  state: MdmState,
  req: { limit: number; offset: number; types?: number[]; search?: string; token?: SkipToken },
): ListingPage {
  const types = req.token ? req.token.t : req.types;
  const search = (req.token ? req.token.s : req.search)?.toLowerCase();
  const limit = req.token ? req.token.l : req.limit;
  // The matching groups in id order, as index entries (references, no copies): the total needs them all.
  const rows: Array<IndexEntry<IdKey, StoredGroup>> = [];
  for (const e of indexes.get<IdKey>(state.groups, 'byId').walk()) {
    if ((!types || types.includes(e.key.type)) && (!search || e.key.lower.includes(search))) rows.push(e);
  }
  /** The first row whose id is past `bound` (`orEqual`: at or past it), or rows.length. */
  const firstPast = (bound: string, orEqual: boolean) => {
    const b = BigInt(bound);
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const n = rows[mid]!.key.n;
      if (n < b || (!orEqual && n === b)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let start: number;
  let end: number;
  if (req.token?.a !== undefined) {
    start = firstPast(req.token.a, false);
    end = Math.min(rows.length, start + limit);
  } else if (req.token?.b !== undefined) {
    end = firstPast(req.token.b, true);
    start = Math.max(0, end - limit);
  } else {
    start = Math.min(rows.length, req.offset);
    end = Math.min(rows.length, start + limit);
  }
  const filters = { l: limit, ...(types ? { t: types } : {}), ...(search !== undefined ? { s: search } : {}) };
  const page = rows.slice(start, end).map((e): [string, StoredGroup] => [e.id, e.value]);
  // The previous page ends before the first row of this one (or after the last row, past the end).
  const beforeKey =
    start < rows.length ? rows[start]!.id : rows.length ? (rows.at(-1)!.key.n + 1n).toString() : undefined;
  return {
    rows: page,
    total: rows.length,
    ...(end < rows.length ? { next: { a: rows[end - 1]!.id, ...filters } } : {}),
    ...(start > 0 && beforeKey ? { previous: { b: beforeKey, ...filters } } : {}),
  };
}
