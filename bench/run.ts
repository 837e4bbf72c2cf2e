/**
 * `npm run bench`: throughput and latency of the mock on loopback, against targets. Not part of
 * `npm test` (timings are not tests). Each scenario runs a bounded number of requests for at most a
 * bounded time, from CONCURRENCY keep-alive connections, and the report goes to stdout and to
 * bench/report.md.
 *
 * @example
 *   npm run bench                 # all scenarios
 *   BENCH_SECONDS=3 npm run bench # shorter runs
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allApis } from '../src/apis/index.js';
import { createMockServer } from '../src/engine/app.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MAX_REQUESTS = 200_000;
/** Requests sent before measuring each scenario, so the JIT and caches are warm. */
const WARM_UP = 500;
const CONCURRENCY = 16;

interface Scenario {
  name: string;
  /** Requests per second at least, and the 99th percentile latency at most (ms). */
  target: { rps: number; p99Ms: number };
  /** The status every answer must have; any other counts as an error. */
  status: number;
  setup?(): Promise<void>;
  request(i: number): { method: string; path: string; headers?: Record<string, string>; body?: unknown };
}

const server = createMockServer({ apis: allApis, seed: 1 });
const listener = server.app.listen(0, '127.0.0.1');
await new Promise((r) => listener.once('listening', r));
const port = (listener.address() as AddressInfo).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown, raw?: string): Promise<{ status: number; text: string }> {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const login = await send('PUT', '/kazoo/v2/api_auth', {}, { data: { api_key: '6465d6f2e5c1b8a74d2f3e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c' } });
const token = JSON.parse(login.text).auth_token as string;
const auth = { 'x-auth-token': token };
const oauth = await send('POST', '/thingspace/api/ts/v1/oauth2/token', {
  authorization: `Basic ${Buffer.from('demo-app-key:demo-app-secret').toString('base64')}`,
  'content-type': 'application/x-www-form-urlencoded',
}, undefined, 'grant_type=client_credentials');
const bearer = `Bearer ${JSON.parse(oauth.text).access_token}`;
const session = await send('POST', '/thingspace/api/m2m/v1/session/login', { authorization: bearer }, { username: 'demo-user', password: 'demo-password' });
const m2m = { authorization: bearer, 'vz-m2m-token': JSON.parse(session.text).sessionToken as string };

// Each scenario starts from these states (the demo tenants plus the bench's credentials).
const kazooState = server.store.exportState('kazoo', 'default');
const thingspaceState = server.store.exportState('thingspace', 'default');
const groups = '/kazoo/v2/accounts/de000000000000000000000000000001/groups';

const scenarios: Scenario[] = [
  { name: 'kazoo get group', status: 200, target: { rps: 1500, p99Ms: 30 }, request: () => ({ method: 'GET', path: `${groups}/f0000000000000000000000000000001`, headers: auth }) },
  {
    name: 'kazoo list groups (page of 50 of 124)',
    status: 200, target: { rps: 800, p99Ms: 50 },
    async setup() {
      for (let i = 0; i < 120; i++) await send('PUT', groups, auth, { data: { name: `Seed ${i}`, endpoints: {} } });
    },
    request: () => ({ method: 'GET', path: `${groups}?page_size=50`, headers: auth }) },
  { name: 'kazoo create group', status: 201, target: { rps: 800, p99Ms: 50 }, request: (i) => ({ method: 'PUT', path: groups, headers: auth, body: { data: { name: `Bench ${i}`, endpoints: {} } } }) },
  { name: 'kazoo validation error (400)', status: 400, target: { rps: 1000, p99Ms: 40 }, request: () => ({ method: 'PUT', path: groups, headers: auth, body: { data: { endpoints: {} } } }) },
  { name: 'thingspace list device groups', status: 200, target: { rps: 1500, p99Ms: 30 }, request: () => ({ method: 'GET', path: '/thingspace/api/m2m/v1/groups/0000123456-00001', headers: m2m }) },
  { name: 'thingspace group information (202 page)', status: 202, target: { rps: 1200, p99Ms: 40 }, request: () => ({ method: 'GET', path: '/thingspace/api/m2m/v1/groups/0000123456-00001/name/Fleet%20West', headers: m2m }) },
  { name: 'kazoo Prefer example', status: 404, target: { rps: 1500, p99Ms: 30 }, request: () => ({ method: 'GET', path: groups, headers: { ...auth, prefer: 'code=404' } }) },
];

interface Result {
  name: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  pass: boolean;
  target: Scenario['target'];
}

async function run(s: Scenario): Promise<Result> {
  for (let i = 0; i < WARM_UP; i += CONCURRENCY) {
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => s.request(MAX_REQUESTS + i + k)).map((r) => send(r.method, r.path, r.headers, r.body)));
  }
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline && next < MAX_REQUESTS) {
      const r = s.request(next++);
      const t0 = performance.now();
      const res = await send(r.method, r.path, r.headers, r.body);
      latencies.push(performance.now() - t0);
      if (res.status !== s.status) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const rps = latencies.length / elapsed;
  const result = { name: s.name, requests: latencies.length, errors, rps, p50: q(0.5), p99: q(0.99), max: latencies.at(-1) ?? 0, target: s.target, pass: false };
  result.pass = errors === 0 && rps >= s.target.rps && result.p99 <= s.target.p99Ms;
  return result;
}

const results: Result[] = [];
for (const s of scenarios) {
  server.store.reset();
  await send('PUT', '/__admin/state/kazoo', {}, kazooState);
  await send('PUT', '/__admin/state/thingspace', {}, thingspaceState);
  await s.setup?.();
  const r = await run(s);
  results.push(r);
  console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target ≥ ${r.target.rps} req/s, p99 ≤ ${r.target.p99Ms} ms)`);
}
listener.close();
agent.destroy();

const rows = results.map((r) => `| ${r.name} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.errors} | ≥ ${r.target.rps} req/s, p99 ≤ ${r.target.p99Ms} ms | ${r.pass ? 'pass' : 'FAIL'} |`);
const report = `# groups-mock benchmark

${new Date().toISOString()} · Node ${process.version} · ${CONCURRENCY} keep-alive connections on loopback · ${WARM_UP} warm-up requests, then ${SECONDS} s a scenario (at most ${MAX_REQUESTS} requests) · the load generator runs in the same process as the server · responses validated against the spec as always.

| scenario | requests | req/s | p50 ms | p99 ms | max ms | unexpected status | target | result |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(new URL('./report.md', import.meta.url), report);
console.log('\nreport: bench/report.md');
process.exit(results.every((r) => r.pass) ? 0 : 1);
