/** Plaspy in `npm run bench`: a JWT login (the daily call limit raised first), the demo user's groups. */
import { plaspyDemo } from '../../src/apis/plaspy/demo.js';
import { demoLogin } from './demo-login.js';
import type { VendorScenarios } from './types.js';

const USER = plaspyDemo.fields.userName!.demo;

export const plaspy: VendorScenarios = {
  api: 'plaspy',
  async login(send) {
    // 10,000 calls a day would end a run in seconds with 429s.
    const state = (await send('GET', '/__admin/state/plaspy')).json;
    state.users[USER].dailyLimit = 1_000_000_000;
    const put = await send('PUT', '/__admin/state/plaspy', { body: state });
    if (put.status !== 200) throw new Error(`plaspy: state import refused: ${put.text}`);
    const auth = (await demoLogin(send, 'plaspy')).headers;
    for (let i = 0; i < 120; i++)
      await send('POST', '/plaspy/api/groups', { headers: auth, body: { name: `Seed ${i}`, devices: [] } });
    return auth;
  },
  read: (auth) => ({ method: 'GET', path: '/plaspy/api/groups/grp-121', headers: auth, status: 200 }),
  list: (auth) => ({ method: 'GET', path: '/plaspy/api/groups', headers: auth, status: 200 }),
  create: (auth) => ({
    method: 'POST',
    path: '/plaspy/api/groups',
    headers: { ...auth, 'content-type': 'application/json' },
    body: { name: 'Bench {{next}}', devices: ['dev-456'] },
    status: 201,
  }),
  invalid: (auth) => ({
    method: 'POST',
    path: '/plaspy/api/groups',
    headers: { ...auth, 'content-type': 'application/json' },
    body: { devices: 'dev-456' },
    status: 400,
  }),
  mixed: (auth) => {
    const h = { ...auth, 'content-type': 'application/json' };
    return [
      {
        method: 'POST',
        path: '/plaspy/api/groups',
        headers: h,
        body: { name: 'Mixed {{next}}', devices: [] },
        status: 201,
        capture: { id: '"id":"(grp-\\d+)"' },
      },
      { method: 'GET', path: '/plaspy/api/groups/{{id}}', headers: auth, status: 200 },
      {
        method: 'PUT',
        path: '/plaspy/api/groups/{{id}}',
        headers: h,
        body: { name: 'Renamed {{n}}', devices: ['dev-123'] },
        status: 200,
      },
      { method: 'GET', path: '/plaspy/api/groups', headers: auth, status: 200 },
      { method: 'DELETE', path: '/plaspy/api/groups/{{id}}', headers: auth, status: 200 },
    ];
  },
};
