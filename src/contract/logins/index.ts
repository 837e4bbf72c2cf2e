/**
 * Every vendor's `--login`, by API name — its demo module (src/apis/<name>/demo.ts) run over the
 * contract tester's HTTP client — and the reading of `--login`'s value: `demo` (the mock's demo
 * tenant, as docs/vendors/<api>.md lists it) or `key=value,key=value` with the vendor's fields.
 */
import { vendors } from '../../apis/index.js';
import type { DemoSend, VendorDemo } from '../../engine/kit/index.js';
import { joinUrl } from '../http.js';
import { LoginError, type ContractLogin, type LoginTarget } from './types.js';

/** The demo module's `send` over the target: its base URL, its headers (`--header`) under the flow's own. */
function sendOver(t: LoginTarget): DemoSend {
  return async (req) => {
    const res = await t.send({
      method: req.method,
      url: joinUrl(t.baseUrl, req.path),
      headers: { ...t.headers, ...req.headers },
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    // No HTTP answer: the reason stands in for the body, so a failed login says why.
    return { status: res.status, text: res.status === 0 ? (res.error ?? '') : res.text, json: res.json };
  };
}

function contractLogin(demo: VendorDemo): ContractLogin {
  return {
    api: demo.api,
    fields: demo.fields,
    authOperations: demo.authOperations,
    async login(t, c) {
      const { headers, params } = await demo.login(sendOver(t), c);
      return { headers, ...(params ? { params } : {}) };
    },
  };
}

export const LOGINS: Record<string, ContractLogin> = Object.fromEntries(
  vendors.map(({ demo }) => [demo.api, contractLogin(demo)]),
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
