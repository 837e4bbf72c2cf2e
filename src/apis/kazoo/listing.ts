/**
 * Crossbar listings: summaries, `filter_*` and friends (`doc/filters.md`), and paging with
 * `page_size`, `start_key`/`next_start_key`, `paginate=false` and `ascending` (`doc/basics.md`).
 * Filter keys come from the query string: only a document's own fields are found, and only
 * values that are not objects compare as text.
 */
import { MapIndexes, compareTuples, dotted, isStringTuple, opaqueCursor, valueAt } from '../../engine/kit/index.js';
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

const lookup = (doc: Record<string, unknown>, key: string) => valueAt(doc, dotted(key)).value;

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && Object.keys(v as object).length === 0);

/** A value as `filter_KEY=text` compares it: scalars by their text; an object or array equals no text. */
const textOf = (v: unknown): string | undefined =>
  v === undefined || (v !== null && typeof v === 'object') ? undefined : String(v);

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A predicate for the query's filters (all of them must hold). */
export function filterFrom(query: Record<string, string | string[]>): (id: string, g: StoredGroup) => boolean {
  const tests: Array<(doc: Record<string, unknown>, g: StoredGroup) => boolean> = [];
  for (const [key, raw] of Object.entries(query)) {
    const value = first(raw)!;
    if (key.startsWith('filter_not_')) tests.push((d) => textOf(lookup(d, key.slice(11))) !== value);
    else if (key.startsWith('filter_')) tests.push((d) => textOf(lookup(d, key.slice(7))) === value);
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
export const pagingKey = opaqueCursor(isStringTuple(2));

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

/**
 * Groups of an account by their listing key (name, id), soft-deleted ones left out: built on the
 * first listing of the account, kept in step by `groupChanged` after every write of a group.
 */
const indexes = new MapIndexes<StoredGroup, 'byName'>({
  byName: { key: (id, g): string[] => [g.doc.name, id], compare: compareTuples, include: (g) => !g.deleted },
});

/** Every write of a group (create, replace, patch, delete) calls this, after the write. */
export const groupChanged = (groups: Record<string, StoredGroup>, id: string) => indexes.changed(groups, id);

/**
 * The page of the account's live groups that pass `keep`, by (name, id), descending unless
 * `ascending`, starting at `startKey`: walks the index from the key and stops after the page.
 */
export function listPage(
  groups: Record<string, StoredGroup>,
  keep: (id: string, g: StoredGroup) => boolean,
  req: PageRequest,
): Page<GroupSummary> | { badStartKey: string } {
  let from: string[] | undefined;
  if (req.startKey !== undefined) {
    from = pagingKey.decode(req.startKey);
    if (!from) return { badStartKey: req.startKey };
  }
  const all = req.paginate === false;
  const size = all ? Infinity : Math.max(0, Math.floor(req.pageSize ?? DEFAULT_PAGE_SIZE));
  const rows: GroupSummary[] = [];
  let firstKey: string[] | undefined;
  let nextKey: string[] | undefined;
  for (const e of indexes.get<string[]>(groups, 'byName').walk({ descending: !req.ascending, from })) {
    if (!keep(e.id, e.value)) continue;
    if (rows.length === size) {
      nextKey = e.key;
      break;
    }
    firstKey ??= e.key;
    rows.push(summarize(e.id, e.value));
  }
  if (all) return { rows, startKey: req.startKey };
  return {
    rows,
    startKey: req.startKey ?? (firstKey ? pagingKey.encode(firstKey) : undefined),
    nextStartKey: nextKey ? pagingKey.encode(nextKey) : undefined,
  };
}
