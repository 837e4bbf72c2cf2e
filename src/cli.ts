/**
 * The `groups-mock` command.
 *
 * @example
 *   groups-mock serve --port 4010 --api kazoo --seed 7
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { allApis } from './apis/index.js';
import { createMockServer } from './engine/app.js';
import { parseDuration } from './engine/util/duration.js';
import { MAX_DELAY_MS } from './engine/qa/faults/types.js';

const USAGE = `usage: groups-mock serve [--port 4010] [--host 127.0.0.1] [--api kazoo,...] [--fixtures DIR] [--seed N] [--clock ISO-TIME]
                          [--delay MS] [--fault-file RULES.json] [--journal-size N] [--max-namespaces N]

  --port      port to listen on (default 4010)
  --host      address to listen on (default 127.0.0.1)
  --api       comma-separated APIs to serve (default: all of ${allApis.map((a) => a.name).join(', ')})
  --fixtures  folder of <api>.json demo tenants replacing the built-in ones
  --seed      seed of ids, tokens and fake data (default 1)
  --clock     freeze the clock at this time (ISO 8601); it then moves only through the admin API
  --delay         add this latency (ms, or "250ms", "2s") to every request of every API
  --fault-file    a JSON array of fault rules (as POST /__admin/faults takes them) in force from the start
  --journal-size  requests kept per namespace by the journal, GET /__admin/requests (default 1000; 0 = none)
  --max-namespaces  namespaces kept at once (default 1000); past it the least recently used one is reset`;

function fail(message: string): never {
  console.error(`groups-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

export function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command !== 'serve') fail(`unknown command "${command}"`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        api: { type: 'string' },
        fixtures: { type: 'string' },
        seed: { type: 'string', default: '1' },
        clock: { type: 'string' },
        delay: { type: 'string' },
        'fault-file': { type: 'string' },
        'journal-size': { type: 'string' },
        'max-namespaces': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${values.port}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, not "${values.seed}"`);
  const wanted = values.api ? values.api.split(',').map((s) => s.trim()).filter(Boolean) : allApis.map((a) => a.name);
  const unknown = wanted.filter((n) => !allApis.some((a) => a.name === n));
  if (unknown.length) fail(`unknown api ${unknown.join(', ')}; known: ${allApis.map((a) => a.name).join(', ')}`);
  let clockStart: number | undefined;
  if (values.clock) {
    clockStart = Date.parse(values.clock);
    if (Number.isNaN(clockStart)) fail(`--clock must be an ISO 8601 time, not "${values.clock}"`);
  }
  const apis = allApis.filter((a) => wanted.includes(a.name));
  const journalSize = values['journal-size'] === undefined ? undefined : Number(values['journal-size']);
  if (journalSize !== undefined && (!Number.isInteger(journalSize) || journalSize < 0)) fail(`--journal-size must be an integer ≥ 0, not "${values['journal-size']}"`);
  const maxNamespaces = values['max-namespaces'] === undefined ? undefined : Number(values['max-namespaces']);
  if (maxNamespaces !== undefined && (!Number.isInteger(maxNamespaces) || maxNamespaces < 1)) fail(`--max-namespaces must be an integer ≥ 1, not "${values['max-namespaces']}"`);
  const faultRules: unknown[] = [];
  const faultFile = values['fault-file'];
  if (faultFile) {
    let rules: unknown;
    try {
      rules = JSON.parse(readFileSync(faultFile, 'utf8'));
    } catch (err) {
      fail(`--fault-file ${faultFile}: ${(err as Error).message}`);
    }
    // A saved GET /__admin/faults ({"faults": [...]}) works too.
    if (rules && typeof rules === 'object' && !Array.isArray(rules) && Array.isArray((rules as { faults?: unknown }).faults)) rules = (rules as { faults: unknown[] }).faults;
    if (!Array.isArray(rules)) fail(`--fault-file ${faultFile}: must hold a JSON array of rules`);
    faultRules.push(...rules);
  }
  if (values.delay !== undefined) {
    const delay = parseDuration(values.delay);
    if (delay === undefined || delay < 0 || delay > MAX_DELAY_MS) fail(`--delay must be milliseconds ≥ 0 and ≤ ${MAX_DELAY_MS} (or "250ms", "2s"), not "${values.delay}"`);
    // After the file's rules, so that an error names the rule's index in the file.
    for (const api of apis) faultRules.push({ api: api.name, action: { latency: { fixedMs: delay } } });
  }
  let server;
  try {
    server = createMockServer({
      apis,
      seed,
      fixturesDir: values.fixtures,
      clockMode: clockStart === undefined ? 'system' : 'fixed',
      clockStart,
      faultRules,
      faultRulesSource: faultFile ? `--fault-file ${faultFile}` : '--delay',
      journalSize,
      maxNamespaces,
    });
  } catch (err) {
    console.error(`groups-mock: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const listener = server.app.listen(port, values.host, () => {
    const addr = listener.address();
    const base = `http://${values.host}:${typeof addr === 'object' && addr ? addr.port : port}`;
    console.log(`groups-mock listening on ${base}`);
    for (const api of apis) {
      console.log(`\n  ${api.title}\n  ${base}/${api.name}`);
      for (const line of api.describe()) console.log(`    ${line}`);
    }
    // One write, so that a reader waiting for "admin:" has the whole banner.
    console.log(`\n  admin: ${base}/__admin/health${faultRules.length ? `\n  fault rules in force: ${faultRules.length} (${base}/__admin/faults)` : ''}`);
  });
  listener.on('error', (err) => {
    console.error(`groups-mock: cannot listen on ${values.host}:${port}: ${err.message}`);
    process.exit(1);
  });
  const stop = () => listener.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2));
