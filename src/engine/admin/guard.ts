/**
 * Who may use the control plane. `/__admin` can replace any namespace's state, read every request the
 * mock received and install fault rules, so it is guarded on four counts, each answered in the admin
 * envelope before any admin route runs:
 * - **Host** (DNS rebinding): a web page on `evil.example` whose name resolves to 127.0.0.1 reaches
 *   the mock with `Host: evil.example`. Only loopback names, IP addresses (rebinding needs a name),
 *   the bound address and `allowedHosts` pass.
 * - **Cross-site browsers** (CSRF): a request a browser marks `Sec-Fetch-Site: cross-site`, or whose
 *   `Origin` is another host than the one it addresses, is refused; curl and SDKs send neither. (A
 *   page on loopback calling the mock on loopback is `same-site` and passes.)
 * - **JSON only**: a body must be `application/json` — a form or `text/plain` is what a page can post
 *   without a preflight.
 * - **A token**, when one is set (the CLI requires it before listening beyond loopback):
 *   `Authorization: Bearer <token>` or `X-Admin-Token: <token>`, compared in constant time — on every
 *   call but the liveness check `GET /__admin/live` (liveness.ts), which a load balancer polls without one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { hasBody } from '../util/has-body.js';
import { adminError } from './errors.js';
import { isLivenessCheck } from './liveness.js';

export interface AdminGuardOptions {
  /** Required on every admin request when set. */
  token?: string;
  /** Host names (without port) accepted besides loopback and the bound address; `*` accepts any. */
  allowedHosts?: string[];
  /** The address the server listens on (a name or IP), accepted as a Host. */
  boundHost?: string;
}

/** Whether `host` is a loopback address or name (what needs no admin token). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `example.com:4010` → `example.com`; `[::1]:4010` → `::1`. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function presentedToken(req: Request): string | undefined {
  const header = req.headers['x-admin-token'];
  if (typeof header === 'string') return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^bearer /i.test(auth)) return auth.slice(7).trim();
  return undefined;
}

/**
 * The Host and cross-site checks alone: what the web console's files (`/__ui`, console-files.ts)
 * are served under. They hold no secret, and a browser cannot send the token with a navigation;
 * every admin call the page makes then passes the whole `adminGuard`.
 */
export function hostAndSiteGuard(opts: AdminGuardOptions, what = 'the admin API') {
  const accepted = new Set(
    [...(opts.allowedHosts ?? []), ...(opts.boundHost ? [opts.boundHost] : [])].map((h) => hostName(h)),
  );
  const anyHost = accepted.has('*');
  return (req: Request, res: Response, next: NextFunction) => {
    const host = typeof req.headers.host === 'string' ? hostName(req.headers.host) : '';
    if (!anyHost && !isLoopbackHost(host) && !accepted.has(host) && isIP(host) === 0) {
      return adminError(res, 403, `${what} does not answer for host "${host.slice(0, 100)}"`, [
        'use a loopback address, the address the mock listens on, or start it with --allowed-hosts',
      ]);
    }
    if (req.headers['sec-fetch-site'] === 'cross-site' || crossOrigin(req, host)) {
      return adminError(res, 403, `${what} refuses cross-site browser requests`, [
        "call it from curl, a test or a page served by the mock's own origin",
      ]);
    }
    next();
  };
}

export function adminGuard(opts: AdminGuardOptions) {
  const hostAndSite = hostAndSiteGuard(opts);
  const tokenDigest = opts.token ? digest(opts.token) : undefined;
  return (req: Request, res: Response, next: NextFunction) => hostAndSite(req, res, () => rest(req, res, next));
  function rest(req: Request, res: Response, next: NextFunction) {
    if (tokenDigest && !isLivenessCheck(req)) {
      const given = presentedToken(req);
      if (given === undefined || !timingSafeEqual(digest(given), tokenDigest)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="groups-mock admin"');
        return adminError(res, 401, 'the admin API needs its token', [
          'send Authorization: Bearer <token> or X-Admin-Token: <token> (--admin-token / GROUPS_MOCK_ADMIN_TOKEN)',
        ]);
      }
    }
    if (hasBody(req.headers)) {
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
        return adminError(res, 415, `admin bodies are JSON, not "${type.slice(0, 100) || 'no content type'}"`, [
          'send Content-Type: application/json',
        ]);
      }
    }
    next();
  }
}

/**
 * An `Origin` naming another host than the request's own (a page elsewhere calling the mock). A
 * page on another loopback port (a dev server on `localhost:3000` resetting the mock between
 * tests) is the developer's own and passes when the mock is addressed by a loopback name too.
 */
function crossOrigin(req: Request, host: string): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  if (origin === 'null') return true;
  let from: string;
  try {
    from = new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return true;
  }
  return from !== host && !(isLoopbackHost(from) && isLoopbackHost(host));
}
