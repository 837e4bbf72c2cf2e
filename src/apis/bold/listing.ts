/**
 * The list's query: which groups the caller sees (its organizations, or the one it names), the
 * wildcard search over name, remarks, location and id, the sort on six keys with ties broken by id,
 * and the page (`offset` is a page number counted from 0, inferred). Sort keys are computed once per
 * group, not once per comparison.
 */
import { compareValues, offsetPage, type OffsetPage } from '../../engine/kit/index.js';
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

/** A row's sort value: text lower-cased, times as numbers, null when the group has none. */
function sortValue(row: Row, key: SortKey): string | number | null {
  const g = row.group;
  switch (key) {
    case 'id':
      return row.id;
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

/** Ascending: values in order, groups without one last, ties by id. Descending is the exact reverse. */
export function sortRows(rows: Row[], key: SortKey, descending: boolean): Row[] {
  const keyed = rows.map((row) => ({ row, value: sortValue(row, key) }));
  const dir = descending ? -1 : 1;
  keyed.sort((a, b) => {
    let c: number;
    if (a.value === b.value) c = 0;
    else if (a.value === null) c = 1;
    else if (b.value === null) c = -1;
    else c = compareValues(a.value, b.value);
    return dir * (c || a.row.id - b.row.id);
  });
  return keyed.map((k) => k.row);
}

/** Whether the search matches one of the group's four fields. */
function matcher(term: string | undefined): (row: Row) => boolean {
  const search = term === undefined ? undefined : searchTerm(term);
  if (!search) return () => true;
  return ({ id, group: g }) => search.matches(g.name) || (g.remarks !== null && search.matches(g.remarks)) || (g.location !== null && search.matches(g.location)) || search.matches(String(id));
}

/** The page of the caller's groups in `organizations` that the query asks for. */
export function listGroups(state: BoldState, organizations: readonly number[], q: ListQuery): OffsetPage<Row> {
  const orgs = new Set(organizations);
  const matches = matcher(q.search);
  const rows: Row[] = [];
  for (const [key, group] of Object.entries(state.groups)) {
    if (!orgs.has(group.organizationId)) continue;
    const row = { id: Number(key), group };
    if (matches(row)) rows.push(row);
  }
  const sorted = sortRows(rows, q.sortBy ?? 'id', (q.sortDirection ?? 'Asc').toLowerCase() === 'desc');
  const size = q.size ?? DEFAULT_SIZE;
  return offsetPage(sorted, { offset: (q.offset ?? 0) * size, limit: size });
}
