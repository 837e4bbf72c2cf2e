/**
 * `groups-mock proxy`: a validating proxy in front of a real implementation (or the mock) for one
 * API (src/contract/proxy/). Options as every command takes them (flags.ts): flag,
 * `GROUPS_MOCK_PROXY_<NAME>`, `--config`. Listens before printing anything; prints each exchange that
 * broke the contract on stderr; on SIGINT/SIGTERM writes the JUnit report (`--report`, one
 * testcase per exchange) and a summary line, then exits 0 — or 1 when the report cannot be written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { allApis } from '../apis/index.js';
import { isLoopbackHost } from '../engine/admin/guard.js';
import { answerClientErrors } from '../engine/app.js';
import { isViolation, type JournalEntry } from '../engine/qa/journal/entry.js';
import { describeIssues } from '../engine/qa/journal/junit.js';
import { proxyJUnit } from '../contract/proxy/junit.js';
import { createProxy } from '../contract/proxy/server.js';
import { parseUpstream } from '../contract/proxy/upstream.js';
import { paintFor } from './colour.js';
import { describeFlags, ENV_PREFIX, envName, resolveFlags, TLS_FLAGS, UsageError, type FlagSpec } from './flags.js';
import { stopWithParent } from './stop-with-parent.js';
import { version } from './version.js';
import { httpsBanner, httpsOptionsOf, startHttps, tlsFor } from './tls.js';
import { withCaRoute } from '../engine/tls/index.js';

export const PROXY_FLAGS: FlagSpec[] = [
  {
    name: 'api',
    kind: 'string',
    value: 'NAME',
    help: `the API the upstream implements (${allApis.map((a) => a.name).join(', ')}); served at /<NAME>/…`,
  },
  {
    name: 'upstream',
    kind: 'string',
    value: 'URL',
    help: "the API's base URL upstream, where requests go (e.g. https://crossbar.example.com:8443 or http://127.0.0.1:4010/kazoo)",
  },
  {
    name: 'port',
    short: 'p',
    kind: 'integer',
    value: 'N',
    default: '4020',
    min: 0,
    max: 65535,
    help: 'port to listen on (0: any free port)',
  },
  {
    name: 'host',
    short: 'h',
    kind: 'string',
    value: 'ADDR',
    default: '127.0.0.1',
    help: 'address to listen on; beyond loopback the admin API needs --admin-token',
  },
  {
    name: 'report',
    kind: 'string',
    value: 'FILE',
    help: 'on exit (SIGINT/SIGTERM) write a JUnit XML report there: one testcase per exchange',
  },
  {
    name: 'fail-on-violation',
    kind: 'boolean',
    help: 'exit 1 when it stops (SIGINT/SIGTERM) if any exchange broke the spec, for CI',
  },
  {
    name: 'timeout',
    kind: 'integer',
    value: 'MS',
    default: '30000',
    min: 1,
    help: "time allowed for the upstream's answer to begin; past it the client gets a 504",
  },
  {
    name: 'journal-size',
    kind: 'integer',
    value: 'N',
    min: 1,
    help: 'exchanges kept per namespace, and so in the report (default 10000)',
  },
  {
    name: 'admin-token',
    kind: 'string',
    value: 'TOKEN',
    help: 'token every /__admin call must send (Authorization: Bearer or X-Admin-Token); required beyond loopback',
  },
  {
    name: 'strict',
    kind: 'boolean',
    implicit: 'true',
    default: 'false',
    help: 'query parameters an operation does not take (and Kazoo bodies not sent as JSON) are violations, not warnings',
  },
  {
    name: 'upstream-ca',
    kind: 'string',
    value: 'FILE',
    help: "a PEM CA certificate to trust for an HTTPS upstream, besides Node's (e.g. another groups-mock's /__admin/tls/ca.pem)",
  },
  {
    name: 'insecure-upstream',
    kind: 'boolean',
    implicit: 'true',
    default: 'false',
    help: "accept any certificate from an HTTPS upstream (a test server's self-signed one); by default it is checked",
  },
  ...TLS_FLAGS,
  {
    name: 'config',
    kind: 'string',
    value: 'FILE',
    help: 'a JSON file of these options ({"api": "kazoo", "upstream": "…", "report": "proxy.xml"})',
  },
];

export const proxyUsage =
  () => `usage: groups-mock proxy --api NAME --upstream URL [-p PORT] [-h HOST] [--report junit.xml] [options]

Forwards every request under /<NAME>/ to the upstream and its answer back unchanged, checks both
against the spec (parameters, body, credentials present; status, content type, schema, headers),
and journals every exchange with its violations: /__admin/requests (?format=har),
/__admin/requests/violations (?format=junit), /__admin/report (every exchange as JUnit).

options (each also an environment variable ${ENV_PREFIX.proxy}<NAME>, e.g. ${envName('upstream', ENV_PREFIX.proxy)}, and a key of --config):
${describeFlags(PROXY_FLAGS)}`;

function line(e: JournalEntry, paint = paintFor(process.stderr)): string {
  const req = e.validation.request.issues;
  const res = e.validation.response.issues;
  return `groups-mock proxy: ${paint.red('✗')} #${e.seq} ${e.method} ${e.url} → ${e.response?.status ?? 'no response'}${req.length ? ` | request: ${describeIssues(req)}` : ''}${res.length ? ` | response: ${describeIssues(res)}` : ''}`;
}

/** Starts the proxy; resolves once it listens (it then runs until a signal). */
export async function proxy(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const f = resolveFlags(args, env, PROXY_FLAGS, ENV_PREFIX.proxy);
  const known = allApis.map((a) => a.name);
  if (typeof f.api !== 'string') throw new UsageError(`--api is required: one of ${known.join(', ')}`);
  const mod = allApis.find((a) => a.name === f.api);
  if (!mod) throw new UsageError(`unknown api ${JSON.stringify(f.api)}; known: ${known.join(', ')}`);
  if (typeof f.upstream !== 'string')
    throw new UsageError("--upstream is required (the API's base URL upstream, e.g. http://127.0.0.1:4010/kazoo)");
  let upstream: URL;
  try {
    upstream = parseUpstream(f.upstream);
  } catch (err) {
    throw new UsageError(`--upstream ${(err as Error).message}`);
  }
  const host = f.host as string;
  const port = f.port as number;
  const adminToken = f['admin-token'] as string | undefined;
  if (adminToken !== undefined && adminToken.length < 12)
    throw new UsageError('--admin-token must be at least 12 characters');
  if (!isLoopbackHost(host) && !adminToken) {
    throw new Error(
      `listening on ${host} would open the admin API (every exchange, credentials masked) to the network: set --admin-token (or ${envName('admin-token', ENV_PREFIX.proxy)}), or listen on 127.0.0.1`,
    );
  }
  const upstreamCaFile = f['upstream-ca'] as string | undefined;
  const insecureUpstream = f['insecure-upstream'] === true;
  if ((upstreamCaFile || insecureUpstream) && upstream.protocol !== 'https:')
    throw new UsageError(
      `--${upstreamCaFile ? 'upstream-ca' : 'insecure-upstream'} is for an https:// upstream, not ${upstream.href}`,
    );
  if (upstreamCaFile && insecureUpstream)
    throw new UsageError('--upstream-ca and --insecure-upstream: give one (a CA to check against, or no check)');
  let upstreamCa: string | undefined;
  if (upstreamCaFile) {
    try {
      upstreamCa = readFileSync(upstreamCaFile, 'utf8');
    } catch (err) {
      throw new UsageError(
        `--upstream-ca ${upstreamCaFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(upstreamCa))
      throw new UsageError(`--upstream-ca ${upstreamCaFile}: holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  const https = httpsOptionsOf(f, port);
  const tls = https ? await tlsFor(https, host, env) : undefined;
  const report = f.report as string | undefined;
  // An empty report at once: a path that cannot be written is found now, not when the session is over.
  if (report) {
    try {
      writeFileSync(report, proxyJUnit(mod.name, upstream.href.replace(/\/$/, ''), []));
    } catch (err) {
      throw new Error(`cannot write the report ${report}: ${(err as Error).message}`);
    }
  }
  const p = createProxy({
    module: mod,
    upstream,
    timeoutMs: f.timeout as number,
    journalSize: f['journal-size'] as number | undefined,
    strict: f.strict === true,
    admin: { token: adminToken, boundHost: host },
    onExchange: (e) => {
      if (isViolation(e)) process.stderr.write(`${line(e)}\n`);
    },
    upstreamTls: { ca: upstreamCa, insecure: insecureUpstream },
  });
  const handler = withCaRoute(
    p.app,
    tls?.caPem,
    tls ? 'the proxy serves your certificate (--tls-cert): trust its issuer' : undefined,
  );
  const http = await new Promise<Server>((resolve, reject) => {
    const s = createServer(handler).listen(port, host);
    answerClientErrors(s);
    s.once('listening', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} is already in use (try --port 0 for any free port)`
          : err.code === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine`
            : err.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    });
  });
  const secure = tls
    ? await startHttps(handler, tls, https!.httpsPort!, host, (s) => answerClientErrors(s as unknown as Server)).catch(
        (err) => {
          http.close();
          throw err;
        },
      )
    : undefined;
  const addr = http.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${typeof addr === 'object' && addr ? addr.port : port}`;
  const secureAddr = secure?.address();
  const httpsBase = secure
    ? `https://${shownHost}:${typeof secureAddr === 'object' && secureAddr ? secureAddr.port : https!.httpsPort}`
    : undefined;
  process.stdout.write(
    [
      `groups-mock ${version()} proxy listening on ${base}`,
      '',
      `  ${mod.title}: ${base}/${mod.name} → ${upstream.href.replace(/\/$/, '')}`,
      ...(report ? [`  JUnit report on exit: ${report}`] : []),
      ...(tls && httpsBase
        ? [
            '',
            `  ${mod.title} over HTTPS: ${httpsBase}/${mod.name}`,
            ...httpsBanner({ httpsBase, httpBase: base, tls, host, tlsNames: https?.tlsNames }),
          ]
        : []),
      '',
      `  admin: ${base}/__admin/health`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const entries = p.journal.list();
    let code = 0;
    let wrote = '';
    if (report) {
      try {
        writeFileSync(report, proxyJUnit(mod.name, upstream.href.replace(/\/$/, ''), entries, p.durationOf));
        wrote = `; JUnit report: ${report}`;
      } catch (err) {
        console.error(`groups-mock: cannot write the report ${report}: ${(err as Error).message}`);
        code = 1;
      }
    }
    const { exchanges, violations } = p.counts;
    if (f['fail-on-violation'] === true && violations > 0) code = 1;
    console.log(
      `groups-mock proxy (${signal}): ${exchanges} exchange${exchanges === 1 ? '' : 's'}, ${violations} with violations${exchanges > entries.length ? ` (the report has the last ${entries.length})` : ''}${wrote}${code === 1 && violations > 0 && f['fail-on-violation'] === true ? '; exit 1 (--fail-on-violation)' : ''}`,
    );
    p.close();
    let open = secure ? 2 : 1;
    const closed = () => --open === 0 && process.exit(code);
    http.close(closed);
    secure?.close(closed);
    http.closeAllConnections();
    secure?.closeAllConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  stopWithParent(() => stop('the npm that started it stopped'));
}
