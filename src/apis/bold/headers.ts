/**
 * The headers on every answer of Bold's API, as its docs' examples show them: CORS for any origin and
 * the security headers. A preflight keeps the engine's `Access-Control-Allow-Headers` (whatever the
 * browser asks to send), so that a browser app may also send the mock's own `X-Mock-Namespace`.
 */
import type { RequestInfo } from '../../engine/kit/index.js';
import type { BoldState } from './state.js';

const HEADERS: Record<string, string> = {
  'Access-Control-Expose-Headers': 'authorization, content-type',
  'Access-Control-Allow-Headers': 'authorization, content-type',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS, PUT',
  'Access-Control-Allow-Origin': '*',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Feature-Policy': 'self',
  'Permissions-policy': 'interest-cohort=()',
};

const { 'Access-Control-Allow-Headers': _asked, ...PREFLIGHT } = HEADERS;

export function responseHeaders(req: RequestInfo<BoldState>): Record<string, string> {
  return req.method === 'OPTIONS' ? PREFLIGHT : HEADERS;
}
