/**
 * The request journal: every request an API receives, per namespace, oldest dropped first. Bounded
 * twice: at most `size` entries per namespace, and at most `maxBytes` (of JSON) across all
 * namespaces together — past either, the oldest entries go. Entries arrive through the recorder as
 * raw material (record.ts), masked the first time they are read; an entry counts the bytes of its raw
 * material until then and of its JSON after.
 *
 * @example
 *   journal.list((e) => e.namespace === 'ci-1' && e.operationId === 'getGroup')
 */
import { DEFAULT_JOURNAL_SIZE, type JournalEntry } from './entry.js';
import type { JournalRecord } from './record.js';

/** All namespaces' entries together keep at most this many bytes of JSON by default (about 1% of this 24 GiB machine). */
export const DEFAULT_JOURNAL_BYTES = 256 * 1024 * 1024;

export class Journal {
  private rings = new Map<string, JournalRecord[]>();
  /** Every kept entry in order of arrival, across namespaces (removed ones are skipped lazily). */
  private arrivals: JournalRecord[] = [];
  private head = 0;
  private seq = 0;
  /** Bytes of JSON the kept entries take. */
  bytes = 0;
  private live = 0;
  /** Who hears of each entry kept (the console's live stream, admin/live.ts). */
  private watchers = new Set<(r: JournalRecord) => void>();

  constructor(
    readonly size: number = DEFAULT_JOURNAL_SIZE,
    readonly maxBytes: number = DEFAULT_JOURNAL_BYTES,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  /** Entries kept now, across namespaces. */
  get count(): number {
    return this.live;
  }

  add(entry: JournalRecord): void {
    if (this.size <= 0) return;
    const bytes = entry.bytes;
    if (bytes > this.maxBytes) return;
    let ring = this.rings.get(entry.namespace);
    if (!ring) this.rings.set(entry.namespace, (ring = []));
    ring.push(entry);
    this.arrivals.push(entry);
    entry.counted = bytes;
    this.bytes += bytes;
    this.live++;
    while (ring.length > this.size) this.forget(ring.shift()!);
    while (this.bytes > this.maxBytes) this.dropOldest();
    this.compact();
    for (const w of this.watchers) w(entry);
  }

  /**
   * Calls `watcher` with each entry kept from now on (raw: read it with `read`, off the request's
   * path); the returned function stops it. A watcher must not throw.
   */
  watch(watcher: (r: JournalRecord) => void): () => void {
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  }

  /** How many watchers there are now (a closed stream must leave none behind). */
  get watching(): number {
    return this.watchers.size;
  }

  /** A record's entry as `list` reads it (masked; counted at its exact size); undefined once it has gone. */
  read(r: JournalRecord): JournalEntry | undefined {
    if (r.gone) return undefined;
    const built = r.isBuilt;
    const entry = r.entry;
    if (!built && this.recount(r)) while (this.bytes > this.maxBytes) this.dropOldest();
    return r.gone ? undefined : entry;
  }

  /** Matching entries in order of arrival; `limit` keeps the most recent ones. */
  list(match: (e: JournalEntry) => boolean = () => true, namespace?: string, limit?: number): JournalEntry[] {
    const rings = namespace ? [this.rings.get(namespace) ?? []] : [...this.rings.values()];
    const kept = rings.flat().sort((a, b) => a.seq - b.seq);
    const all: JournalEntry[] = [];
    let grown = false;
    for (const r of kept) {
      const built = r.isBuilt;
      const e = r.entry;
      if (!built) grown = this.recount(r) || grown;
      if (match(e)) all.push(e);
    }
    // Read entries count their exact JSON now; past the bound the oldest go, as when one is added.
    if (grown) while (this.bytes > this.maxBytes) this.dropOldest();
    this.compact();
    return limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all;
  }

  /** Counts an entry read for the first time at its exact size; whether the journal grew. */
  private recount(r: JournalRecord): boolean {
    if (r.gone) return false;
    const before = r.counted;
    r.counted = r.bytes;
    this.bytes += r.bytes - before;
    return r.bytes > before;
  }

  /** Forgets the requests of a namespace and/or an API (everything when neither is given). */
  clear(filter: { api?: string; namespace?: string } = {}): number {
    let removed = 0;
    for (const [ns, ring] of this.rings) {
      if (filter.namespace && ns !== filter.namespace) continue;
      const kept: JournalRecord[] = [];
      for (const e of ring) {
        if (filter.api && e.api !== filter.api) kept.push(e);
        else {
          this.forget(e);
          removed++;
        }
      }
      if (kept.length) this.rings.set(ns, kept);
      else this.rings.delete(ns);
    }
    this.compact();
    return removed;
  }

  /** Accounts for an entry leaving its ring. */
  private forget(e: JournalRecord): void {
    if (e.gone) return;
    e.gone = true;
    this.bytes -= e.counted;
    this.live--;
  }

  /** Removes the oldest kept entry of all namespaces. */
  private dropOldest(): void {
    while (this.head < this.arrivals.length) {
      const e = this.arrivals[this.head++]!;
      if (e.gone) continue;
      const ring = this.rings.get(e.namespace)!;
      // A ring is in order of arrival, so the oldest entry of all is the oldest of its ring.
      ring.shift();
      if (!ring.length) this.rings.delete(e.namespace);
      this.forget(e);
      break;
    }
  }

  /** Rebuilds the arrival list once dead entries are most of it, so it stays within twice the live ones. */
  private compact(): void {
    if (this.arrivals.length - this.head > 2 * this.live + 1024 || this.head > this.arrivals.length / 2 + 1024) {
      this.arrivals = this.arrivals.slice(this.head).filter((e) => !e.gone);
      this.head = 0;
    }
  }
}
