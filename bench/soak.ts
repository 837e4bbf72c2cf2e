/**
 * `npm run bench:soak`: does the mock's memory level off under hours' worth of stateful traffic?
 * The built command (`bin/groups-mock.js serve --log-level silent`) runs in its own process; the
 * load generator (`bench/load.mjs`, autocannon) in one process per vendor, each walking that vendor's
 * mixed loop — login (where logging in is an API call), create, get, update, list, delete — at full
 * speed for `SOAK_SECONDS`. Every `SOAK_SAMPLE_SECONDS` the server's RSS (the kernel's VmRSS) and its
 * heap (`GET /__admin/health` → `memory`, with each namespace's sizes) are sampled. The report: RSS and
 * heap over time, growth per million requests over the second half of the run, and whether RSS
 * levels off — its plateau and the time it reached it. Never part of `npm test` (docs/memory.md).
 *
 * Knobs: SOAK_SECONDS (default 300), SOAK_SAMPLE_SECONDS (5), SOAK_CONNECTIONS per vendor (10),
 * SOAK_APIS (comma list, default all), SOAK_HEAP_SNAPSHOTS=1 (the server writes a heap snapshot at
 * the first and the last sample into .bench/, to diff in Chrome DevTools' Memory tab),
 * SOAK_ARGS (extra `serve` flags, e.g. "--max-deleted 1000"). Results: .bench/soak.json, .bench/soak.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_API_KEY as KAZOO_API_KEY } from '../src/apis/kazoo/demo.js';
import { plaspyDemo } from '../src/apis/plaspy/demo.js';
import { thingspaceDemo } from '../src/apis/thingspace/demo.js';
import { demoCredentials } from '../src/engine/kit/demo.js';
import { allApis } from '../src/apis/index.js';
import { freePort, load, rssMb, startServer, stopAll, type LoadResult } from './procs.js';
import { scenarios } from './scenarios/index.js';
import { fetchSend } from './scenarios/fetch-send.js';
import type { Step } from './scenarios/types.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(root, 'bin/groups-mock.js');
const OUT = join(root, '.bench');

const num = (name: string, dflt: number) => {
  const v = process.env[name];
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${v}`);
  return n;
};
const SECONDS = num('SOAK_SECONDS', 300);
const SAMPLE_SECONDS = num('SOAK_SAMPLE_SECONDS', 5);
const CONNECTIONS = num('SOAK_CONNECTIONS', 10);
const SNAPSHOTS = process.env.SOAK_HEAP_SNAPSHOTS === '1';
const EXTRA = (process.env.SOAK_ARGS ?? '').split(/\s+/).filter(Boolean);
const only = process.env.SOAK_APIS ? new Set(process.env.SOAK_APIS.split(',')) : undefined;
const vendors = allApis.map((a) => scenarios[a.name]!).filter((v) => !only || only.has(v.api));
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

/**
 * A login as the loop's first step, where logging in is an API call that issues a token: a client
 * that logs in on every loop is what grows a token map. (MDM's and Bold's credentials are the
 * tenant's, issued by no call.)
 */
const LOGIN_STEP: Record<string, (auth: Record<string, string>) => Step | undefined> = {
  kazoo: () => ({
    method: 'PUT',
    path: '/kazoo/v2/api_auth',
    body: { data: { api_key: KAZOO_API_KEY } },
    status: 201,
  }),
  plaspy: () => ({
    method: 'POST',
    path: '/plaspy/api/Auth/Token',
    body: { userName: demoCredentials(plaspyDemo).userName, apiKey: demoCredentials(plaspyDemo).apiKey },
    status: 200,
  }),
  thingspace: (auth) => ({
    method: 'POST',
    path: '/thingspace/api/m2m/v1/session/login',
    headers: { authorization: auth.authorization! },
    body: { username: demoCredentials(thingspaceDemo).username, password: demoCredentials(thingspaceDemo).password },
    status: 200,
  }),
};

interface Sample {
  /** Seconds since the load started. */
  t: number;
  rssMb: number;
  heapUsedMb: number;
  /** What the default namespace holds, per API (resources and the rest). */
  sizes: Record<string, Record<string, number>>;
}

interface Health {
  memory: { rss: number; heapUsed: number };
  sizes: Record<string, Record<string, Record<string, number>>>;
}

const MB = 1024 * 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

/**
 * Where a series levels off: the plateau is the mean of its last fifth; it was reached at the
 * earliest sample from which every later one stays within `band` MB of it (at least 3 % of it).
 * Undefined when the last fifth still climbs by more than the band.
 */
function plateauOf(samples: Array<{ t: number; v: number }>): { value: number; reachedAt: number } | undefined {
  if (samples.length < 5) return undefined;
  const tail = samples.slice(Math.floor(samples.length * 0.8));
  const value = mean(tail.map((s) => s.v));
  const band = Math.max(5, value * 0.03);
  if (tail.at(-1)!.v - tail[0]!.v > band) return undefined;
  let reachedAt = samples.at(-1)!.t;
  for (let i = samples.length - 1; i >= 0; i--) {
    if (Math.abs(samples[i]!.v - value) > band) break;
    reachedAt = samples[i]!.t;
  }
  return { value, reachedAt };
}

/** MB per million requests between the middle and the end (the first half is warm-up and fill). */
function growthPerMillion(samples: Array<{ t: number; v: number }>, rps: number): number {
  const mid = samples.filter((s) => s.t >= samples.at(-1)!.t / 2);
  if (mid.length < 2) return 0;
  const head = mean(mid.slice(0, Math.max(1, Math.floor(mid.length / 5))).map((s) => s.v));
  const tail = mean(mid.slice(-Math.max(1, Math.floor(mid.length / 5))).map((s) => s.v));
  const seconds = mid.at(-1)!.t - mid[0]!.t;
  const millions = (rps * seconds) / 1e6;
  return millions > 0 ? (tail - head) / millions : 0;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.endsWith('.heapsnapshot')) rmSync(join(OUT, f));
  if (process.env.SOAK_NO_BUILD !== '1') {
    log('npm run build');
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const port = await freePort();
  const nodeFlags = SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${OUT}`] : [];
  const server = await startServer(
    'groups-mock',
    [...nodeFlags, CLI, 'serve', '--port', String(port), '--log-level', 'silent', '--seed', '1', ...EXTRA],
    port,
    async (url) => (await fetch(`${url}/__admin/health`)).ok,
  );
  const send = fetchSend(server.url);
  const jobs: Array<{ api: string; steps: Step[] }> = [];
  for (const v of vendors) {
    const auth = await v.login(send);
    const loginStep = LOGIN_STEP[v.api]?.(auth);
    jobs.push({ api: v.api, steps: [...(loginStep ? [loginStep] : []), ...v.mixed(auth)] });
  }
  const health = async (): Promise<Health> => (await (await fetch(`${server.url}/__admin/health`)).json()) as Health;
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const h = await health();
    samples.push({
      t: round((performance.now() - started) / 1000),
      rssMb: round(rssMb(server.pid) ?? h.memory.rss / MB),
      heapUsedMb: round(h.memory.heapUsed / MB),
      sizes: h.sizes.default ?? {},
    });
    const last = samples.at(-1)!;
    log(`t=${last.t}s rss ${last.rssMb} MB heap ${last.heapUsedMb} MB`);
  };
  const snapshot = () => SNAPSHOTS && process.kill(server.pid, 'SIGUSR2');
  // The last snapshot is written while the server runs on: wait until its size stops changing (at most 2 min).
  const snapshotWritten = async () => {
    let last = -1;
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const sizes = readdirSync(OUT)
        .filter((f) => f.endsWith('.heapsnapshot'))
        .map((f) => statSync(join(OUT, f)).size);
      const total = sizes.reduce((a, b) => a + b, 0);
      if (sizes.length >= 2 && sizes.every((n) => n > 0) && total === last) return;
      last = total;
    }
  };
  log(
    `${SECONDS} s of mixed loops on ${jobs.map((j) => j.api).join(', ')}, ${CONNECTIONS} connections each; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await sample();
  snapshot();
  const loads = jobs.map((j) =>
    load({ url: server.url, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 0, steps: j.steps }),
  );
  const timer = setInterval(() => void sample().catch(() => undefined), SAMPLE_SECONDS * 1000);
  const results: LoadResult[] = await Promise.all(loads);
  clearInterval(timer);
  await sample();
  snapshot();
  if (SNAPSHOTS) await snapshotWritten();
  await server.stop();

  const requests = results.reduce((a, r) => a + r.requests, 0);
  const rps = requests / SECONDS;
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [s, n] of Object.entries(r.statuses ?? {})) statuses[s] = (statuses[s] ?? 0) + n;
  const fiveXX = Object.entries(statuses)
    .filter(([s]) => s.startsWith('5'))
    .reduce((a, [, n]) => a + n, 0);
  const unexpected = results.reduce((a, r) => a + r.unexpected + r.errors, 0);
  const rss = samples.map((s) => ({ t: s.t, v: s.rssMb }));
  // Heap in use swings with each GC: the lowest of three samples in a row is close to what is live.
  const heap = samples.map((s, i) => ({
    t: s.t,
    v: Math.min(...samples.slice(Math.max(0, i - 2), i + 1).map((x) => x.heapUsedMb)),
  }));
  const report = {
    date: new Date().toISOString(),
    seconds: SECONDS,
    connectionsPerVendor: CONNECTIONS,
    vendors: jobs.map((j) => j.api),
    cpus: os.cpus().length,
    loadAverageAtEnd: os.loadavg(),
    node: process.version,
    serveArgs: EXTRA,
    requests,
    rps: round(rps),
    perVendor: Object.fromEntries(
      jobs.map((j, i) => [j.api, { requests: results[i]!.requests, rps: round(results[i]!.rps) }]),
    ),
    statuses,
    fiveXX,
    unexpected,
    rss: {
      first: rss[0]?.v,
      max: Math.max(...rss.map((s) => s.v)),
      last: rss.at(-1)?.v,
      growthMbPerMillion: round(growthPerMillion(rss, rps), 2),
      plateau: plateauOf(rss),
    },
    heap: {
      first: heap[0]?.v,
      max: Math.max(...heap.map((s) => s.v)),
      last: heap.at(-1)?.v,
      growthMbPerMillion: round(growthPerMillion(heap, rps), 2),
      plateau: plateauOf(heap),
    },
    sizesAtEnd: samples.at(-1)?.sizes,
    samples,
    snapshots: SNAPSHOTS ? readdirSync(OUT).filter((f) => f.endsWith('.heapsnapshot')) : [],
  };
  writeFileSync(join(OUT, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  const verdict = (p: { value: number; reachedAt: number } | undefined) =>
    p ? `levels off at ${round(p.value)} MB after ${round(p.reachedAt, 0)} s` : 'does not level off within the run';
  const md = [
    `# Soak: ${SECONDS} s, ${report.vendors.join(', ')} (${report.date})`,
    '',
    `${requests} requests (${report.rps}/s), ${fiveXX} 5xx, ${unexpected} unexpected statuses or errors; ${report.cpus} cores, load average at the end ${report.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}.`,
    '',
    '| measure | first MB | max MB | last MB | growth MB per million requests (second half) | verdict |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    `| RSS | ${report.rss.first} | ${report.rss.max} | ${report.rss.last} | ${report.rss.growthMbPerMillion} | ${verdict(report.rss.plateau)} |`,
    `| heap in use (lowest of 3 samples) | ${report.heap.first} | ${report.heap.max} | ${report.heap.last} | ${report.heap.growthMbPerMillion} | ${verdict(report.heap.plateau)} |`,
    '',
    `Default namespace at the end: ${JSON.stringify(report.sizesAtEnd)}`,
    '',
  ].join('\n');
  writeFileSync(join(OUT, 'soak.md'), md);
  console.log(`\n${md}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(stopAll);
