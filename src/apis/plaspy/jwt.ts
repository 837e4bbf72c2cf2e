/**
 * The JWTs the mock issues: `header.claims.signature` in base64url, HS512 as Plaspy's own tokens
 * are (its docs' token starts `eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXV`), signed with the namespace's key.
 * Reading one checks the form, the algorithm and the signature; anything else is "not a token".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Claims {
  /** The user name. */
  sub: string;
  unique_name: string;
  /** The token's id: its key in the state's `tokens`. */
  jti: string;
  /** Seconds since the epoch (engine clock). */
  iat: number;
  nbf: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;

const sign = (input: string, key: string) => createHmac('sha512', key).update(input).digest();

export function signJwt(claims: Claims, key: string): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(body, key).toString('base64url')}`;
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isClaims = (c: unknown): c is Claims => {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return false;
  const o = c as Record<string, unknown>;
  return (
    typeof o.sub === 'string' &&
    typeof o.jti === 'string' &&
    [o.iat, o.nbf, o.exp].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
};

/** The claims of a token this key signed; undefined for anything else (malformed, another alg, tampered). */
export function verifyJwt(token: string, key: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const h = decodeJson(header) as { alg?: unknown } | undefined;
  if (!h || typeof h !== 'object' || h.alg !== 'HS512') return undefined;
  const expected = sign(`${header}.${payload}`, key);
  const sent = Buffer.from(signature, 'base64url');
  // base64url that does not round-trip (stray bits in the last character) is not the signature either.
  if (sent.length !== expected.length || sent.toString('base64url') !== signature || !timingSafeEqual(sent, expected))
    return undefined;
  const claims = decodeJson(payload);
  return isClaims(claims) ? claims : undefined;
}
