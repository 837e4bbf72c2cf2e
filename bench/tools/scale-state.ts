/**
 * The scale part of `npm run bench`, in one process and in seconds: a namespace grown by the
 * vendor's bench scenario (`bench/scenarios/<api>.ts`) to 100,000 groups and 500,000 memberships,
 * imported through `PUT /__admin/state/<api>` on a loopback port (the body read as it arrives:
 * src/engine/admin/streamed-json.ts), then the filtered sorted page and the get by id timed over
 * HTTP, and the heap and RSS after a GC — of this one process, which holds the client's text until
 * it is sent (the bench's scale part measures the server alone, in its own process). It exists to
 * measure vendor state and listing work without the full bench.
 *
 * @example
 *   node --expose-gc --import tsx bench/tools/scale-state.ts            # kazoo, mdm
 *   SCALE_APIS=kazoo SCALE_GROUPS=20000 node --expose-gc --import tsx bench/tools/scale-state.ts
 */
import type { AddressInfo } from 'node:net';
import { allApis } from '../../src/apis/index.js';
import { createMockServer } from '../../src/engine/app.js';
import { scenarios } from '../scenarios/index.js';
import type { Send } from '../scenarios/types.js';

const NAMESPACE = 'bench-scale';
const groups = Number(process.env.SCALE_GROUPS ?? 100_000);
const memberships = Number(process.env.SCALE_MEMBERSHIPS ?? 500_000);
const runs = Number(process.env.SCALE_RUNS ?? 50);
const apis = (process.env.SCALE_APIS ?? 'kazoo,mdm').split(',');
const mb = (n: number) => Math.round(n / 1e6);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function main() {
  if (!(globalThis as { gc?: unknown }).gc) console.warn('scale-state: run with node --expose-gc for memory after GC');
  for (const name of apis) {
    const v = scenarios[name];
    if (!v?.scale) throw new Error(`no scale scenario for ${name}`);
    const mod = allApis.find((a) => a.name === name)!;
    const server = createMockServer({ apis: [mod], seed: 1, clockMode: 'system' });
    const http = server.app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const send: Send = async (method, path, opts = {}) => {
      const headers: Record<string, string> = { 'x-mock-namespace': NAMESPACE, ...opts.headers };
      let body: string | undefined;
      if (opts.body !== undefined)
        (headers['content-type'] ??= 'application/json'),
          (body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
      const res = await fetch(base + path, { method, headers, body });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.status, text, json, contentType: res.headers.get('content-type') ?? '' };
    };
    gc();
    const before = process.memoryUsage();
    // Only the JSON text outlives this line, as in the bench (the grown object is the client's).
    let text: string | undefined = JSON.stringify(
      v.scale.grow(server.store.exportState(name, NAMESPACE), { groups, memberships }),
    );
    const bytes = text.length;
    const t0 = performance.now();
    const put = await send('PUT', `/__admin/state/${name}?namespace=${NAMESPACE}`, { body: text });
    text = undefined;
    if (put.status !== 200) throw new Error(`${name}: state refused (${put.status}): ${put.text.slice(0, 500)}`);
    const importMs = performance.now() - t0;
    gc();
    const imported = process.memoryUsage();
    const auth = await v.login(send);
    const time = async (label: string, step: ReturnType<NonNullable<typeof v.scale>['page']>) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const r = await send(step.method, step.path, { headers: step.headers, body: step.body });
        ms.push(performance.now() - t);
        if (r.status !== step.status) throw new Error(`${label}: ${r.status} ${r.text.slice(0, 300)}`);
      }
      ms.sort((a, b) => a - b);
      return `${label} p50 ${percentile(ms, 0.5).toFixed(1)} ms, p99 ${percentile(ms, 0.99).toFixed(1)} ms (${runs} runs)`;
    };
    const page = await time('page', v.scale.page(auth));
    const get = await time('get', v.scale.get(auth, { groups, memberships }));
    gc();
    const after = process.memoryUsage();
    console.log(
      `${name}: ${groups} groups, ${memberships} memberships; import ${(bytes / 1e6).toFixed(1)} MB in ${importMs.toFixed(0)} ms`,
    );
    console.log(`  ${page}; ${get}`);
    console.log(
      `  after GC: heap ${mb(before.heapUsed)} → ${mb(imported.heapUsed)} (imported) → ${mb(after.heapUsed)} MB (V8 holds ${mb(after.heapTotal)} MB), external ${mb(after.external)} MB, rss ${mb(before.rss)} → ${mb(imported.rss)} → ${mb(after.rss)} MB`,
    );
    http.close();
    server.runtime.reset();
    gc();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
