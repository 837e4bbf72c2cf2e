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
import type { RequestListener, Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { answerClientErrors, createMockServer, listen, type AppOptions, type MockServer } from '../engine/app.js';
import { mockRefusals } from '../engine/pipeline/transport-refusals.js';
import { withCaRoute, type HttpsOptions, type PreparedTls } from '../engine/tls/index.js';
import type { ApiModule } from '../engine/kit/index.js';
import { isLoopbackHost } from '../engine/admin/guard.js';
import { MAX_DELAY_MS } from '../engine/qa/faults/types.js';
import { parseDuration } from '../engine/util/duration.js';
import { parseInstant } from '../engine/kit/iso-time.js';
import { inClockRange } from '../engine/state/clock.js';
import { MAX_DELETED_RETENTION_MS, MIN_DELETED_RETENTION_MS } from '../engine/kit/limits.js';
import { paintFor } from './colour.js';
import {
  ENV_PREFIX,
  SERVE_FLAGS,
  UsageError,
  describeFlags,
  envName,
  resolveFlags,
  type ResolvedFlags,
} from './flags.js';
import { storeOf } from './store.js';
import { version } from './version.js';
import { requestLogger, type LogFormat, type LogLevel } from './request-log.js';
import { stopWithParent } from './stop-with-parent.js';
import { httpsBanner, httpsOptionsOf, startHttps, tlsFor } from './tls.js';

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

/** What `serve`'s options ask for, checked: the server's options and where it listens. */
export interface ServePlan {
  host: string;
  port: number;
  // biome-ignore lint/suspicious/noExplicitAny: vendors of different operation and principal types side by side
  apis: ApiModule<any, any>[];
  /** Everything `createMockServer` takes but the request log (the caller's choice of stream). */
  server: Omit<AppOptions, 'onServed'>;
  /** The start-up fault rules (`--fault-file`, `--delay`). */
  faultRules: unknown[];
  /** Listening beyond loopback (the admin API then needs the token). */
  exposed: boolean;
  /** HTTPS beside HTTP (`--https-port`, docs/https.md); undefined: HTTP only. */
  https?: HttpsOptions;
}

/**
 * The options (from the command line, the environment and the config file — or from `startMock`'s
 * object, see flags.ts `resolveOptions`) checked and turned into the server's: the one place both
 * the command and the programmatic API read them, so they cannot drift apart.
 */
export function planServe(f: ResolvedFlags): ServePlan {
  const host = f.host as string;
  const port = f.port as number;
  const known = allApis.map((a) => a.name);
  const wanted = (f.api as string[] | undefined) ?? known;
  const unknown = wanted.filter((n) => !known.includes(n));
  if (unknown.length) throw new UsageError(`unknown api ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const apis = allApis.filter((a) => wanted.includes(a.name));
  storeOf(f); // memory only, one worker, in this version (store.ts)
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
  let deletedRetentionMs: number | undefined;
  if (f['deleted-retention'] !== undefined) {
    deletedRetentionMs = parseDuration(f['deleted-retention'] as string);
    if (
      deletedRetentionMs === undefined ||
      deletedRetentionMs < MIN_DELETED_RETENTION_MS ||
      deletedRetentionMs > MAX_DELETED_RETENTION_MS
    )
      throw new UsageError(
        `--deleted-retention must be a duration from 1m to 30d ("6h", "2d", or milliseconds), not "${f['deleted-retention']}"`,
      );
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
  return {
    host,
    port,
    apis,
    faultRules,
    exposed,
    https: httpsOptionsOf(f, port),
    server: {
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
      maxResources: f['max-resources'] as number | undefined,
      maxDeleted: f['max-deleted'] as number | undefined,
      maxTokens: f['max-tokens'] as number | undefined,
      deletedRetentionMs,
      admin: { token: adminToken, allowedHosts: f['allowed-hosts'] as string[] | undefined, boundHost: host },
      strict: f.strict === true,
    },
  };
}

/**
 * Listens on the plan's port and host; a port in use or an address not of this machine is one clear error.
 * `handler`: the app, or the app behind the CA route (listenAllAsPlanned).
 */
export async function listenAsPlanned(
  server: MockServer,
  plan: ServePlan,
  handler: RequestListener = server.app,
): Promise<Server> {
  const { port, host } = plan;
  try {
    return await listen(server, port, host, handler);
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
}

export interface Listening {
  http: Server;
  /** The HTTPS server, when the plan asks for one. */
  https?: HttpsServer;
  /** Its certificate, and the mock's own CA if it made one. */
  tls?: PreparedTls;
}

/**
 * The plan's HTTP server and, with `--https-port`, its HTTPS server beside it over the same
 * handler: the app with `GET /__admin/tls/ca.pem` in front (engine/tls/ca-route.ts). The TLS files
 * are checked, and the mock's own CA made or reused, before anything listens: a bad file is a
 * usage error naming it.
 */
export async function listenAllAsPlanned(
  server: MockServer,
  plan: ServePlan,
  env: NodeJS.ProcessEnv,
): Promise<Listening> {
  const tls = plan.https ? await tlsFor(plan.https, plan.host, env) : undefined;
  const handler = withCaRoute(
    server.app,
    tls?.caPem,
    tls ? 'the mock serves your certificate (--tls-cert): trust its issuer' : undefined,
  );
  const http = await listenAsPlanned(server, plan, handler);
  if (!tls) return { http };
  try {
    const https = await startHttps(handler, tls, plan.https!.httpsPort!, plan.host, (s) =>
      // An HTTPS server emits the same request, clientError and connect events as an HTTP one.
      answerClientErrors(s as unknown as Server, mockRefusals(server.runtime)),
    );
    return { http, https, tls };
  } catch (err) {
    http.close();
    throw err;
  }
}

/** `https://host:port` of a listening HTTPS server. */
export function httpsBaseOf(https: HttpsServer, host: string): string {
  const addr = https.address();
  return `https://${host.includes(':') ? `[${host}]` : host}:${typeof addr === 'object' && addr ? addr.port : ''}`;
}

export async function serve(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const f = resolveFlags(args, env, SERVE_FLAGS, ENV_PREFIX.serve);
  const plan = planServe(f);
  const { host, port, apis, faultRules, exposed } = plan;
  const server = createMockServer({
    ...plan.server,
    onServed: requestLogger(
      f['log-level'] as LogLevel,
      f['log-format'] as LogFormat,
      process.stdout,
      paintFor(process.stdout, env),
    ),
  });
  const { http, https: secure, tls } = await listenAllAsPlanned(server, plan, env);
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
  if (secure && tls)
    lines.push(
      '',
      ...httpsBanner({
        httpsBase: httpsBaseOf(secure, host),
        httpBase: base,
        tls,
        host,
        tlsNames: plan.https?.tlsNames,
      }),
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
      secure?.closeAllConnections();
      return;
    }
    stopping = true;
    // Everything written before (the request log) is out before the process ends, also into a pipe.
    let open = secure ? 2 : 1;
    const closed = () => --open === 0 && process.stdout.write('', () => process.exit(0));
    http.close(closed);
    secure?.close(closed);
    http.closeIdleConnections();
    secure?.closeIdleConnections();
    setTimeout(() => {
      http.closeAllConnections();
      secure?.closeAllConnections();
    }, 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  stopWithParent(stop);
}
