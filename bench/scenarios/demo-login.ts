/**
 * A vendor's documented login in the bench: its demo module (src/apis/<name>/demo.ts) over the
 * bench's `send`, with the demo tenant's credentials unless told; header names in lower case, as
 * the load runner sends them.
 */
import { demoOf } from '../../src/apis/index.js';
import { demoCredentials, type DemoLogin, type DemoSend } from '../../src/engine/kit/index.js';
import type { Send } from './types.js';

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

function demoSend(send: Send, api: string): DemoSend {
  return async (req) => {
    const headers = lower(req.headers);
    const form = headers['content-type'] === 'application/x-www-form-urlencoded';
    const body = req.body === undefined ? {} : form ? { form: req.body } : { body: JSON.parse(req.body) as unknown };
    const res = await send(req.method, `/${api}${req.path}`, { headers, ...body });
    return { status: res.status, text: res.text, json: res.json };
  };
}

export async function demoLogin(send: Send, api: string, credentials?: Record<string, string>): Promise<DemoLogin> {
  const demo = demoOf(api);
  if (!demo) throw new Error(`no demo module for ${api}`);
  const login = await demo.login(demoSend(send, api), credentials ?? demoCredentials(demo));
  return { ...login, headers: lower(login.headers) };
}
