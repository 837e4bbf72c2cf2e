/**
 * Crossbar keeps a deleted group as a soft-deleted document (`pvt_deleted`, answered 404) until its
 * cleanup pass removes it for good: `crossbar_cleanup` (later `kt_cleanup` of the tasks app) deletes
 * every soft-deleted document of each account database, once per `cleanup_timer` (default 86400 s,
 * Crossbar's doc/configuration.md; since 4.x `tasks.browse_dbs_interval_s`, also a day). The mock
 * purges each deleted group once it has been deleted for the retention (default that same day, on
 * the namespace's clock: inferred, the real pass runs at some point of the day), at the namespace's
 * next request; and keeps at most `maxDeleted` of them per namespace, oldest purged first, so a
 * frozen clock bounds them too. Only this namespace's state is touched.
 *
 * Deleted groups wait in a queue per state, in the order they were deleted (so a purge looks at
 * the head only: nothing to do costs one comparison), built from the state on first use — an
 * import or a fixture may hold deleted groups — and appended to by every delete.
 */
import { counted, limitsOf, own, sizeOf, type NamespaceView } from '../../engine/kit/index.js';
import type { KazooState } from './state.js';

interface Deleted {
  account: string;
  id: string;
  /** When it was deleted (its `modified`), ms on the engine clock. */
  at: number;
}

/** A queue with a moving head: shifting 10,000 entries one by one would be quadratic. */
interface Queue {
  items: Deleted[];
  head: number;
}

const queues = new WeakMap<KazooState, Queue>();

function queueOf(state: KazooState): Queue {
  let q = queues.get(state);
  if (!q) {
    const items: Deleted[] = [];
    for (const [account, a] of Object.entries(state.accounts))
      for (const [id, g] of Object.entries(a.groups)) if (g.deleted) items.push({ account, id, at: g.modified });
    items.sort((x, y) => x.at - y.at);
    q = { items, head: 0 };
    queues.set(state, q);
  }
  return q;
}

/** Soft-deleted groups the state keeps (not yet purged). */
export const deletedKept = (state: KazooState): number => {
  const q = queueOf(state);
  return q.items.length - q.head;
};

/** Groups of the namespace that are not deleted: what `--max-resources` bounds. */
export function liveGroups(state: KazooState): number {
  let n = 0;
  for (const a of Object.values(state.accounts)) n += sizeOf(a.groups);
  return n - deletedKept(state);
}

/** Called by the delete handler, after the group is marked deleted. */
export function groupDeleted(ns: NamespaceView<KazooState>, account: string, id: string): void {
  // A queue built now, from the state, already holds this group.
  const built = queues.has(ns.state);
  const q = queueOf(ns.state);
  if (built) {
    const entry = { account, id, at: ns.clock.now() };
    // In deletion order; a clock moved back puts an entry before later ones (rarely: a search).
    let at = q.items.length;
    while (at > q.head && q.items[at - 1]!.at > entry.at) at--;
    q.items.splice(at, 0, entry);
  }
  purgeDeleted(ns);
}

/** Removes for good the deleted groups past the retention, and the oldest past the cap. */
export function purgeDeleted(ns: NamespaceView<KazooState>): void {
  const q = queueOf(ns.state);
  const { deletedRetentionMs, maxDeleted } = limitsOf(ns);
  const now = ns.clock.now();
  while (q.head < q.items.length) {
    const next = q.items[q.head]!;
    if (q.items.length - q.head <= maxDeleted && now - next.at < deletedRetentionMs) break;
    q.head++;
    const groups = own(ns.state.accounts, next.account)?.groups;
    if (groups && own(groups, next.id)?.deleted) {
      delete groups[next.id];
      counted(groups, -1);
    }
  }
  if (q.head > 1024 && q.head * 2 > q.items.length) {
    q.items = q.items.slice(q.head);
    q.head = 0;
  }
}
