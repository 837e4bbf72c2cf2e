/**
 * Crossbar listings: summaries, `filter_*` and friends (`doc/filters.md`), and paging with
 * `page_size`, `start_key`/`next_start_key`, `paginate=false` and `ascending` (`doc/basics.md`).
 */
import type { components } from '../../generated/kazoo.js';
import type { StoredGroup } from './state.js';

type GroupSummary = components['schemas']['GroupSummary'];

export const DEFAULT_PAGE_SIZE = 50;
/** Seconds from year 0 to the Unix epoch: Kazoo's timestamps are Gregorian seconds. */
export const GREGORIAN_OFFSET = 62167219200;
export const toGregorian = (ms: number) => Math.floor(ms / 1000) + GREGORIAN_OFFSET;

export function summarize(id: string, g: StoredGroup): GroupSummary {
  return {
    id,
    name: g.doc.name,
    features: g.doc.music_on_hold?.media_id ? ['music_on_hold'] : [],
    endpoints: Object.keys(g.doc.endpoints ?? {}).length,
    flags: g.doc.flags ?? [],
  };
}

function lookup(doc: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), doc);
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A predicate for the query's filters (all of them must hold). */
export function filterFrom(query: Record<string, string | string[]>): (id: string, g: StoredGroup) => boolean {
  const tests: Array<(doc: Record<string, unknown>, g: StoredGroup) => boolean> = [];
  for (const [key, raw] of Object.entries(query)) {
    const value = first(raw)!;
    if (key.startsWith('filter_not_')) tests.push((d) => String(lookup(d, key.slice(11))) !== value);
    else if (key.startsWith('filter_')) tests.push((d) => lookup(d, key.slice(7)) !== undefined && String(lookup(d, key.slice(7))) === value);
    else if (key === 'has_key') tests.push((d) => lookup(d, value) !== undefined);
    else if (key === 'key_missing') tests.push((d) => lookup(d, value) === undefined);
    else if (key === 'has_value') tests.push((d) => !isEmpty(lookup(d, value)));
    else if (key === 'missing_value') tests.push((d) => isEmpty(lookup(d, value)));
    else if (key === 'created_from') tests.push((_d, g) => toGregorian(g.created) >= Number(value));
    else if (key === 'created_to') tests.push((_d, g) => toGregorian(g.created) <= Number(value));
    else if (key === 'modified_from') tests.push((_d, g) => toGregorian(g.modified) >= Number(value));
    else if (key === 'modified_to') tests.push((_d, g) => toGregorian(g.modified) <= Number(value));
  }
  return (id, g) => {
    const doc = { ...g.doc, id } as Record<string, unknown>;
    return tests.every((t) => t(doc, g));
  };
}

/** Opaque paging keys: the listing key (name, id) of the first row of a page. */
export const encodeKey = (name: string, id: string) => Buffer.from(JSON.stringify([name, id])).toString('base64url');

export function decodeKey(key: string): [string, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(key, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string') ? (v as [string, string]) : undefined;
  } catch {
    return undefined;
  }
}

export interface PageRequest {
  pageSize?: number;
  startKey?: string;
  paginate?: boolean;
  ascending?: boolean;
}

export interface Page<T> {
  rows: T[];
  startKey?: string;
  nextStartKey?: string;
}

/** Sorts by (name, id), descending unless `ascending`, and cuts the page that starts at `startKey`. */
export function paginate<T extends { id: string; name: string }>(rows: T[], req: PageRequest): Page<T> | { badStartKey: string } {
  const dir = req.ascending ? 1 : -1;
  const cmp = (a: [string, string], b: [string, string]) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1) * dir;
  const sorted = [...rows].sort((a, b) => cmp([a.name, a.id], [b.name, b.id]));
  let from = 0;
  if (req.startKey !== undefined) {
    const key = decodeKey(req.startKey);
    if (!key) return { badStartKey: req.startKey };
    from = sorted.findIndex((r) => cmp([r.name, r.id], key) >= 0);
    if (from < 0) from = sorted.length;
  }
  if (req.paginate === false) return { rows: sorted.slice(from), startKey: req.startKey };
  const size = req.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = sorted.slice(from, from + size);
  const next = sorted[from + size];
  return { rows: page, startKey: req.startKey ?? (page[0] ? encodeKey(page[0].name, page[0].id) : undefined), nextStartKey: next ? encodeKey(next.name, next.id) : undefined };
}
