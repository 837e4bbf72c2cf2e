/**
 * The absolute form of a request target — `GET http://127.0.0.1:4010/mdm/api/v1/mdm/groups HTTP/1.1`,
 * what a client sends when it is told the mock is its proxy — read as the origin form it stands for.
 * RFC 9112 §3.2.2: a server MUST accept the absolute form, and then takes the authority from the
 * target, not from the `Host` header. Every API, the admin plane and the proxy see the host the
 * client addressed, and each API's pipeline `/path?query`.
 *
 * @example
 *   originForm('http://127.0.0.1:4010/mdm/api/v1/mdm/groups?limit=1')
 *   // → { path: '/mdm/api/v1/mdm/groups?limit=1', host: '127.0.0.1:4010' }
 *   originForm('/mdm/api/v1/mdm/groups') // → undefined (already the origin form)
 */
import type { IncomingMessage } from 'node:http';

/** `scheme://authority` then the rest (path, query); the scheme as RFC 3986 spells one. */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^#]*)/is;

/** The origin form and host of an absolute-form target; undefined for any other form. */
export function originForm(target: string): { path: string; host: string } | undefined {
  const m = ABSOLUTE.exec(target);
  if (!m) return undefined;
  const authority = m[1]!;
  const rest = m[2]!;
  // Userinfo (`user@host`) is no part of the host (and is deprecated for http URIs: RFC 9110 §4.2.4).
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return { path: rest.startsWith('/') ? rest : `/${rest}`, host };
}

/**
 * Connect-style middleware, first in an app: an absolute-form request takes its host from the target
 * (what the admin plane's host check then sees). The URL stays as it is here: Express routes the
 * absolute form itself, and a URL rewritten under its router would break the router's mount
 * trimming (it computed the target's scheme and host once, on the way in).
 */
export function acceptAbsoluteForm(req: IncomingMessage, _res: unknown, next: () => void): void {
  const found = req.url === undefined || req.url.startsWith('/') ? undefined : originForm(req.url);
  if (found?.host) req.headers.host = found.host;
  next();
}

/**
 * For a handler that ends the routing (an API's pipeline): the request's URL in origin form from
 * here on, so that everything after it (validator, journal, handlers) sees `/path?query`.
 */
export function toOriginForm(req: IncomingMessage & { originalUrl?: string }): void {
  const found = req.url === undefined || req.url.startsWith('/') ? undefined : originForm(req.url);
  if (!found) return;
  req.url = found.path;
  if (req.originalUrl !== undefined) req.originalUrl = originForm(req.originalUrl)?.path ?? req.originalUrl;
}
