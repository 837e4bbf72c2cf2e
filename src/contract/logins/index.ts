/**
 * Every vendor's `--login`, by API name, and the reading of `--login`'s value: `demo` (the mock's
 * demo tenant, as docs/vendors/<api>.md lists it) or `key=value,key=value` with the vendor's fields.
 */
import { boldLogin } from './bold.js';
import { kazooLogin } from './kazoo.js';
import { mdmLogin } from './mdm.js';
import { plaspyLogin } from './plaspy.js';
import { thingspaceLogin } from './thingspace.js';
import { LoginError, type ContractLogin } from './types.js';

export const LOGINS: Record<string, ContractLogin> = Object.fromEntries(
  [kazooLogin, thingspaceLogin, plaspyLogin, mdmLogin, boldLogin].map((l) => [l.api, l]),
);

export function loginFor(api: string): ContractLogin | undefined {
  return Object.hasOwn(LOGINS, api) ? LOGINS[api] : undefined;
}

/** The credentials `--login VALUE` names, checked against the vendor's fields. */
export function parseCredentials(login: ContractLogin, value: string): Record<string, string> {
  const fields = Object.entries(login.fields);
  const known = fields.map(([k]) => k).join(', ');
  if (value.trim() === 'demo')
    return Object.fromEntries(fields.filter(([, f]) => f.demo !== '').map(([k, f]) => [k, f.demo]));
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq < 0 || !Object.hasOwn(login.fields, key))
      throw new LoginError(
        `--login for ${login.api} takes "demo" or key=value pairs of ${known}; not ${JSON.stringify(eq < 0 ? part : key)}`,
      );
    out[key] = part.slice(eq + 1);
  }
  const missing = fields.filter(([k, f]) => !f.optional && out[k] === undefined);
  // Kazoo takes either user, password and account, or an api key alone.
  const alternative = fields.some(([k, f]) => f.optional && out[k] !== undefined);
  if (missing.length && !alternative)
    throw new LoginError(`--login for ${login.api} needs ${missing.map(([k]) => k).join(', ')}`);
  return out;
}

export { LoginError, type ContractLogin, type LoginResult, type LoginTarget } from './types.js';
