/**
 * The HTTPS options of `serve` and `proxy` (flags.ts's TLS_FLAGS) turned into a listening HTTPS
 * server beside the HTTP one, over the same request handler, and the banner's lines about it. A
 * bad option or file is a usage error (exit 2, one line naming it); a busy port a start-up failure
 * (exit 1), as for HTTP.
 */
import type { RequestListener } from 'node:http';
import type { Server } from 'node:https';
import { networkInterfaces } from 'node:os';
import { listenHttps, prepareTls, TlsOptionError, type HttpsOptions, type PreparedTls } from '../engine/tls/index.js';
import { UsageError, type ResolvedFlags } from './flags.js';

/** The HTTPS options among a command's resolved flags; undefined when HTTPS is off (and no TLS option was given). */
export function httpsOptionsOf(f: ResolvedFlags, httpPort: number): HttpsOptions | undefined {
  const opts: HttpsOptions = {
    httpsPort: f['https-port'] as number | undefined,
    tlsCert: f['tls-cert'] as string | undefined,
    tlsKey: f['tls-key'] as string | undefined,
    tlsNames: f['tls-names'] as string[] | undefined,
    dataDir: f['data-dir'] as string | undefined,
  };
  if (opts.httpsPort === undefined) {
    const stray = (['tls-cert', 'tls-key', 'tls-names', 'data-dir'] as const).find((n) => f[n] !== undefined);
    if (stray) throw new UsageError(`--${stray} is for HTTPS: give --https-port N too`);
    return undefined;
  }
  if (opts.httpsPort !== 0 && opts.httpsPort === httpPort)
    throw new UsageError(`--https-port ${opts.httpsPort} is the HTTP port too: give each its own`);
  return opts;
}

/** The certificate and key, or a usage error naming the option or file. */
export async function tlsFor(opts: HttpsOptions, host: string, env: NodeJS.ProcessEnv): Promise<PreparedTls> {
  try {
    return await prepareTls({ ...opts, host }, env);
  } catch (err) {
    if (err instanceof TlsOptionError) throw new UsageError(err.message);
    throw err;
  }
}

/** Listens on the HTTPS port; a busy port is one line, as for HTTP. */
export async function startHttps(
  handler: RequestListener,
  tls: PreparedTls,
  port: number,
  host: string,
  setup?: (server: Server) => void,
): Promise<Server> {
  try {
    return await listenHttps(handler, tls, port, host, setup);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EADDRINUSE'
        ? `port ${port} is already in use (try --https-port 0 for any free port)`
        : e.code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine`
          : e.message;
    throw new Error(`cannot listen for HTTPS on ${host}:${port}: ${why}`);
  }
}

/** The machine's own LAN addresses, for the hint a phone needs when the mock listens on every address. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
}

/** The banner's HTTPS lines: the URL, the certificate, where the CA is, what was made anew. */
export function httpsBanner(opts: {
  httpsBase: string;
  httpBase: string;
  tls: PreparedTls;
  host: string;
  tlsNames?: string[];
}): string[] {
  const { tls } = opts;
  const lines = [`  https: ${opts.httpsBase} with ${tls.describe}`];
  if (tls.caPem)
    lines.push(`  CA to trust: ${opts.httpBase}/__admin/tls/ca.pem (docs/https.md: Android, iOS, Node, curl)`);
  for (const note of tls.notes) lines.push(`  tls: ${note}`);
  if (tls.caPem && ['0.0.0.0', '::', '[::]'].includes(opts.host) && !opts.tlsNames?.length) {
    const lan = lanAddresses();
    if (lan.length)
      lines.push(
        `  tls: for a phone on the LAN add --tls-names ${lan.join(',')} (the certificate is for loopback and 10.0.2.2 only)`,
      );
  }
  return lines;
}
