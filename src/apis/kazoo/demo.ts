/**
 * Kazoo's demo tenant and login: `PUT /v2/user_auth` with md5(user:password) and the account name,
 * or `PUT /v2/api_auth` with an account's api_key; the token goes in `X-Auth-Token`.
 */
import { createHash } from 'node:crypto';
import { jsonHeaders, required, type VendorDemo } from '../../engine/kit/demo.js';

/** The demo account's api_key (fixtures/kazoo.json), for `PUT /v2/api_auth`. */
export const DEMO_API_KEY = '6465d6f2e5c1b8a74d2f3e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c';

export const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export const kazooDemo: VendorDemo = {
  api: 'kazoo',
  fields: {
    username: { help: 'user name (with password and account)', demo: 'demo-admin' },
    password: { help: "the user's password", demo: 'demo-password' },
    account: { help: 'account name', demo: 'demo' },
    apiKey: { help: 'an account api_key instead of user, password and account', demo: '', optional: true },
  },
  authOperations: ['createUserAuth', 'createApiAuth'],
  secrets: [DEMO_API_KEY],
  async login(send, c) {
    const digest = c.apiKey ? '' : md5(`${c.username}:${c.password}`);
    const data = c.apiKey ? { api_key: c.apiKey } : { credentials: digest, account_name: c.account };
    const res = await send({
      method: 'PUT',
      path: c.apiKey ? '/v2/api_auth' : '/v2/user_auth',
      headers: jsonHeaders,
      body: JSON.stringify({ data }),
    });
    const token = required(res, c.apiKey ? 'api_auth' : 'user_auth', 'auth_token');
    const account = (res.json as { data?: { account_id?: unknown } })?.data?.account_id;
    return {
      headers: { 'X-Auth-Token': token },
      ...(typeof account === 'string' ? { params: { ACCOUNT_ID: account } } : {}),
      secrets: [token, ...(c.apiKey ? [c.apiKey] : [c.password ?? '', digest])].filter((s) => s !== ''),
    };
  },
};
