/** Verizon ThingSpace in `npm run bench`: an OAuth token and an M2M session, device groups of the demo account. */
import { demoLogin } from './demo-login.js';
import type { VendorScenarios } from './types.js';

const ACCOUNT = '0000123456-00001';
const GROUPS = '/thingspace/api/m2m/v1/groups';

export const thingspace: VendorScenarios = {
  api: 'thingspace',
  async login(send) {
    const { headers } = await demoLogin(send, 'thingspace');
    return { ...headers, 'content-type': 'application/json' };
  },
  read: (auth) => ({ method: 'GET', path: `${GROUPS}/${ACCOUNT}/name/Cold%20Chain`, headers: auth, status: 200 }),
  list: (auth) => ({ method: 'GET', path: `${GROUPS}/${ACCOUNT}`, headers: auth, status: 200 }),
  create: (auth) => ({
    method: 'POST',
    path: GROUPS,
    headers: auth,
    body: { accountName: ACCOUNT, groupName: 'Bench {{next}}', groupDescription: 'bench' },
    status: 200,
  }),
  invalid: (auth) => ({
    method: 'POST',
    path: GROUPS,
    headers: auth,
    body: { accountName: ACCOUNT, groupDescription: 'no name' },
    status: 400,
  }),
  mixed: (auth) => [
    {
      method: 'POST',
      path: GROUPS,
      headers: auth,
      body: { accountName: ACCOUNT, groupName: 'Mixed {{next}}', groupDescription: 'bench' },
      status: 200,
    },
    { method: 'GET', path: `${GROUPS}/${ACCOUNT}/name/Mixed%20{{n}}`, headers: auth, status: 200 },
    {
      method: 'PUT',
      path: `${GROUPS}/${ACCOUNT}/name/Mixed%20{{n}}`,
      headers: auth,
      body: { newGroupName: 'Renamed {{n}}' },
      status: 200,
    },
    { method: 'GET', path: `${GROUPS}/${ACCOUNT}`, headers: auth, status: 200 },
    { method: 'DELETE', path: `${GROUPS}/${ACCOUNT}/name/Renamed%20{{n}}`, headers: auth, status: 200 },
  ],
};
