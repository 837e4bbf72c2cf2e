/**
 * `GET /groups` paging: `limit` + zero-based `offset`, or the `skip-token` of `paging.next` /
 * `paging.previous`. Groups are listed smallest id first; a skip-token names the id the next page
 * starts after (or the previous page ends before) together with the listing's filters and limit, so
 * a group created or deleted between two pages moves no other group to the wrong page. Tokens are
 * the kit's opaque cursors; one the mock did not write decodes to nothing (COM0003).
 */
import { compareIds, opaqueCursor } from '../../engine/kit/index.js';
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
  if (o.t !== undefined && !(Array.isArray(o.t) && o.t.every((x) => typeof x === 'number' && GROUP_TYPES.has(x)))) return false;
  return o.s === undefined || typeof o.s === 'string';
}

export const skipTokens = opaqueCursor(isSkipToken);

/** Types the `group_type` filter knows: 6 device, 7 user, 11 tag (1 is the legacy device type). */
const GROUP_TYPES = new Set([1, 6, 7, 11]);

/** The `group_type` filter (a comma list) as types, 1 read as 6; COM0024 for a type MDM does not have. */
export function parseTypes(text: string | undefined): { types?: number[] } | { refusal: ReturnType<typeof errors.invalidGroupTypeFilter> } {
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

/** The page the request (or its skip-token) asks for, with the tokens of its neighbours. */
export function listPage(state: MdmState, req: { limit: number; offset: number; types?: number[]; search?: string; token?: SkipToken }): ListingPage {
  const types = req.token ? req.token.t : req.types;
  const search = (req.token ? req.token.s : req.search)?.toLowerCase();
  const limit = req.token ? req.token.l : req.limit;
  const rows = Object.entries(state.groups)
    .filter(([, g]) => (!types || types.includes(g.group_type)) && (!search || g.name.toLowerCase().includes(search)))
    .sort(([a], [b]) => compareIds(a, b));
  let start: number;
  let end: number;
  if (req.token?.a !== undefined) {
    const after = req.token.a;
    start = rows.findIndex(([k]) => compareIds(k, after) > 0);
    if (start < 0) start = rows.length;
    end = Math.min(rows.length, start + limit);
  } else if (req.token?.b !== undefined) {
    const before = req.token.b;
    end = rows.findIndex(([k]) => compareIds(k, before) >= 0);
    if (end < 0) end = rows.length;
    start = Math.max(0, end - limit);
  } else {
    start = Math.min(rows.length, req.offset);
    end = Math.min(rows.length, start + limit);
  }
  const filters = { l: limit, ...(types ? { t: types } : {}), ...(search !== undefined ? { s: search } : {}) };
  const page = rows.slice(start, end);
  // The previous page ends before the first row of this one (or after the last row, past the end).
  const beforeKey = start < rows.length ? rows[start]![0] : rows.length ? (BigInt(rows.at(-1)![0]) + 1n).toString() : undefined;
  return {
    rows: page,
    total: rows.length,
    ...(end < rows.length ? { next: { a: rows[end - 1]![0], ...filters } } : {}),
    ...(start > 0 && beforeKey ? { previous: { b: beforeKey, ...filters } } : {}),
  };
}
