/**
 * Where a contract run against the mock keeps its state. With `--login` and no `X-Mock-Namespace`
 * header the run gets a fresh namespace of its own (a copy of the demo tenant the mock makes on first
 * use) and resets it at the end, so that the `default` namespace — the demo tenant a developer or
 * another job is using — is left exactly as it was. With `--auth-header` the credentials belong to
 * a namespace the caller chose, and the run stays in it; against any other server there is nothing
 * of the kind to choose.
 */
import { randomBytes } from 'node:crypto';
import { send } from './http.js';
import type { Target } from './target.js';

export interface RunNamespace {
  /** The headers to send (the caller's, plus the namespace when the run made one). */
  headers: Record<string, string>;
  /** The namespace the run made itself, if it did. */
  namespace?: string;
  /** Resets the namespace the run made (nothing otherwise); a failure is written on stderr, never thrown. */
  release(): Promise<void>;
}

export async function ownNamespace(
  target: Target,
  login: boolean,
  headers: Record<string, string>,
  seed: number,
  timeoutMs: number,
): Promise<RunNamespace> {
  const given = Object.keys(headers).some((h) => h.toLowerCase() === 'x-mock-namespace');
  if (target.kind !== 'mock' || !target.root || !login || given) return { headers, release: async () => {} };
  const namespace = `contract-${seed}-${randomBytes(4).toString('hex')}`;
  return {
    headers: { ...headers, 'X-Mock-Namespace': namespace },
    namespace,
    async release() {
      const res = await send(
        {
          method: 'POST',
          url: `${target.root}/__admin/reset?namespace=${namespace}`,
          headers: { Accept: 'application/json' },
        },
        undefined,
        timeoutMs,
      );
      if (res.status !== 200)
        process.stderr.write(
          `groups-mock: could not reset namespace ${namespace}: ${res.status || res.error} ${res.text.slice(0, 200)}\n`,
        );
    },
  };
}
