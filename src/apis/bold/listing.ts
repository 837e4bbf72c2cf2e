/**
 * The list's query: which groups the caller sees (its organizations, or the one it names), the
 * wildcard search over name, remarks, location and id, the sort on six keys with ties broken by id,
 * and the page (`offset` is a page number counted from 0, inferred). Sort keys are computed once per
 * group and kept in an index per key, so a page is a walk that stops after the page.
 */
import { MapIndexes, compareValues, type IndexDefinition } from '../../engine/kit/index.js';
import type { operations } from '../../generated/bold.js';
import { searchTerm } from './search.js';
import type { BoldState, StoredGroup } from './state.js';

export type ListQuery = NonNullable<operations['listDeviceGroups']['parameters']['query']>;
export type SortKey = NonNullable<ListQuery['sortBy']>;

export const DEFAULT_SIZE = 50;

export interface Row {
  id: number;
  group: StoredGroup;
}

/** A group's sort value: text lower-cased, times as numbers, null when the group has none. */
function sortValue(id: number, g: StoredGroup, key: SortKey): string | number | null {
  switch (key) {
    case 'id':
      return id;
    case 'name':
      return g.name.toLowerCase();
    case 'remarks':
      return g.remarks?.toLowerCase() ?? null;
    case 'location':
      return g.location?.toLowerCase() ?? null;
    case 'dateCreated':
      return g.dateCreated;
    case 'dateModified':
      return g.dateModified;
  }
}

/** A group's place in an index, with its organization (never changed) so the walk's first filter reads the key alone. */
interface SortKeyOf {
  value: string | number | null;
  id: number;
  org: number;
}

/** Ascending: values in order, groups without one last, ties by id. Descending is the exact reverse. */
function compareKeys(a: SortKeyOf, b: SortKeyOf): number {
  let c: number;
  if (a.value === b.value) c = 0;
  else if (a.value === null) c = 1;
  else if (b.value === null) c = -1;
  else c = compareValues(a.value, b.value);
  return c || a.id - b.id;
}

const SORT_KEYS: readonly SortKey[] = ['id', 'name', 'remarks', 'location', 'dateCreated', 'dateModified'];

/**
 * One index per sort key, each built on the first listing sorted by it and kept in step by
 * `groupChanged` after every write of a group (create, update, delete).
 */
const indexes = new MapIndexes<StoredGroup, SortKey>(
  Object.fromEntries(
    SORT_KEYS.map((k) => [
      k,
      {
        key: (id: string, g: StoredGroup): SortKeyOf => ({
          value: sortValue(Number(id), g, k),
          id: Number(id),
          org: g.organizationId,
        }),
        compare: compareKeys,
      },
    ]),
  ) as Record<SortKey, IndexDefinition<StoredGroup>>,
);

/** Every write of a group calls this, after the write. */
export const groupChanged = (state: BoldState, id: number) => indexes.changed(state.groups, String(id));

/** Whether the search matches one of the group's four fields. */
function matcher(term: string | undefined): (id: number, g: StoredGroup) => boolean {
  const search = term === undefined ? undefined : searchTerm(term);
  if (!search) return () => true;
  return (id, g) =>
    search.matches(g.name) ||
    (g.remarks !== null && search.matches(g.remarks)) ||
    (g.location !== null && search.matches(g.location)) ||
    search.matches(String(id));
}

/**
 * The page of the caller's groups in `organizations` that the query asks for: the index of the
 * sort key walked in the direction asked, filtered as it goes, stopping after the page.
 */
export function listGroups(state: BoldState, organizations: readonly number[], q: ListQuery): Row[] {
  const orgs = new Set(organizations);
  const matches = matcher(q.search);
  const size = Math.max(0, Math.floor(q.size ?? DEFAULT_SIZE));
  let skip = Math.max(0, Math.floor((q.offset ?? 0) * size));
  const rows: Row[] = [];
  if (size === 0) return rows;
  const descending = (q.sortDirection ?? 'Asc').toLowerCase() === 'desc';
  for (const e of indexes.get<SortKeyOf>(state.groups, q.sortBy ?? 'id').walk({ descending })) {
    const g = e.value;
    if (!orgs.has(e.key.org) || !matches(e.key.id, g)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    rows.push({ id: e.key.id, group: g });
    if (rows.length === size) break;
  }
  return rows;
}
