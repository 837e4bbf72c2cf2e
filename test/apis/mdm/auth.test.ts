/**
 * MDM's OAuth: `Authorization: Zoho-oauthtoken <token>`, and the scope each operation documents
 * (READ, CREATE, UPDATE, DELETE; ALL covers all). 401 for no or an unknown token, 403 for a token
 * without the scope, both in MDM's error envelope; a refused request changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  BASE,
  DEVICES,
  FIELD_TABLETS,
  MDM_GROUP,
  READONLY,
  SCOPE,
  client,
  expectError,
  mdmServer,
} from './mdm-client.js';

/** Every operation, with the scope the docs give it and a request that would succeed with ALL. */
const OPERATIONS: Array<[string, 'get' | 'post' | 'put' | 'delete', string, string, unknown?]> = [
  ['listGroups', 'get', '/groups', 'READ'],
  ['getGroup', 'get', `/groups/${MDM_GROUP}`, 'READ'],
  ['listGroupMembers', 'get', `/groups/${MDM_GROUP}/members`, 'READ'],
  ['createGroup', 'post', '/groups', 'CREATE', { name: 'New', group_type: 6 }],
  ['addGroupMembers', 'post', `/groups/${MDM_GROUP}/members`, 'CREATE', { member_ids: [Number(DEVICES[5])] }],
  ['addGroupMember', 'post', `/groups/${MDM_GROUP}/members/${DEVICES[6]}`, 'CREATE'],
  [
    'associateGroupApps',
    'post',
    `/groups/${MDM_GROUP}/apps`,
    'CREATE',
    { app_details: [{ app_id: 13, release_label_id: 125 }] },
  ],
  ['associateGroupProfiles', 'post', `/groups/${MDM_GROUP}/profiles`, 'CREATE', { profile_ids: [3] }],
  [
    'moveGroupMembers',
    'put',
    `/groups/${MDM_GROUP}/targetgroups`,
    'CREATE',
    { member_ids: [Number(DEVICES[0])], target_group_ids: [Number(FIELD_TABLETS)] },
  ],
  ['modifyGroup', 'put', `/groups/${MDM_GROUP}`, 'UPDATE', { description: 'changed' }],
  ['removeGroupMember', 'delete', `/groups/${MDM_GROUP}/members/${DEVICES[0]}`, 'DELETE'],
  ['removeGroupMembers', 'delete', `/groups/${MDM_GROUP}/members`, 'DELETE', { member_ids: [Number(DEVICES[1])] }],
  ['disassociateGroupApps', 'delete', `/groups/${MDM_GROUP}/apps`, 'DELETE', { app_ids: [12] }],
  ['disassociateGroupProfiles', 'delete', `/groups/${MDM_GROUP}/profiles`, 'DELETE', { profile_ids: [1] }],
  ['deleteGroup', 'delete', `/groups/${MDM_GROUP}`, 'DELETE'],
  ['deleteGroups', 'delete', '/groups', 'DELETE', { group_ids: [Number(FIELD_TABLETS)] }],
];

/** A server whose namespaces get one token per scope (imported through the admin API) on request. */
async function serverWithScopedTokens() {
  const server = mdmServer();
  const state = (await api(server).get('/__admin/state/mdm')).body;
  for (const s of ['READ', 'CREATE', 'UPDATE', 'DELETE'])
    state.tokens[`only-${s.toLowerCase()}`] = { scopes: [`${SCOPE}${s}`] };
  state.tokens['create-and-read'] = { scopes: [`${SCOPE}CREATE`, `mdmondemand.mdmdevicemgmt.read`] };
  const prepare = async (namespace: string) => {
    const res = await api(server).put(`/__admin/state/mdm?namespace=${namespace}`).send(state);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return namespace;
  };
  return { server, prepare };
}

describe('mdm credentials', () => {
  it('401 without Authorization, with another scheme, with an unknown token, or a token with no scheme', async () => {
    const server = mdmServer();
    expectError(await client(server, { token: null }).get('/groups'), 401, 'COM0013', /Zoho-oauthtoken/);
    expectError(await client(server, { token: 'nope' }).get('/groups'), 401, 'COM0013');
    for (const header of [
      'Bearer demo-mdm-token',
      'demo-mdm-token',
      'Zoho-oauthtoken',
      'Zoho-oauthtoken constructor',
      'Zoho-oauthtoken __proto__',
    ]) {
      const res = await api(server).get(`${BASE}/groups`).set('Authorization', header);
      expect(res.status, header).toBe(401);
      expect(res.body.error_code).toBe('COM0013');
    }
    // The scheme name is case-insensitive, as HTTP auth schemes are.
    expect(
      (await api(server).get(`${BASE}/groups`).set('Authorization', 'zoho-oauthtoken demo-mdm-token')).status,
    ).toBe(200);
  });

  it('a bad token is refused before the body is looked at: no change', async () => {
    const server = mdmServer();
    const res = await client(server, { token: 'nope' }).post('/groups', { name: 'Sneaky', group_type: 6 });
    expectError(res, 401, 'COM0013');
    const list = await client(server).get('/groups?search=sneaky');
    expect(list.body.groups).toEqual([]);
  });
});

describe('mdm scopes', () => {
  it('the read-only demo token reads, and gets 403 naming the scope for everything else — changing nothing', async () => {
    const server = mdmServer();
    const ro = client(server, { token: READONLY });
    const before = (await api(server).get('/__admin/state/mdm')).body.groups;
    for (const [op, method, path, scope, body] of OPERATIONS) {
      const res = await ro[method](path, body);
      if (scope === 'READ') expect(res.status, op).toBe(200);
      else expectError(res, 403, 'COM0014', new RegExp(`${SCOPE}${scope}`.replace(/\./g, '\\.')));
    }
    expect((await api(server).get('/__admin/state/mdm')).body.groups).toEqual(before);
  });

  it('each scope opens exactly the operations that document it; ALL opens every one', async () => {
    const { server, prepare } = await serverWithScopedTokens();
    for (const s of ['READ', 'CREATE', 'UPDATE', 'DELETE']) {
      // Refusals change nothing, so they share a namespace; each success gets a fresh one.
      const refusals = client(server, { token: `only-${s.toLowerCase()}`, namespace: await prepare(`refused-${s}`) });
      for (const [op, method, path, scope, body] of OPERATIONS) {
        if (scope !== s) {
          expectError(await refusals[method](path, body), 403, 'COM0014');
          continue;
        }
        const res = await client(server, {
          token: `only-${s.toLowerCase()}`,
          namespace: await prepare(`scope-${s}-${op}`),
        })[method](path, body);
        expect(res.status, `${s} ${op}: ${res.text}`).toBeLessThan(300);
      }
    }
    for (const [op, method, path, , body] of OPERATIONS) {
      const res = await client(server, { namespace: `all-${op}` })[method](path, body);
      expect(res.status, `${op}: ${res.text}`).toBeLessThan(300);
    }
  });

  it('scopes granted together add up, compared without regard to case', async () => {
    const { server, prepare } = await serverWithScopedTokens();
    const http = client(server, { token: 'create-and-read', namespace: await prepare('both') });
    expect((await http.post('/groups', { name: 'Both', group_type: 7 })).status).toBe(200);
    expect((await http.get('/groups?search=both')).body.groups).toHaveLength(1);
    expectError(await http.delete(`/groups/${MDM_GROUP}`), 403, 'COM0014', /DELETE/);
  });
});
