/** Bold Smart Lock: a bearer token or an API key issued outside the API, sent in `Authorization`; nothing to call. */
import { LoginError, type ContractLogin } from './types.js';

export const boldLogin: ContractLogin = {
  api: 'bold',
  fields: {
    token: { help: 'a Bold bearer token (sent as Authorization: Bearer <token>)', demo: 'demo-bold-admin-token' },
    apiKey: { help: 'or a Bold API key (sent as the whole Authorization header)', demo: '', optional: true },
  },
  authOperations: [],
  async login(_t, c) {
    if (c.token) return { headers: { Authorization: `Bearer ${c.token}` } };
    if (c.apiKey) return { headers: { Authorization: c.apiKey } };
    throw new LoginError('--login for bold needs token or apiKey');
  },
};
