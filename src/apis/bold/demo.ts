/** Bold Smart Lock's demo tenant: a bearer token or an API key issued outside the API, sent in `Authorization`; nothing to call. */
import { LoginError, type VendorDemo } from '../../engine/kit/demo.js';

/** The demo tenant's API key (sent as the whole Authorization header). */
export const DEMO_API_KEY = 'demo-bold-api-key';

export const boldDemo: VendorDemo = {
  api: 'bold',
  fields: {
    token: { help: 'a Bold bearer token (sent as Authorization: Bearer <token>)', demo: 'demo-bold-admin-token' },
    apiKey: { help: 'or a Bold API key (sent as the whole Authorization header)', demo: '', optional: true },
  },
  authOperations: [],
  secrets: [DEMO_API_KEY],
  async login(_send, c) {
    if (c.token) return { headers: { Authorization: `Bearer ${c.token}` }, secrets: [c.token] };
    if (c.apiKey) return { headers: { Authorization: c.apiKey }, secrets: [c.apiKey] };
    throw new LoginError('--login for bold needs token or apiKey');
  },
};
