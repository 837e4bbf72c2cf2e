/** Plaspy's demo tenant and login: `POST /api/Auth/Token` with the user name and API key gives a JWT for `Authorization: Bearer`. */
import { jsonHeaders, required, type VendorDemo } from '../../engine/kit/demo.js';

/** The key fixtures/plaspy.json signs the demo tenant's tokens with. */
export const SIGNING_KEY = 'groups-mock-plaspy-demo-signing-key-7c1f9a2e4b6d8f0a3c5e7b9d1f2a4c6e';

export const plaspyDemo: VendorDemo = {
  api: 'plaspy',
  fields: {
    userName: { help: 'user name (an e-mail address)', demo: 'demo@plaspy.test' },
    apiKey: { help: "the user's API key", demo: 'demo-api-key' },
  },
  authOperations: ['getToken'],
  secrets: [SIGNING_KEY],
  async login(send, c) {
    const res = await send({
      method: 'POST',
      path: '/api/Auth/Token',
      headers: jsonHeaders,
      body: JSON.stringify({ userName: c.userName, apiKey: c.apiKey }),
    });
    const token = required(res, 'Auth/Token', 'token');
    return { headers: { Authorization: `Bearer ${token}` }, secrets: [token, c.apiKey ?? ''].filter((s) => s !== '') };
  },
};
