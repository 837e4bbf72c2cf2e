/**
 * HTTPS beside HTTP: the same request handler (APIs, admin plane, console) on a TLS port, with the
 * user's certificate (`tlsCert` + `tlsKey`, used as given) or the mock's own, made in the data
 * directory by a local, name-constrained CA (store.ts). Shared by `serve`, `proxy` and the
 * programmatic API.
 *
 * @example
 *   const tls = await prepareTls({ host: '127.0.0.1', tlsNames: ['phone.lan'] });
 *   const https = await listenHttps(withCaRoute(app, tls.caPem), tls, 4443, '127.0.0.1');
 */
import { mkdirSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:https';
import { defaultDataDir } from './data-dir.js';
import { TlsOptionError } from './errors.js';
import { givenCertificate } from './given-files.js';
import { certNames } from './names.js';
import { localCertificates } from './store.js';

export { CA_PATH, withCaRoute } from './ca-route.js';
export { defaultDataDir } from './data-dir.js';
export { TlsOptionError } from './errors.js';

/** The HTTPS options, as `serve` takes them (`--https-port`, `--tls-cert`, …) and the programmatic API. */
export interface HttpsOptions {
  /** Serve HTTPS on this port too (0: any free port); unset: HTTP only. */
  httpsPort?: number;
  /** A PEM certificate (chain) of your own, with `tlsKey`; otherwise the mock makes its own. */
  tlsCert?: string;
  /** The PEM private key of `tlsCert`. */
  tlsKey?: string;
  /** More names for the mock's own certificate (a phone on the LAN reaches the machine by them). */
  tlsNames?: string[];
  /** Where the mock's own CA and certificate live (default: under the user's data home). */
  dataDir?: string;
}

export interface PreparedTls {
  cert: string;
  key: string;
  /** The mock's own CA (PEM); undefined with the user's certificate. */
  caPem?: string;
  /** What the banner says about the certificate. */
  describe: string;
  /** What was made anew (a CA, a server certificate), and why. */
  notes: string[];
}

/** The certificate and key to serve with; a bad option throws TlsOptionError (one line naming it). */
export async function prepareTls(
  opts: HttpsOptions & { host: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<PreparedTls> {
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined))
    throw new TlsOptionError(
      opts.tlsCert === undefined
        ? `--tls-key ${opts.tlsKey} needs --tls-cert (the certificate of that key)`
        : `--tls-cert ${opts.tlsCert} needs --tls-key (its private key)`,
    );
  if (opts.tlsCert !== undefined && opts.tlsKey !== undefined) {
    if (opts.tlsNames?.length)
      throw new TlsOptionError(
        '--tls-names is for the certificate the mock makes; with --tls-cert yours has its names',
      );
    const given = givenCertificate(opts.tlsCert, opts.tlsKey);
    return {
      cert: given.certChainPem,
      key: given.keyPem,
      describe: `your certificate ${opts.tlsCert} (${given.subject.replace(/\n/g, ', ')}; valid to ${given.validTo})`,
      notes: [],
    };
  }
  const names = certNames(opts.host, opts.tlsNames ?? []);
  const dataDir = opts.dataDir ?? defaultDataDir(env);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new TlsOptionError(
      `--data-dir ${dataDir}: cannot create it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  let local: Awaited<ReturnType<typeof localCertificates>>;
  try {
    local = await localCertificates(dataDir, names);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new TlsOptionError(`--data-dir ${dataDir}: ${e.code} (${e.message})`);
    throw err;
  }
  return {
    cert: local.certChainPem,
    key: local.keyPem,
    caPem: local.caPem,
    describe: `the mock's own certificate for ${names.map((n) => n.value).join(', ')} (files in ${dataDir})`,
    notes: local.notes,
  };
}

/** An HTTPS server over `handler`; rejects (before any output) when the port cannot be had. */
export function listenHttps(
  handler: RequestListener,
  tls: PreparedTls,
  port: number,
  host: string,
  setup?: (server: Server) => void,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ cert: tls.cert, key: tls.key }, handler);
    setup?.(server);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
    server.listen(port, host);
  });
}
