/**
 * The request journal: every request an API receives, per namespace, in a bounded ring (oldest
 * dropped first). Entries arrive masked (see masking.ts) through the recorder.
 *
 * @example
 *   journal.list((e) => e.namespace === 'ci-1' && e.operationId === 'getGroup')
 */
import { DEFAULT_JOURNAL_SIZE, type JournalEntry } from './entry.js';

export class Journal {
  private rings = new Map<string, JournalEntry[]>();
  private seq = 0;

  constructor(readonly size: number = DEFAULT_JOURNAL_SIZE) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: JournalEntry): void {
    if (this.size <= 0) return;
    let ring = this.rings.get(entry.namespace);
    if (!ring) this.rings.set(entry.namespace, (ring = []));
    ring.push(entry);
    if (ring.length > this.size) ring.splice(0, ring.length - this.size);
  }

  /** Matching entries in order of arrival; `limit` keeps the most recent ones. */
  list(match: (e: JournalEntry) => boolean = () => true, namespace?: string, limit?: number): JournalEntry[] {
    const rings = namespace ? [this.rings.get(namespace) ?? []] : [...this.rings.values()];
    const all = rings.flat().filter(match).sort((a, b) => a.seq - b.seq);
    return limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all;
  }

  /** Forgets the requests of a namespace and/or an API (everything when neither is given). */
  clear(filter: { api?: string; namespace?: string } = {}): number {
    let removed = 0;
    for (const [ns, ring] of this.rings) {
      if (filter.namespace && ns !== filter.namespace) continue;
      const kept = filter.api ? ring.filter((e) => e.api !== filter.api) : [];
      removed += ring.length - kept.length;
      if (kept.length) this.rings.set(ns, kept);
      else this.rings.delete(ns);
    }
    return removed;
  }
}

