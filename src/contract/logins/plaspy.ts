/** Plaspy's login: `POST /api/Auth/Token` with the user name and API key gives a JWT for `Authorization: Bearer`. */
import { joinUrl } from '../http.js';
import { required, type ContractLogin } from './types.js';

export const plaspyLogin: ContractLogin = {
  api: 'plaspy',
  fields: {
    userName: { help: 'user name (an e-mail address)', demo: 'demo@plaspy.test' },
    apiKey: { help: "the user's API key", demo: 'demo-api-key' },
  },
  authOperations: ['getToken'],
  async login(t, c) {
    const res = await t.send({
      method: 'POST',
      url: joinUrl(t.baseUrl, '/api/Auth/Token'),
      headers: { ...t.headers, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ userName: c.userName, apiKey: c.apiKey }),
    });
    return { headers: { Authorization: `Bearer ${required(res, 'Auth/Token', 'token')}` } };
  },
};
