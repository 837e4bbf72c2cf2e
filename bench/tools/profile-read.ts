/**
 * A CPU profile of the read under load: groups-mock (the build in dist/, as `npm run bench` runs
 * it) started with `node --cpu-prof`, one vendor's read sent by the bench's load generator
 * (bench/load.mjs, its own process) for some seconds, the server stopped with SIGTERM (so that it
 * writes its profile), and the profile summarised by bench/tools/profile-summary.mjs.
 *
 * @example
 *   npm run build && npx tsx bench/tools/profile-read.ts kazoo 10     # vendor, seconds
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, load, startServer } from '../procs.js';
import { scenarios } from '../scenarios/index.js';
import type { Send } from '../scenarios/types.js';

const [api = 'kazoo', secondsArg = '10', topArg = '25'] = process.argv.slice(2);
const root = fileURLToPath(new URL('../..', import.meta.url));
const v = scenarios[api];
if (!v) throw new Error(`no vendor ${api} (known: ${Object.keys(scenarios).join(', ')})`);

const dir = mkdtempSync(join(os.tmpdir(), 'groups-mock-profile-'));
const port = await freePort();
const spawned = performance.now();
const server = await startServer(
  'groups-mock',
  [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    join(root, 'bin/groups-mock.js'),
    'serve',
    '--port',
    String(port),
    '--log-level',
    'silent',
    '--seed',
    '1',
  ],
  port,
  async (url) => (await fetch(`${url}/__admin/health`)).ok,
);
const send: Send = async (method, path, opts = {}) => {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(server.url + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, text, json, contentType: res.headers.get('content-type') ?? '' };
};
const auth = await v.login(send);
const WARMUP_SECONDS = 2;
// The summary leaves out start-up, the login and the warm-up: the load alone (a few ms of slack).
const skipMs = Math.round(performance.now() - spawned) + WARMUP_SECONDS * 1000 + 300;
const r = await load({
  url: server.url,
  connections: 50,
  seconds: Number(secondsArg),
  warmupSeconds: WARMUP_SECONDS,
  steps: [v.read(auth)],
});
console.log(
  `${api} read under --cpu-prof: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors + r.unexpected}`,
);
await server.stop();
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
console.log(`profile: ${join(dir, file)}`);
spawnSync(process.execPath, [join(root, 'bench/tools/profile-summary.mjs'), join(dir, file), topArg, String(skipMs)], {
  stdio: 'inherit',
});
