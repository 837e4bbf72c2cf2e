/**
 * Sorted indexes over a vendor's client-keyed map of records (groups by id), so that a list page
 * walks the records in order, filters while it walks and stops after the page, instead of
 * materialising and sorting every record on every request.
 *
 * An index is built lazily, on the first listing that needs it, and then kept in step with writes:
 * the vendor calls `changed(map, id)` after it creates, changes or deletes a record (one binary
 * search and one array splice per index, no re-sort). Indexes are cached per map object, so a state
 * imported or reset (new objects) starts without any and an old one is garbage with its map.
 * The comparator must be total (break ties by id) so that every record has one place.
 *
 * @example
 *   const groupIndexes = new MapIndexes<StoredGroup>({
 *     byName: { key: (id, g) => [g.name, id], compare: compareTuples, include: (g) => !g.deleted },
 *   });
 *   for (const e of groupIndexes.get(groups, 'byName').walk({ descending: true })) ...;
 *   groups[id] = g; groupIndexes.changed(groups, id);
 */
import type { Compare } from './paging.js';

export interface IndexEntry<K, V> {
  readonly id: string;
  key: K;
  value: V;
}

/** Where a walk starts: at the first key ≥ `from` (in the walk's order), or after `after`. */
export interface WalkFrom<K> {
  descending?: boolean;
  from?: K;
  after?: K;
}

/** Entries in the order of `compare`, each id once. */
export class SortedIndex<K, V> {
  private entries: IndexEntry<K, V>[] = [];
  private byId = new Map<string, IndexEntry<K, V>>();

  constructor(
    private readonly keyOf: (id: string, value: V) => K,
    private readonly compare: Compare<K>,
    private readonly include: (value: V) => boolean = () => true,
  ) {}

  /** Builds from every own entry of the map, with one sort. */
  static build<K, V>(
    map: Record<string, V>,
    keyOf: (id: string, value: V) => K,
    compare: Compare<K>,
    include?: (value: V) => boolean,
  ): SortedIndex<K, V> {
    const index = new SortedIndex(keyOf, compare, include);
    for (const id of Object.keys(map)) {
      const value = map[id]!;
      if (!index.include(value)) continue;
      const entry = { id, key: keyOf(id, value), value };
      index.entries.push(entry);
      index.byId.set(id, entry);
    }
    index.entries.sort((a, b) => compare(a.key, b.key));
    return index;
  }

  get size(): number {
    return this.entries.length;
  }

  at(i: number): IndexEntry<K, V> | undefined {
    return this.entries[i];
  }

  /** The record under `id` is now `value` (or gone, when undefined or not included): moved to its place. */
  set(id: string, value: V | undefined): void {
    const old = this.byId.get(id);
    if (old) {
      this.entries.splice(this.positionOf(old), 1);
      this.byId.delete(id);
    }
    if (value === undefined || !this.include(value)) return;
    const entry = { id, key: this.keyOf(id, value), value };
    this.entries.splice(this.bound(entry.key, false), 0, entry);
    this.byId.set(id, entry);
  }

  /** The first position whose key is ≥ `key` (`strict`: > `key`), in ascending order. */
  bound(key: K, strict: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(this.entries[mid]!.key, key);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Entries in order (or reversed), from the first one whose key is ≥ `from` — or > `after` —
   * in that order. Read lazily: a caller that stops after a page touches only the page.
   */
  *walk(opts: WalkFrom<K> = {}): Generator<IndexEntry<K, V>> {
    const { entries } = this;
    if (!opts.descending) {
      let i =
        opts.from !== undefined
          ? this.bound(opts.from, false)
          : opts.after !== undefined
            ? this.bound(opts.after, true)
            : 0;
      for (; i < entries.length; i++) yield entries[i]!;
      return;
    }
    // Descending, "≥ from" means ascending-≤ from: start below the first key > from (or ≥ after).
    let i =
      (opts.from !== undefined
        ? this.bound(opts.from, true)
        : opts.after !== undefined
          ? this.bound(opts.after, false)
          : entries.length) - 1;
    for (; i >= 0; i--) yield entries[i]!;
  }

  private positionOf(entry: IndexEntry<K, V>): number {
    let i = this.bound(entry.key, false);
    while (i < this.entries.length && this.entries[i] !== entry) i++;
    if (i === this.entries.length)
      throw new Error(
        `sorted index: entry ${entry.id} is not where its key says (was its record changed without changed()?)`,
      );
    return i;
  }
}

export interface IndexDefinition<V> {
  key(id: string, value: V): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: each index of a table compares keys of its own type; key() and compare() agree per index
  compare: Compare<any>;
  /** Records left out of the index (e.g. soft-deleted ones). */
  include?: (value: V) => boolean;
}

/** A vendor's indexes over maps of one kind of record, cached per map object. */
export class MapIndexes<V, Names extends string = string> {
  private cache = new WeakMap<object, Map<Names, SortedIndex<unknown, V>>>();

  constructor(private readonly definitions: Record<Names, IndexDefinition<V>>) {}

  /** The index `name` over `map`, built on first use. */
  get<K = unknown>(map: Record<string, V>, name: Names): SortedIndex<K, V> {
    let built = this.cache.get(map);
    if (!built) {
      built = new Map();
      this.cache.set(map, built);
    }
    let index = built.get(name);
    if (!index) {
      const d = this.definitions[name];
      index = SortedIndex.build(map, d.key, d.compare, d.include);
      built.set(name, index);
    }
    return index as SortedIndex<K, V>;
  }

  /** Tells the indexes built over `map` that the record under `id` was created, changed or deleted. */
  changed(map: Record<string, V>, id: string): void {
    const built = this.cache.get(map);
    if (!built) return;
    const value = Object.hasOwn(map, id) ? map[id] : undefined;
    for (const index of built.values()) index.set(id, value);
  }
}
