/**
 * Where the proxy sends traffic, and how: the upstream's base URL (it may carry a path prefix, e.g.
 * our own mock's `http://127.0.0.1:4010/kazoo`), the request forwarded with the client's method,
 * path, query, headers and bytes (Host and hop-by-hop headers aside), and the answer handed back
 * as Node's raw response so that the caller can stream it on. A network failure is a rejected
 * promise with a reason a person can read, never an unhandled error.
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The upstream's base URL, checked: http(s), no query or fragment; the trailing slash dropped. */
export function parseUpstream(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`must be an http(s) URL, not ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`must be an http(s) URL, not ${JSON.stringify(raw)}`);
  if (url.search || url.hash) throw new Error('takes no query or fragment');
  if (url.username || url.password) throw new Error('takes no user or password (send credentials as the client does)');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** The upstream URL of a request: the base's path prefix, then the vendor path and query as the client sent them. */
export function targetUrl(base: URL, pathAndQuery: string): URL {
  const target = new URL(base.href);
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  target.pathname = `${base.pathname.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  target.search = q < 0 ? '' : pathAndQuery.slice(q);
  return target;
}

/** Raw header pairs (`[name, value, name, value…]`) without hop-by-hop ones and those `Connection` names. */
export function endToEnd(raw: string[], drop: string[] = []): string[] {
  const named = new Set(drop.map((h) => h.toLowerCase()));
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection')
      raw[i + 1]!.split(',').forEach((t) => named.add(t.trim().toLowerCase()));
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function pairsToHeaders(pairs: string[]): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!.toLowerCase();
    const prev = out[name];
    out[name] = prev === undefined ? pairs[i + 1]! : [prev].flat().concat(pairs[i + 1]!);
  }
  return out;
}

export interface ForwardRequest {
  method: string;
  url: URL;
  /** The client's raw header pairs. */
  rawHeaders: string[];
  body: Buffer;
  timeoutMs: number;
  /** Keep-alive connections of this proxy (see upstreamAgents). */
  agents: UpstreamAgents;
}

export interface UpstreamAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * How an HTTPS upstream's certificate is checked: by default against Node's trusted CAs (and
 * `NODE_EXTRA_CA_CERTS`); `ca` adds CAs (PEM) to Node's bundled ones; `insecure` accepts any certificate.
 */
export interface UpstreamTls {
  ca?: string;
  insecure?: boolean;
}

/** The proxy's own keep-alive pools; `destroy` them when it stops so that the process can exit. */
export function upstreamAgents(tls: UpstreamTls = {}): UpstreamAgents {
  return {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({
      keepAlive: true,
      // Added to the default CAs, not in their place: a public upstream stays trusted.
      ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
      ...(tls.insecure ? { rejectUnauthorized: false } : {}),
    }),
  };
}

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** Sends the request upstream; resolves with the response once its head has come (the body still to read). */
export function forward(r: ForwardRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const headers = pairsToHeaders(endToEnd(r.rawHeaders, ['host', 'content-length']));
  if (r.body.length || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(r.method))
    headers['content-length'] = String(r.body.length);
  const https = r.url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      r.url,
      { method: r.method, headers, agent: https ? r.agents.https : r.agents.http, signal },
      resolve,
    );
    req.setTimeout(r.timeoutMs, () => req.destroy(new UpstreamError(`no answer within ${r.timeoutMs} ms`, true)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err instanceof UpstreamError ? err : new UpstreamError(err.code ? `${err.code} (${err.message})` : err.message),
      ),
    );
    req.end(r.body);
  });
}
