/**
 * The exact curl command that reproduces a request, for every reported failure: each argument
 * single-quoted for POSIX shells (a quote inside becomes '\''), so a hostile value in a body or a
 * header cannot break out of the command a user pastes.
 */
import type { WireRequest } from './http.js';

export const shellQuote = (s: string): string =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell variable a credential header's value is read from in a printed command (`X-Auth-Token` → `$X_AUTH_TOKEN`). */
export const secretVariable = (header: string) => header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The command; headers named in `secrets` (credentials) are written as `"Name: $NAME"`, so a CI log
 * never shows a token and the command still runs once the variable is set.
 */
export function toCurl(req: WireRequest, secrets: Iterable<string> = []): string {
  const hidden = new Set([...secrets].map((s) => s.toLowerCase()));
  const args = ['curl', '-i', '-X', req.method, shellQuote(req.url)];
  for (const [k, v] of Object.entries(req.headers))
    args.push('-H', hidden.has(k.toLowerCase()) ? `"${k}: $${secretVariable(k)}"` : shellQuote(`${k}: ${v}`));
  if (req.body !== undefined) args.push('--data-raw', shellQuote(req.body));
  return args.join(' ');
}
