/** ManageEngine MDM in `npm run bench`: the demo OAuth token, device groups, and a state grown to scale. */
import { demoLogin } from './demo-login.js';
import type { VendorScenarios } from './types.js';

const GROUPS = '/mdm/api/v1/mdm/groups';

export const mdm: VendorScenarios = {
  api: 'mdm',
  async login(send) {
    const auth = { ...(await demoLogin(send, 'mdm')).headers, accept: 'application/json' };
    for (let i = 0; i < 120; i++)
      await send('POST', GROUPS, { headers: auth, body: { name: `Seed ${i}`, group_type: 6 } });
    return auth;
  },
  read: (auth) => ({ method: 'GET', path: `${GROUPS}/99731238129`, headers: auth, status: 200 }),
  list: (auth) => ({ method: 'GET', path: `${GROUPS}?limit=50`, headers: auth, status: 200 }),
  create: (auth) => ({
    method: 'POST',
    path: GROUPS,
    headers: auth,
    body: { name: 'Bench {{next}}', group_type: 6 },
    status: 200,
  }),
  invalid: (auth) => ({ method: 'POST', path: GROUPS, headers: auth, body: { group_type: 6 }, status: 400 }),
  mixed: (auth) => [
    {
      method: 'POST',
      path: GROUPS,
      headers: auth,
      body: { name: 'Mixed {{next}}', group_type: 6 },
      status: 200,
      capture: { id: '"group_id":\\s*"?(\\d+)' },
    },
    { method: 'GET', path: `${GROUPS}/{{id}}`, headers: auth, status: 200 },
    { method: 'PUT', path: `${GROUPS}/{{id}}`, headers: auth, body: { name: 'Renamed {{n}}' }, status: 200 },
    { method: 'GET', path: `${GROUPS}?limit=50`, headers: auth, status: 200 },
    { method: 'DELETE', path: `${GROUPS}/{{id}}`, headers: auth, status: 204 },
  ],
  scale: {
    /** `groups` device groups, the memberships spread over the demo devices. */
    grow(state, { groups, memberships }) {
      const devices = Object.keys(state.devices);
      const per = memberships / groups;
      for (let i = 0; i < groups; i++) {
        const members: string[] = [];
        for (let k = 0; k < per; k++) members.push(devices[(i + k) % devices.length]!);
        state.groups[String(50_000_000_000 + i)] = {
          name: `Scale ${i % 2 ? 'odd' : 'even'} ${i}`,
          group_type: 6,
          created_time: 1_770_000_000_000 + i,
          members,
          apps: [],
          profile_ids: [],
        };
      }
      return state;
    },
    // Device groups whose name holds "odd" (half of them), smallest id first, a page of 50.
    page: (auth) => ({ method: 'GET', path: `${GROUPS}?group_type=6&search=odd&limit=50`, headers: auth, status: 200 }),
    get: (auth, { groups }) => ({
      method: 'GET',
      path: `${GROUPS}/${50_000_000_000 + Math.floor(groups * 0.54321)}`,
      headers: auth,
      status: 200,
    }),
  },
};
