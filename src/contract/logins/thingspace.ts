/** ThingSpace's login: an OAuth client-credentials token (Basic key:secret), then an M2M session for the user. */
import { joinUrl } from '../http.js';
import { required, type ContractLogin } from './types.js';

export const thingspaceLogin: ContractLogin = {
  api: 'thingspace',
  fields: {
    appKey: { help: 'OAuth application key', demo: 'demo-app-key' },
    appSecret: { help: 'OAuth application secret', demo: 'demo-app-secret' },
    username: { help: 'M2M user name', demo: 'demo-user' },
    password: { help: 'M2M password', demo: 'demo-password' },
  },
  authOperations: ['getOAuthToken', 'startSession', 'endSession'],
  async login(t, c) {
    const basic = Buffer.from(`${c.appKey}:${c.appSecret}`).toString('base64');
    const token = await t.send({
      method: 'POST',
      url: joinUrl(t.baseUrl, '/api/ts/v1/oauth2/token'),
      headers: {
        ...t.headers,
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    const bearer = required(token, 'oauth2/token', 'access_token');
    const session = await t.send({
      method: 'POST',
      url: joinUrl(t.baseUrl, '/api/m2m/v1/session/login'),
      headers: {
        ...t.headers,
        Authorization: `Bearer ${bearer}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({ username: c.username, password: c.password }),
    });
    return {
      headers: {
        Authorization: `Bearer ${bearer}`,
        'VZ-M2M-Token': required(session, 'session/login', 'sessionToken'),
      },
    };
  },
};
