/**
 * `npm run bench`: groups-mock side by side with Prism and the ceilings (a minimal Express 5 route
 * and a bare `node:http` server sending the mock's bytes), each server in its own process and the
 * load generator (autocannon, `bench/load.mjs`) in another. Not part of `npm test`: timings are not
 * tests. Per vendor: a read, a list page, a create, a 4xx and a mixed stateful workload on the mock,
 * the same read on Prism and the ceilings, each at least twice (interleaved), medians; then start-up
 * times, one namespace grown to scale, and 1 MB bodies of every shape (bench/bodies.ts). Writes
 * .bench/results.json and .bench/results.md (ignored: a run never dirties the tree);
 * `npm run bench:publish` makes a full run the published one.
 *
 * Time (about 7 minutes for five vendors, from 10): each server warms up once per scenario — its
 * first run — not before every run (a server's JIT stays warm between runs); the read, whose
 * numbers the targets judge, runs `BENCH_SECONDS` (4 s); the mock's other scenarios and the scale
 * part's gets and the node:http ceiling, which no ratio depends on, `BENCH_OTHER_SECONDS` (3 s).
 * Measurements stay sequential.
 *
 * @example
 *   npm run bench                                    # the full run (about 7 minutes on 2 cores)
 *   BENCH_SECONDS=1 BENCH_RUNS=1 npm run bench       # a quick proof that it works
 *   BENCH_APIS=kazoo BENCH_SCALE_GROUPS=10000 npm run bench
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allApis } from '../src/apis/index.js';
import { benchConfig, USAGE } from './args.js';
import { runBaselineComparison } from './ab.js';
import { bodiesPart } from './bodies.js';
import {
  cpuMs,
  freePort,
  load,
  peakRssMb,
  resetPeak,
  rssMb,
  startServer,
  stopAll,
  type LoadResult,
  type Server,
} from './procs.js';
import { RUN_DIR } from './published-run.js';
import { renderMarkdown, type Measurement, type Results } from './report.js';
import { scenarios } from './scenarios/index.js';
import { javaVersion, startWireMock, wireMockBin } from './wiremock.js';
import { fetchSend } from './scenarios/fetch-send.js';
import type { Send, Step, VendorScenarios } from './scenarios/types.js';

let parsed: ReturnType<typeof benchConfig>;
try {
  parsed = benchConfig(process.env, process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
if (parsed === 'help') {
  console.log(USAGE);
  process.exit(0);
}
const config = parsed;
const root = fileURLToPath(new URL('..', import.meta.url));
const PRISM = join(root, 'node_modules/@stoplight/prism-cli/dist/index.js');
const SCALE_NAMESPACE = 'bench-scale';

// Every registered API needs scenarios: a vendor left out would make the comparison lie by omission.
const only = config.apis;
const unknown = [...(only ?? [])].filter((name) => !Object.hasOwn(scenarios, name));
if (unknown.length) {
  console.error(`bench: no vendor ${unknown.join(', ')} (known: ${Object.keys(scenarios).join(', ')})`);
  process.exit(2);
}
const missing = allApis.filter((a) => !Object.hasOwn(scenarios, a.name)).map((a) => a.name);
if (missing.length) {
  console.error(
    `bench: no scenarios for ${missing.join(', ')}: add bench/scenarios/<api>.ts and list it in bench/scenarios/index.ts`,
  );
  process.exit(1);
}
const vendors = allApis.map((a) => scenarios[a.name]!).filter((v) => !only || only.has(v.api));
const tmp = mkdtempSync(join(os.tmpdir(), 'groups-mock-bench-'));
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const ok = async (url: string) => (await fetch(url)).ok;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A load run with what the bench read of the server around it. */
type Measured = LoadResult & { peakMb?: number; cpuUsPerRequest?: number };

function summarize(label: string, server: string, runs: Array<Measured>): Measurement {
  const cpu = runs.map((r) => r.cpuUsPerRequest).filter((x): x is number => x !== undefined);
  return {
    label,
    server,
    runs: runs.length,
    rps: median(runs.map((r) => r.rps)),
    bestRps: Math.max(...runs.map((r) => r.rps)),
    cpuUsPerRequest: cpu.length ? median(cpu) : undefined,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    errors: runs.reduce((n, r) => n + r.errors + r.unexpected, 0),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    peakRssMb: Math.max(...runs.map((r) => r.peakMb ?? 0)) || undefined,
    statuses: runs.reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.statuses)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
  };
}

/**
 * One measured run against a server, with its peak memory and its CPU time per request; `run` 0
 * is warmed up first (a run of its own, not counted), later ones find the server warm.
 */
async function measureOnce(
  server: Server,
  steps: Step[],
  opts: { run: number; seconds: number; connections?: number; warmupSeconds?: number },
): Promise<Measured> {
  const warmupSeconds = opts.warmupSeconds ?? (opts.run === 0 ? config.warmupSeconds : 0);
  const job = { url: server.url, connections: opts.connections ?? config.connections, steps };
  if (warmupSeconds > 0) await load({ ...job, seconds: warmupSeconds, warmupSeconds: 0 });
  const pid = server.memoryPid();
  resetPeak(pid);
  const cpuBefore = cpuMs(pid);
  const r = await load({ ...job, seconds: opts.seconds, warmupSeconds: 0 });
  const cpuAfter = cpuMs(pid);
  const cpuUsPerRequest =
    cpuBefore !== undefined && cpuAfter !== undefined && r.requests > 0
      ? ((cpuAfter - cpuBefore) * 1000) / r.requests
      : undefined;
  return { ...r, peakMb: peakRssMb(pid), cpuUsPerRequest };
}

/** Sends each step once and fails loudly when an answer is not the one the scenario expects. */
async function probe(send: Send, label: string, steps: Step[]): Promise<{ text: string; contentType: string }> {
  const vars: Record<string, string> = {};
  let n = 0;
  let last = { text: '', contentType: '' };
  const fill = (s: string) =>
    s.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      if (name === 'next') vars.n = `probe${++n}`;
      return vars[name === 'next' ? 'n' : name] ?? `missing-${name}`;
    });
  for (const s of steps) {
    const body = s.body === undefined ? undefined : JSON.parse(fill(JSON.stringify(s.body)));
    const r = await send(s.method, fill(s.path), { headers: s.headers, body });
    if (r.status !== s.status)
      throw new Error(
        `bench scenario "${label}": ${s.method} ${s.path} answered ${r.status}, expected ${s.status}: ${r.text.slice(0, 500)}`,
      );
    for (const [name, pattern] of Object.entries(s.capture ?? {})) {
      const m = new RegExp(pattern).exec(r.text);
      if (!m)
        throw new Error(
          `bench scenario "${label}": ${s.method} ${s.path}: nothing in the answer matches ${pattern}: ${r.text.slice(0, 500)}`,
        );
      vars[name] = m[1]!;
    }
    last = r;
  }
  return last;
}

const startMock = (name: string, port: number, checkout = root) =>
  startServer(
    name,
    [join(checkout, 'bin/groups-mock.js'), 'serve', '--port', String(port), '--log-level', 'silent', '--seed', '1'],
    port,
    async (url) => {
      const r = await fetch(`${url}/__admin/health`);
      if (!r.ok) return false;
      const health = (await r.json()) as { apis: Array<{ name: string }> };
      return allApis.every((a) => health.apis.some((h) => h.name === a.name));
    },
  );

const startPrism = (v: VendorScenarios, port: number, readPath: string, headers: Record<string, string>) =>
  startServer(
    `prism ${v.api}`,
    [
      PRISM,
      'mock',
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '--errors=false',
      '-v',
      'error',
      join(root, `openapi/${v.api}.yaml`),
    ],
    port,
    async (url) => (await fetch(url + readPath, { headers })).ok,
  );

const LABELS: Record<string, string> = {
  list: 'list page',
  create: 'create',
  invalid: 'validation error (4xx)',
  mixed: 'mixed: create, get, update, list, delete',
};
const withoutPrefix = (v: VendorScenarios, path: string) => path.slice(v.api.length + 1);

async function main(): Promise<void> {
  if (config.baseline) {
    await runBaselineComparison(
      {
        root,
        config,
        vendors,
        log,
        startMock: async (name, checkout) => startMock(name, await freePort(), checkout),
        sender: (base) => fetchSend(base),
        measureOnce,
      },
      join(root, RUN_DIR),
    );
    return;
  }
  const started = performance.now();
  // The command as `npm ci` leaves it: built (otherwise bin/ would run the sources through tsx).
  log('npm run build');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const results: Results = {
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
    config: { ...config, parts: [...config.parts], apis: vendors.map((v) => v.api), baseline: undefined },
    date: new Date().toISOString(),
    vendors: [],
    scale: [],
  };

  if (config.parts.has('startup')) await startup(results);
  if (config.parts.has('read') || config.parts.has('scenarios')) await sideBySide(results);
  if (config.parts.has('scale')) await scale(results);
  if (config.parts.has('bodies')) await bodies(results);
  results.durationMs = performance.now() - started;

  mkdirSync(join(root, RUN_DIR), { recursive: true });
  writeFileSync(join(root, RUN_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = renderMarkdown(results);
  writeFileSync(join(root, RUN_DIR, 'results.md'), md);
  console.log(
    `\n${md}\nwritten: ${RUN_DIR}/results.json, ${RUN_DIR}/results.md (not tracked; \`npm run bench:publish\` makes a full run the published one)`,
  );
}

/** Start-up: the mock with every API, Prism with one spec, each to its first successful answer. */
async function startup(results: Results): Promise<void> {
  log('start-up times');
  const mockStarts: number[] = [];
  const prismStarts: number[] = [];
  const first = vendors[0]!;
  for (let i = 0; i < config.startupRuns; i++) {
    const m = await startMock('groups-mock', await freePort());
    mockStarts.push(m.startupMs);
    // Prism's read needs the credential headers' names only: it checks that they are there.
    const send = fetchSend(m.url);
    const auth = await first.login(send);
    await m.stop();
    const p = await startPrism(first, await freePort(), withoutPrefix(first, first.read(auth).path), auth);
    prismStarts.push(p.startupMs);
    await p.stop();
  }
  results.startup = {
    mockMs: median(mockStarts),
    prismMs: median(prismStarts),
    prismSpec: first.api,
    mockRuns: mockStarts,
    prismRuns: prismStarts,
  };
  log(
    `  groups-mock (${allApis.length} APIs) ${results.startup.mockMs.toFixed(0)} ms, Prism (${first.api}) ${results.startup.prismMs.toFixed(0)} ms`,
  );
}

/** The read's servers, in the order of the table; each round starts one further along (bench/ab.ts does the same). */
type ReadServer = 'mock' | 'prism' | 'wiremock' | 'express' | 'bare';
const READ_ORDER: ReadServer[] = ['mock', 'prism', 'wiremock', 'express', 'bare'];

/** Rotated by `round`: each server is measured first, second, … in turn, so drift hits them alike. */
export const rotated = <T>(xs: T[], round: number): T[] => xs.map((_, i) => xs[(i + round) % xs.length]!);

/** Per vendor: the read on the five servers (`read`), then the mock's other scenarios (`scenarios`). */
async function sideBySide(results: Results): Promise<void> {
  const mock = await startMock('groups-mock', await freePort());
  const send = fetchSend(mock.url);
  const java = config.parts.has('read') ? javaVersion() : undefined;
  if (config.parts.has('read')) {
    results.wiremock = java
      ? { version: wireMockBin().version, java }
      : {
          version: wireMockBin().version,
          missing: 'java not found: install with: apt-get install -y openjdk-17-jre-headless',
        };
    log(
      java ? `WireMock ${results.wiremock.version} on ${java}` : `WireMock not measured: ${results.wiremock.missing}`,
    );
  }
  for (const v of vendors) {
    log(`${v.api}`);
    const fresh = async () => {
      // Every namespace (the scale runs use their own): back to the demo tenants.
      const r = await send('POST', '/__admin/reset?namespace=*');
      if (r.status !== 200) throw new Error(`reset failed: ${r.text}`);
      return v.login(send);
    };
    let auth = await fresh();
    const kinds = ['read', 'list', 'create', 'invalid', 'mixed'] as const;
    const stepsOf = (kind: (typeof kinds)[number], a: Record<string, string>): Step[] =>
      kind === 'mixed' ? v.mixed(a) : [v[kind](a)];
    let readBytes = { text: '', contentType: '' };
    for (const kind of kinds) {
      const answer = await probe(send, `${v.api} ${kind}`, stepsOf(kind, auth));
      if (kind === 'read') readBytes = answer;
    }
    const measurements: Measurement[] = [];
    if (config.parts.has('read')) measurements.push(...(await readSideBySide(v, mock, fresh, readBytes, !!java)));
    if (config.parts.has('scenarios'))
      for (const kind of kinds.slice(1)) {
        const runs = [];
        for (let i = 0; i < config.runs; i++) {
          auth = await fresh();
          runs.push(await measureOnce(mock, stepsOf(kind, auth), { run: i, seconds: config.otherSeconds }));
        }
        const label = LABELS[kind]!;
        measurements.push(summarize(label, 'groups-mock', runs));
      }
    for (const m of measurements)
      log(
        `  ${m.server.padEnd(16)} ${m.label.padEnd(42)} ${m.rps.toFixed(0).padStart(6)} req/s (best ${m.bestRps?.toFixed(0) ?? '?'})  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  errors ${m.errors}  peak ${m.peakRssMb?.toFixed(0) ?? '?'} MB`,
      );
    results.vendors.push({ api: v.api, measurements });
  }
  await mock.stop();
}

/**
 * The read on every server at once: groups-mock, Prism, WireMock and the two ceilings sending the
 * mock's bytes; `config.readRounds` rounds, the servers taking turns (rotated each round).
 */
async function readSideBySide(
  v: VendorScenarios,
  mock: Server,
  fresh: () => Promise<Record<string, string>>,
  readBytes: { text: string; contentType: string },
  withWireMock: boolean,
): Promise<Measurement[]> {
  let auth = await fresh();
  const bodyFile = join(tmp, `${v.api}-read.json`);
  writeFileSync(bodyFile, readBytes.text);
  const contentType = readBytes.contentType || 'application/json';
  const readPath = v.read(auth).path;
  const prism = await startPrism(v, await freePort(), withoutPrefix(v, readPath), auth);
  const prismStatus = (await fetch(prism.url + withoutPrefix(v, readPath), { headers: auth })).status;
  const expressPort = await freePort();
  const express = await startServer(
    'express',
    [join(root, 'bench/ceilings/express-route.mjs'), String(expressPort), bodyFile, contentType],
    expressPort,
    (url) => ok(url + readPath),
  );
  const barePort = await freePort();
  const bare = await startServer(
    'node:http',
    [join(root, 'bench/ceilings/bare-http.mjs'), String(barePort), bodyFile, contentType],
    barePort,
    (url) => ok(url + readPath),
  );
  const wiremock = withWireMock
    ? await startWireMock({
        dir: mkdtempSync(join(tmp, `wiremock-${v.api}-`)),
        port: await freePort(),
        stubs: [{ path: readPath, bodyFile, contentType }],
      })
    : undefined;
  if (wiremock) {
    const r = await fetch(wiremock.url + readPath);
    const bytes = Buffer.from(await r.arrayBuffer());
    if (!bytes.equals(Buffer.from(readBytes.text)) || r.headers.get('content-type') !== contentType)
      throw new Error(
        `wiremock ${v.api}: the stub does not answer the mock's bytes (${r.headers.get('content-type')})`,
      );
  }
  const servers: Record<ReadServer, Server | undefined> = { mock, prism, wiremock, express, bare };
  const runs: Record<ReadServer, Array<Measured>> = {
    mock: [],
    prism: [],
    wiremock: [],
    express: [],
    bare: [],
  };
  const same: Step = { method: 'GET', path: readPath, status: 200 };
  for (let round = 0; round < config.readRounds; round++) {
    auth = await fresh();
    const steps: Record<ReadServer, Step[]> = {
      mock: [v.read(auth)],
      prism: [{ ...v.read(auth), path: withoutPrefix(v, readPath), status: prismStatus }],
      wiremock: [same],
      express: [same],
      bare: [same],
    };
    for (const name of rotated(READ_ORDER, round)) {
      const server = servers[name];
      if (!server) continue;
      const warmup = round > 0 ? 0 : name === 'wiremock' ? config.wireMockWarmupSeconds : config.warmupSeconds;
      // No ratio is taken to node:http (it is the ceiling shown beside them): the shorter seconds do.
      const seconds = name === 'bare' ? config.otherSeconds : config.seconds;
      runs[name].push(await measureOnce(server, steps[name], { run: round, seconds, warmupSeconds: warmup }));
    }
  }
  await Promise.all([prism.stop(), express.stop(), bare.stop(), wiremock?.stop()]);
  return [
    summarize('read (get by id)', 'groups-mock', runs.mock),
    summarize('read (get by id)', `Prism ${prismStatus}`, runs.prism),
    ...(wiremock ? [summarize('read, same bytes', 'WireMock 3.13', runs.wiremock)] : []),
    summarize('read, same bytes', 'Express 5 route', runs.express),
    summarize('read, same bytes', 'node:http', runs.bare),
  ];
}

/** Scale: one namespace of a fresh server grown through the admin state import. */
async function scale(results: Results): Promise<void> {
  for (const v of vendors.filter((x) => x.scale)) {
    log(`${v.api} at scale: ${config.scaleGroups} groups, ${config.scaleMemberships} memberships`);
    const server = await startMock('groups-mock', await freePort());
    const ns = fetchSend(server.url, SCALE_NAMESPACE);
    const admin = fetchSend(server.url);
    const baseAuth = await v.login(ns);
    const small = summarize('get by id, demo state', 'groups-mock', [
      await measureOnce(server, [v.read(baseAuth)], { run: 0, seconds: config.otherSeconds, connections: 1 }),
    ]);
    const rssBefore = rssMb(server.pid);
    const state = (await admin('GET', `/__admin/state/${v.api}?namespace=${SCALE_NAMESPACE}`)).json;
    const size = { groups: config.scaleGroups, memberships: config.scaleMemberships };
    const grown = v.scale!.grow(state, size);
    const bytes = Buffer.byteLength(JSON.stringify(grown));
    const t0 = performance.now();
    const put = await admin('PUT', `/__admin/state/${v.api}?namespace=${SCALE_NAMESPACE}`, { body: grown });
    const importMs = performance.now() - t0;
    if (put.status !== 200)
      throw new Error(`${v.api}: the grown state was refused (${put.status}): ${put.text.slice(0, 1000)}`);
    const auth = await v.login(ns);
    const withNs = (s: Step): Step => ({ ...s, headers: { ...s.headers, 'x-mock-namespace': SCALE_NAMESPACE } });
    await probe(ns, `${v.api} scale page`, [v.scale!.page(auth)]);
    await probe(ns, `${v.api} scale get`, [v.scale!.get(auth, size)]);
    // The page gets the read's seconds: at a few hundred ms each, it needs them for a median.
    const page = summarize('filtered sorted page', 'groups-mock', [
      await measureOnce(server, [withNs(v.scale!.page(auth))], { run: 0, seconds: config.seconds, connections: 1 }),
    ]);
    const get = summarize('get by id', 'groups-mock', [
      await measureOnce(server, [withNs(v.scale!.get(auth, size))], {
        run: 0,
        seconds: config.otherSeconds,
        connections: 1,
      }),
    ]);
    results.scale.push({
      api: v.api,
      groups: config.scaleGroups,
      memberships: config.scaleMemberships,
      importBytes: bytes,
      importMs,
      rssBeforeMb: rssBefore,
      rssAfterMb: rssMb(server.pid),
      peakRssMb: peakRssMb(server.pid),
      page,
      get,
      getDemo: small,
    });
    log(
      `  import ${(bytes / 1e6).toFixed(1)} MB in ${importMs.toFixed(0)} ms; RSS ${rssMb(server.pid)?.toFixed(0)} MB; page p50 ${page.p50} ms; get p50 ${get.p50} ms (demo state ${small.p50} ms)`,
    );
    await server.stop();
  }
}

/** 1 MB bodies of every shape, and how long one delays the others (bench/bodies.ts). */
async function bodies(results: Results): Promise<void> {
  log('1 MB bodies');
  const mock = await startMock('groups-mock', await freePort());
  try {
    results.bodies = await bodiesPart({
      mock,
      send: fetchSend(mock.url),
      vendors,
      tmp,
      seconds: config.otherSeconds,
      warmupSeconds: config.warmupSeconds,
      log,
      summarize,
    });
  } finally {
    await mock.stop();
  }
}

main()
  .then(() => {
    stopAll();
    process.exit(0);
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    stopAll();
    process.exit(1);
  });
