/** ThingSpace's demo tenant and login: an OAuth client-credentials token (Basic key:secret), then an M2M session for the user. */
import { jsonHeaders, required, type VendorDemo } from '../../engine/kit/demo.js';

export const basicAuth = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

export const thingspaceDemo: VendorDemo = {
  api: 'thingspace',
  fields: {
    appKey: { help: 'OAuth application key', demo: 'demo-app-key' },
    appSecret: { help: 'OAuth application secret', demo: 'demo-app-secret' },
    username: { help: 'M2M user name', demo: 'demo-user' },
    password: { help: 'M2M password', demo: 'demo-password' },
  },
  authOperations: ['getOAuthToken', 'startSession', 'endSession'],
  secrets: [],
  async login(send, c) {
    const token = await send({
      method: 'POST',
      path: '/api/ts/v1/oauth2/token',
      headers: {
        Authorization: basicAuth(c.appKey ?? '', c.appSecret ?? ''),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    const bearer = required(token, 'oauth2/token', 'access_token');
    const session = await send({
      method: 'POST',
      path: '/api/m2m/v1/session/login',
      headers: { ...jsonHeaders, Authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ username: c.username, password: c.password }),
    });
    const m2m = required(session, 'session/login', 'sessionToken');
    return {
      headers: { Authorization: `Bearer ${bearer}`, 'VZ-M2M-Token': m2m },
      secrets: [bearer, m2m, c.appSecret ?? '', c.password ?? ''].filter((s) => s !== ''),
    };
  },
};
