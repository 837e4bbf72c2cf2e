/**
 * `--store` and `--workers` checked (issue 28, docs/team-scale.md). The in-memory store — one
 * process, nothing to install — is the only one this version has. A `redis://` URL is refused as a
 * usage error that says so, rather than accepted and quietly served from memory: replicas pointed
 * at one Redis would each keep their own state and disagree, which is worse than not starting. More
 * than one worker needs a shared store for the same reason. The Redis client is not loaded here:
 * when the store exists it is imported only once `--store redis://` is given.
 */
import { type ResolvedFlags, UsageError } from './flags.js';

export type StoreChoice = { kind: 'memory' };

export function storeOf(f: ResolvedFlags): StoreChoice {
  const store = String(f.store ?? 'memory');
  const workers = (f.workers as number | undefined) ?? 1;
  if (/^rediss?:\/\//i.test(store))
    throw new UsageError(
      `--store ${store.replace(/\/\/[^@/]*@/, '//…@')}: the Redis store is not yet available in this version (its design: docs/team-scale.md); use --store memory`,
    );
  if (store !== 'memory')
    throw new UsageError(`--store must be memory or a redis:// URL, not "${store.slice(0, 100)}"`);
  if (workers > 1)
    throw new UsageError(
      `--workers ${workers} needs a shared store: with --store memory each worker would keep its own state, and a client's next request, landed on another worker, would not see what its last one did; run one worker (docs/team-scale.md)`,
    );
  return { kind: 'memory' };
}
