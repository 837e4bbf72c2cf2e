/**
 * The error examples an operation documents for itself are what the mock sends: each case makes the
 * request an example describes and compares the vendor's error fields with the spec's example (the
 * envelope's volatile parts — tokens, request ids, usage counters — left out).
 */
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/engine/app.js';
import { api, testServer } from '../../helpers.js';
import { client } from '../../apis/mdm/mdm-client.js';
import { as as boldAs, ADMIN, GROUPS } from '../../apis/bold/bold-client.js';
import { DEMO, groupsUrl, login as kazooLogin } from '../../apis/kazoo/kazoo-client.js';
import { groupUrl as tsGroupUrl, login as tsLogin, m2m, M2M } from '../../apis/thingspace/thingspace-client.js';

type Send = (server: MockServer) => Promise<{ status: number; body: any }>;
interface Case {
  api: string;
  op: string;
  status: number;
  example: string;
  send: Send;
}

/** The fields each vendor's error body is compared on. */
const FIELDS: Record<string, (b: any) => unknown> = {
  kazoo: (b) => ({ error: b.error, message: b.message, data: b.data }),
  thingspace: (b) => b,
  mdm: (b) => b,
  bold: (b) => b,
};

const kazoo = async (server: MockServer) => {
  const token = await kazooLogin(server);
  const req = (method: 'get' | 'delete', url: string) => api(server)[method](url).set('X-Auth-Token', token);
  return req;
};
const mdm = (server: MockServer) => client(server);
const G = '/groups/99731238129';

const cases: Case[] = [
  {
    api: 'kazoo',
    op: 'createUserAuth',
    status: 400,
    example: 'credentialsRequired',
    send: (s) => api(s).put('/kazoo/v2/user_auth').send({ data: {} }),
  },
  {
    api: 'kazoo',
    op: 'createUserAuth',
    status: 400,
    example: 'parseError',
    send: (s) => api(s).put('/kazoo/v2/user_auth').set('Content-Type', 'application/json').send('{"data":'),
  },
  {
    api: 'kazoo',
    op: 'createApiAuth',
    status: 400,
    example: 'apiKeyRequired',
    send: (s) => api(s).put('/kazoo/v2/api_auth').send({ data: {} }),
  },
  {
    api: 'kazoo',
    op: 'listGroups',
    status: 400,
    example: 'badPageSize',
    send: async (s) => (await kazoo(s))('get', `${groupsUrl()}?page_size=0`),
  },
  {
    api: 'kazoo',
    op: 'getGroup',
    status: 400,
    example: 'badGroupId',
    send: async (s) => (await kazoo(s))('get', `${groupsUrl()}/not-an-id`),
  },
  {
    api: 'kazoo',
    op: 'deleteGroup',
    status: 400,
    example: 'badGroupId',
    send: async (s) => (await kazoo(s))('delete', `${groupsUrl()}/not-an-id`),
  },
  {
    api: 'kazoo',
    op: 'listUserGroups',
    status: 400,
    example: 'badUserId',
    send: async (s) => (await kazoo(s))('get', `/kazoo/v2/accounts/${DEMO}/users/not-an-id/groups`),
  },
  {
    api: 'thingspace',
    op: 'startSession',
    status: 400,
    example: 'usernameRequired',
    send: async (s) => {
      const c = await tsLogin(s);
      return api(s).post(`${M2M}/session/login`).set('Authorization', `Bearer ${c.bearer}`).send({ password: 'x' });
    },
  },
  {
    api: 'thingspace',
    op: 'getDeviceGroup',
    status: 400,
    example: 'nextInvalid',
    send: async (s) => m2m(s, await tsLogin(s)).get(`${tsGroupUrl('Fleet West')}?next=abc`),
  },
  {
    api: 'thingspace',
    op: 'updateDeviceGroup',
    status: 400,
    example: 'newGroupNameEmpty',
    send: async (s) =>
      m2m(s, await tsLogin(s))
        .put(tsGroupUrl('Fleet West'))
        .send({ newGroupName: '' }),
  },
  { api: 'mdm', op: 'listGroups', status: 400, example: 'invalidLimit', send: (s) => mdm(s).get('/groups?limit=500') },
  {
    api: 'mdm',
    op: 'associateGroupApps',
    status: 400,
    example: 'missingField',
    send: (s) => mdm(s).post(`${G}/apps`, {}),
  },
  {
    api: 'mdm',
    op: 'disassociateGroupApps',
    status: 400,
    example: 'missingField',
    send: (s) => mdm(s).delete(`${G}/apps`, {}),
  },
  {
    api: 'mdm',
    op: 'disassociateGroupApps',
    status: 400,
    example: 'notAssociated',
    send: (s) => mdm(s).delete(`${G}/apps`, { app_ids: [13] }),
  },
  {
    api: 'mdm',
    op: 'associateGroupProfiles',
    status: 400,
    example: 'missingField',
    send: (s) => mdm(s).post(`${G}/profiles`, {}),
  },
  {
    api: 'mdm',
    op: 'disassociateGroupProfiles',
    status: 400,
    example: 'missingField',
    send: (s) => mdm(s).delete(`${G}/profiles`, {}),
  },
  {
    api: 'mdm',
    op: 'addGroupMember',
    status: 400,
    example: 'wrongMemberType',
    send: (s) => mdm(s).post(`${G}/members/5001`),
  },
  {
    api: 'bold',
    op: 'createDeviceGroup',
    status: 400,
    example: 'invalidOrganizationId',
    send: (s) => boldAs(s, ADMIN).post(`${GROUPS}?organizationId=abc`).send({ name: 'x' }),
  },
  {
    api: 'bold',
    op: 'createDeviceGroup',
    status: 400,
    example: 'invalidName',
    send: (s) => boldAs(s, ADMIN).post(`${GROUPS}?organizationId=29`).send({ name: 5 }),
  },
];

describe('per-operation error examples are what the mock sends', () => {
  it.each(cases.map((c) => [`${c.api} ${c.op} ${c.status} ${c.example}`, c] as const))('%s', async (_label, c) => {
    const server = testServer();
    const documented = server.apis.get(c.api)!.spec.byId.get(c.op)!.responses.get(String(c.status))!.examples;
    expect(Object.keys(documented)).toContain(c.example);
    const res = await c.send(server);
    expect(res.status, JSON.stringify(res.body)).toBe(c.status);
    const pick = FIELDS[c.api]!;
    expect(pick(res.body)).toEqual(pick(documented[c.example]));
  });
});
