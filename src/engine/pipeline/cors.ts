/**
 * CORS for browser clients (Kazoo's Monster UI, web dashboards): a preflight `OPTIONS` on any path
 * of an API is answered for the methods the spec gives that path, and every answer to a request with
 * an `Origin` lets that origin read it — a local mock should never be what blocks a browser app.
 * A vendor's own CORS headers (`responseHeaders`) are kept where they say more.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers of the answer to a preflight for a path that takes `allow`. */
export function preflightHeaders(headers: IncomingHttpHeaders, allow: string[]): Record<string, string> {
  const methods = [...new Set([...allow, 'OPTIONS'])].join(', ');
  return {
    Allow: methods,
    'Access-Control-Allow-Origin': typeof headers.origin === 'string' ? headers.origin : '*',
    'Access-Control-Allow-Methods': methods,
    // Whatever the client asks to send (its own headers, X-Mock-Namespace, Prefer) is fine.
    'Access-Control-Allow-Headers':
      typeof headers['access-control-request-headers'] === 'string' ? headers['access-control-request-headers'] : '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/** Headers that let the requesting origin read an answer (none when the request has no Origin). */
export function corsHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  if (typeof headers.origin !== 'string') return {};
  return {
    'Access-Control-Allow-Origin': headers.origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Location, Retry-After, Allow, X-Request-ID',
    Vary: 'Origin',
  };
}
