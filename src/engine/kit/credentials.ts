/**
 * Reading credentials from a request, the same way for every vendor: a header's single value, a
 * token after an auth scheme (`Bearer x`, `Zoho-oauthtoken x`), HTTP Basic user and password.
 * Each reader says "not sent" (undefined) apart from "sent but malformed", which vendors answer
 * differently (a missing-credentials vs an invalid-credentials body).
 *
 * @example
 *   schemeToken(req.headers, 'Zoho-oauthtoken')  // 'Zoho-oauthtoken 1000.abc' → '1000.abc'
 *   basicCredentials(req.headers)                // 'Basic ZGVtbzpwdw==' → { user: 'demo', password: 'pw' }
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A header's value (the first, when it was sent twice); undefined when absent. */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * What follows `scheme` in the header (`Authorization` by default), compared without regard to
 * case; undefined when the header is absent, names another scheme, or has nothing after it.
 */
export function schemeToken(
  headers: IncomingHttpHeaders,
  scheme: string,
  header = 'authorization',
): string | undefined {
  const value = headerOf(headers, header);
  if (value === undefined) return undefined;
  const at = value.trimStart();
  if (
    at.length <= scheme.length ||
    at.slice(0, scheme.length).toLowerCase() !== scheme.toLowerCase() ||
    !/\s/.test(at[scheme.length]!)
  )
    return undefined;
  const token = at.slice(scheme.length).trim();
  return token && !/\s/.test(token) ? token : undefined;
}

/** The scheme word the header starts with (`Bearer`, `Basic`), if any. */
export function schemeOf(headers: IncomingHttpHeaders, header = 'authorization'): string | undefined {
  return /^\s*(\S+)/.exec(headerOf(headers, header) ?? '')?.[1];
}

/** HTTP Basic: `{ user, password }`, or undefined when no Basic credentials were sent. */
export function basicCredentials(headers: IncomingHttpHeaders): { user: string; password: string } | undefined {
  const encoded = schemeToken(headers, 'Basic');
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? { user: decoded, password: '' }
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A query parameter's value (the first, when it was given twice). */
export function queryOf(query: Record<string, string | string[]>, name: string): string | undefined {
  if (!Object.hasOwn(query, name)) return undefined;
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}
