/**
 * What the base URL is: groups-mock says so in `/__admin/health` (`"product": "groups-mock"`,
 * `"role": "mock"` or `"proxy"`, the proxy also its upstream); anything else is a live server. Only
 * against the mock (directly or through its proxy) do the mock's own `x-mock-responses` statuses
 * count as documented, and only there may a run make itself a namespace of its own.
 */
import { send } from './http.js';

export interface Target {
  kind: 'mock' | 'proxy' | 'live';
  /** The mock's root (`http://127.0.0.1:4010`), when it is one, for its admin calls. */
  root?: string;
  /** For a proxy: what stands behind it. */
  upstream?: Target;
}

async function health(root: string, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  const res = await send(
    { method: 'GET', url: `${root}/__admin/health`, headers: { Accept: 'application/json' } },
    undefined,
    timeoutMs,
  );
  const body =
    res.status === 200 && res.json && typeof res.json === 'object' ? (res.json as Record<string, unknown>) : undefined;
  return body?.product === 'groups-mock' ? body : undefined;
}

export async function detectTarget(baseUrl: string, timeoutMs = 5000, depth = 0): Promise<Target> {
  let root: string;
  try {
    root = new URL(baseUrl).origin;
  } catch {
    return { kind: 'live' };
  }
  const h = await health(root, timeoutMs);
  if (h?.role === 'mock') return { kind: 'mock', root };
  if (h?.role === 'proxy') {
    const up =
      typeof h.upstream === 'string' && depth < 2 ? await detectTarget(h.upstream, timeoutMs, depth + 1) : undefined;
    return { kind: 'proxy', root, ...(up ? { upstream: up } : {}) };
  }
  return { kind: 'live' };
}

/** The mock's own statuses count as documented: the answers come from groups-mock's engine. */
export const answersAreTheMocks = (t: Target): boolean =>
  t.kind === 'mock' || (t.kind === 'proxy' && t.upstream?.kind === 'mock');
