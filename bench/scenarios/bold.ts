/** Bold in `npm run bench`: the demo admin's bearer token (a static credential of the tenant), organization 29's groups. */
import { demoLogin } from './demo-login.js';
import type { VendorScenarios } from './types.js';

const G = '/bold/v1/device-groups';

export const bold: VendorScenarios = {
  api: 'bold',
  async login(send) {
    const auth = (await demoLogin(send, 'bold')).headers;
    for (let i = 0; i < 120; i++)
      await send('POST', `${G}?organizationId=29`, { headers: auth, body: { name: `Seed ${i}`, location: 'Bench' } });
    return auth;
  },
  read: (auth) => ({ method: 'GET', path: `${G}/1`, headers: auth, status: 200 }),
  list: (auth) => ({
    method: 'GET',
    path: `${G}?search=seed*&sortBy=name&sortDirection=Desc&offset=1&size=20`,
    headers: auth,
    status: 200,
  }),
  create: (auth) => ({
    method: 'POST',
    path: `${G}?organizationId=29`,
    headers: { ...auth, 'content-type': 'application/json' },
    body: { name: 'Bench {{next}}' },
    status: 200,
  }),
  invalid: (auth) => ({ method: 'GET', path: `${G}?size=500`, headers: auth, status: 400 }),
  mixed: (auth) => {
    const h = { ...auth, 'content-type': 'application/json' };
    return [
      {
        method: 'POST',
        path: `${G}?organizationId=29`,
        headers: h,
        body: { name: 'Mixed {{next}}' },
        status: 200,
        capture: { id: '^(\\d+)$' },
      },
      { method: 'GET', path: `${G}/{{id}}`, headers: auth, status: 200 },
      {
        method: 'PUT',
        path: `${G}/{{id}}`,
        headers: h,
        body: { name: 'Renamed {{n}}', location: 'Bench' },
        status: 200,
      },
      { method: 'GET', path: `${G}?organizationId=29&size=20`, headers: auth, status: 200 },
      { method: 'DELETE', path: `${G}/{{id}}`, headers: auth, status: 200 },
    ];
  },
};
