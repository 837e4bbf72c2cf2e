/** Kazoo (Crossbar) in `npm run bench`: an API-key login, groups of the demo account, and a state grown to scale. */
import { DEMO_API_KEY } from '../../src/apis/kazoo/demo.js';
import { demoLogin } from './demo-login.js';
import type { VendorScenarios } from './types.js';

const ACCOUNT = 'de000000000000000000000000000001';
const GROUPS = `/kazoo/v2/accounts/${ACCOUNT}/groups`;
const hex32 = (n: number, lead: string) => lead + n.toString(16).padStart(31, '0');
const DAY = 86_400_000;

export const kazoo: VendorScenarios = {
  api: 'kazoo',
  async login(send) {
    const auth = (await demoLogin(send, 'kazoo', { apiKey: DEMO_API_KEY })).headers;
    // A list worth paging: 120 more groups (a page of 50 of 124).
    for (let i = 0; i < 120; i++)
      await send('PUT', GROUPS, { headers: auth, body: { data: { name: `Seed ${i}`, endpoints: {} } } });
    return auth;
  },
  read: (auth) => ({ method: 'GET', path: `${GROUPS}/f0000000000000000000000000000001`, headers: auth, status: 200 }),
  list: (auth) => ({ method: 'GET', path: `${GROUPS}?page_size=50`, headers: auth, status: 200 }),
  create: (auth) => ({
    method: 'PUT',
    path: GROUPS,
    headers: auth,
    body: { data: { name: 'Bench {{next}}', endpoints: {} } },
    status: 201,
  }),
  invalid: (auth) => ({ method: 'PUT', path: GROUPS, headers: auth, body: { data: { endpoints: {} } }, status: 400 }),
  mixed: (auth) => [
    {
      method: 'PUT',
      path: GROUPS,
      headers: auth,
      body: { data: { name: 'Mixed {{next}}', endpoints: {} } },
      status: 201,
      capture: { id: '"id":"([0-9a-f]{32})"' },
    },
    { method: 'GET', path: `${GROUPS}/{{id}}`, headers: auth, status: 200 },
    {
      method: 'POST',
      path: `${GROUPS}/{{id}}`,
      headers: auth,
      body: { data: { name: 'Renamed {{n}}', endpoints: {} } },
      status: 200,
    },
    { method: 'GET', path: `${GROUPS}?page_size=50`, headers: auth, status: 200 },
    { method: 'DELETE', path: `${GROUPS}/{{id}}`, headers: auth, status: 200 },
  ],
  scale: {
    /** `groups` groups in the demo account, the memberships spread over its 4 users and 4 devices, created a day apart. */
    grow(state, { groups, memberships }) {
      const account = state.accounts[ACCOUNT];
      const members = [
        ...Object.keys(account.users).map((id) => [id, 'user']),
        ...Object.keys(account.devices).map((id) => [id, 'device']),
      ];
      const per = memberships / groups;
      for (let i = 0; i < groups; i++) {
        const endpoints: Record<string, { type: string }> = {};
        for (let k = 0; k < per; k++) {
          const [id, type] = members[(i + k) % members.length]!;
          endpoints[id!] = { type: type! };
        }
        const created = 1_700_000_000_000 + (i % 1000) * DAY;
        account.groups[hex32(i, 'e')] = {
          doc: { name: `Scale ${String(i).padStart(6, '0')}`, endpoints },
          rev: 1,
          created,
          modified: created,
        };
      }
      return state;
    },
    // Half of the groups were created from this day on (Gregorian seconds); sorted by name, a page of 50.
    page: (auth) => ({
      method: 'GET',
      path: `${GROUPS}?created_from=${Math.floor((1_700_000_000_000 + 500 * DAY) / 1000) + 62167219200}&page_size=50`,
      headers: auth,
      status: 200,
    }),
    get: (auth, { groups }) => ({
      method: 'GET',
      path: `${GROUPS}/${hex32(Math.floor(groups * 0.54321), 'e')}`,
      headers: auth,
      status: 200,
    }),
  },
};
