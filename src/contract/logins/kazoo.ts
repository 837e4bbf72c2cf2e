/** Kazoo's login: `PUT /v2/user_auth` with md5(user:password) and the account name, or `PUT /v2/api_auth` with an api_key. */
import { createHash } from 'node:crypto';
import { joinUrl } from '../http.js';
import { required, type ContractLogin } from './types.js';

export const kazooLogin: ContractLogin = {
  api: 'kazoo',
  fields: {
    username: { help: 'user name (with password and account)', demo: 'demo-admin' },
    password: { help: "the user's password", demo: 'demo-password' },
    account: { help: 'account name', demo: 'demo' },
    apiKey: { help: 'an account api_key instead of user, password and account', demo: '', optional: true },
  },
  authOperations: ['createUserAuth', 'createApiAuth'],
  async login(t, c) {
    const data = c.apiKey
      ? { api_key: c.apiKey }
      : { credentials: createHash('md5').update(`${c.username}:${c.password}`).digest('hex'), account_name: c.account };
    const res = await t.send({
      method: 'PUT',
      url: joinUrl(t.baseUrl, c.apiKey ? '/v2/api_auth' : '/v2/user_auth'),
      headers: { ...t.headers, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ data }),
    });
    const token = required(res, c.apiKey ? 'api_auth' : 'user_auth', 'auth_token');
    const account = (res.json as { data?: { account_id?: unknown } })?.data?.account_id;
    return {
      headers: { 'X-Auth-Token': token },
      ...(typeof account === 'string' ? { params: { ACCOUNT_ID: account } } : {}),
    };
  },
};
