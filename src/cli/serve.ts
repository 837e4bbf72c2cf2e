/**
 * `groups-mock serve`: options from flags, environment and config file (flags.ts), the server built
 * and listening *before* anything is printed (a busy port is one clear message, no banner), then the
 * banner: each API's base URL and demo credentials, and the admin API — with a warning, never the
 * token, when it is reachable beyond loopback. The banner goes to stdout, or to stderr with
 * `--log-format json`, whose stdout holds the request log's JSON lines and nothing else. On
 * SIGINT/SIGTERM the server stops taking connections, lets the requests in flight finish (a second
 * signal, or a second's grace, cuts them), writes out what the log still holds, and exits.
 */
import { readFileSync } from 'node:fs';
import { allApis } from '../apis/index.js';
import { createMockServer, listen } from '../engine/app.js';
import { isLoopbackHost } from '../engine/admin/guard.js';
import { MAX_DELAY_MS } from '../engine/qa/faults/types.js';
import { parseDuration } from '../engine/util/duration.js';
import { parseInstant } from '../engine/kit/iso-time.js';
import { inClockRange } from '../engine/state/clock.js';
import { paintFor } from './colour.js';
import { ENV_PREFIX, SERVE_FLAGS, UsageError, describeFlags, envName, resolveFlags } from './flags.js';
import { version } from './version.js';
import { requestLogger, type LogFormat, type LogLevel } from './request-log.js';
import { stopWithParent } from './stop-with-parent.js';

function faultRulesOf(file: string | undefined): unknown[] {
  if (!file) return [];
  let rules: unknown;
  try {
    rules = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--fault-file ${file}: ${(err as Error).message}`);
  }
  // A saved GET /__admin/faults ({"faults": [...]}) works too.
  if (
    rules &&
    typeof rules === 'object' &&
    !Array.isArray(rules) &&
    Array.isArray((rules as { faults?: unknown }).faults)
  )
    rules = (rules as { faults: unknown[] }).faults;
  if (!Array.isArray(rules)) throw new UsageError(`--fault-file ${file}: must hold a JSON array of rules`);
  return rules;
}

export const serveUsage = () => `usage: groups-mock serve [options]

Serves every API (or --api …) under its prefix, each from its demo tenant, with the admin API at
/__admin; prints each base URL with the demo credentials once it listens.

options (each also an environment variable ${ENV_PREFIX.serve}<NAME>, e.g. ${envName('port')}, and a key of --config):
${describeFlags(SERVE_FLAGS)}

-p, -h and -v are Prism's: the port, the host, and the log's verbosity (a level). The version is --version.
APIs: ${allApis.map((a) => a.name).join(', ')}`;

export async function serve(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const f = resolveFlags(args, env, SERVE_FLAGS, ENV_PREFIX.serve);
  const host = f.host as string;
  const port = f.port as number;
  const known = allApis.map((a) => a.name);
  const wanted = (f.api as string[] | undefined) ?? known;
  const unknown = wanted.filter((n) => !known.includes(n));
  if (unknown.length) throw new UsageError(`unknown api ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const apis = allApis.filter((a) => wanted.includes(a.name));
  let clockStart: number | undefined;
  if (f.clock !== undefined) {
    // Strictly: `2026-03-01T10:00:00` (no offset) would start at another instant on each machine's time zone.
    const instant = parseInstant(f.clock);
    if ('error' in instant)
      throw new UsageError(
        `--clock must be an ISO 8601 date-time with an offset (or milliseconds since the epoch): ${instant.error}`,
      );
    if (!inClockRange(instant.ms))
      throw new UsageError(`--clock must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z`);
    clockStart = instant.ms;
  }
  const faultFile = f['fault-file'] as string | undefined;
  const faultRules = faultRulesOf(faultFile);
  if (f.delay !== undefined) {
    const delay = parseDuration(f.delay as string);
    if (delay === undefined || delay < 0 || delay > MAX_DELAY_MS)
      throw new UsageError(
        `--delay must be milliseconds ≥ 0 and ≤ ${MAX_DELAY_MS} (or "250ms", "2s"), not "${f.delay}"`,
      );
    // After the file's rules, so that an error names the rule's index in the file.
    for (const api of apis) faultRules.push({ api: api.name, action: { latency: { fixedMs: delay } } });
  }
  const adminToken = f['admin-token'] as string | undefined;
  const exposed = !isLoopbackHost(host);
  if (exposed && !adminToken) {
    throw new Error(
      `listening on ${host} would open the admin API (state with passwords and tokens, resets, fault rules) to the network: set --admin-token (or ${envName('admin-token')}), or listen on 127.0.0.1`,
    );
  }
  if (adminToken !== undefined && adminToken.length < 12)
    throw new UsageError('--admin-token must be at least 12 characters');
  const server = createMockServer({
    apis,
    seed: f.seed as number,
    fixturesDir: f.fixtures as string | undefined,
    fixtureNames: known,
    clockMode: clockStart === undefined ? 'system' : 'fixed',
    clockStart,
    faultRules,
    faultRulesSource: faultFile ? `--fault-file ${faultFile}` : '--delay',
    journalSize: f['journal-size'] as number | undefined,
    journalBytes: f['journal-bytes'] as number | undefined,
    maxNamespaces: f['max-namespaces'] as number | undefined,
    admin: { token: adminToken, allowedHosts: f['allowed-hosts'] as string[] | undefined, boundHost: host },
    strict: f.strict === true,
    onServed: requestLogger(
      f['log-level'] as LogLevel,
      f['log-format'] as LogFormat,
      process.stdout,
      paintFor(process.stdout, env),
    ),
  });
  let http: Awaited<ReturnType<typeof listen>>;
  try {
    http = await listen(server, port, host);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EADDRINUSE'
        ? `port ${port} is already in use (another groups-mock? try --port 0 for any free port)`
        : e.code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine`
          : e.message;
    throw new Error(`cannot listen on ${host}:${port}: ${why}`);
  }
  const addr = http.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${typeof addr === 'object' && addr ? addr.port : port}`;
  // In JSON mode stdout is the request log's alone: the banner is for people, on stderr.
  const bannerStream = f['log-format'] === 'json' ? process.stderr : process.stdout;
  const paint = paintFor(bannerStream, env);
  const lines = [`groups-mock ${version()} listening on ${base}`];
  for (const api of apis) {
    lines.push(
      '',
      `  ${paint.bold(api.title)}`,
      `  ${paint.cyan(`${base}/${api.name}`)}`,
      ...api.describe().map((l) => `    ${l}`),
    );
  }
  if (exposed)
    lines.push(
      '',
      paint.yellow(
        `  warning: listening on ${host}, beyond loopback: anyone who can reach this port can use the APIs; the admin API needs the admin token (not printed).`,
      ),
    );
  if (f.strict === true)
    lines.push(
      '',
      '  strict: query parameters an operation does not take are refused (400), not journaled as warnings',
    );
  if (faultRules.length) lines.push('', `  fault rules in force: ${faultRules.length} (${base}/__admin/faults)`);
  // The admin line last, in the same write, so that a reader waiting for it has the whole banner.
  lines.push('', `  admin: ${paint.cyan(`${base}/__admin`)} (its endpoints), health: ${base}/__admin/health`);
  bannerStream.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) {
      // A second signal: the requests still in flight are cut.
      http.closeAllConnections();
      return;
    }
    stopping = true;
    // Everything written before (the request log) is out before the process ends, also into a pipe.
    http.close(() => process.stdout.write('', () => process.exit(0)));
    http.closeIdleConnections();
    setTimeout(() => http.closeAllConnections(), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  stopWithParent(stop);
}
