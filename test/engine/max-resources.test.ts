/**
 * `--max-resources` (docs/memory.md): a namespace holds at most that many groups per API. Past it
 * each vendor's create answers its documented 4xx (the `resourceLimit` example of its spec, in its
 * own envelope, naming the limit) — never a 5xx; deleting or a reset makes room again; an import
 * over the limit is a 400 naming it; `/__admin/health` shows each namespace's sizes. The harness
 * (test/setup.ts) fails a test on any reply that breaks its spec, so each refusal is also checked
 * against the spec's documented response.
 */
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/engine/app.js';
import { api, testServer } from '../helpers.js';
import { ADMIN, GROUPS as BOLD_GROUPS, as as boldAs, groupUrl as boldGroupUrl } from '../bold/bold-client.js';
import { groupsUrl, login as kazooLogin } from '../kazoo/kazoo-client.js';
import { client as mdmClient } from '../mdm/mdm-client.js';
import { GROUPS as PLASPY_GROUPS, as as plaspyAs, getToken as plaspyToken } from '../plaspy/plaspy-client.js';
import { ACCOUNT, M2M, login as tsLogin, m2m } from '../thingspace/thingspace-client.js';

const NS = 'limited';

interface Vendor {
  api: string;
  /** Creates group number `i` in the namespace: the status and body. */
  create(server: MockServer, i: number): Promise<{ status: number; body: any }>;
  /** Checks the refusal's body names the limit in the vendor's envelope. */
  refused(status: number, body: any, limit: number): void;
}

const limitText = (limit: number) => new RegExp(`holds ${limit} (device )?groups.*--max-resources`);

const VENDORS: Vendor[] = [
  {
    api: 'kazoo',
    async create(server, i) {
      const token = await kazooLogin(server, undefined, undefined, undefined, NS);
      return api(server)
        .put(groupsUrl())
        .set('X-Auth-Token', token)
        .set('X-Mock-Namespace', NS)
        .send({ data: { name: `limit ${i}`, endpoints: {} } });
    },
    refused(status, body, limit) {
      expect(status).toBe(403);
      expect(body).toMatchObject({ status: 'error', error: '403', message: 'forbidden' });
      expect(body.data.limit).toBe(limit);
      expect(body.data.cause).toMatch(limitText(limit));
    },
  },
  {
    api: 'mdm',
    create: (server, i) => mdmClient(server, { namespace: NS }).post('/groups', { name: `limit ${i}`, group_type: 6 }),
    refused(status, body, limit) {
      expect(status).toBe(400);
      expect(body.error_code).toBe('COM0005');
      expect(body.error_description).toMatch(limitText(limit));
    },
  },
  {
    api: 'plaspy',
    async create(server, i) {
      const token = await plaspyToken(server, undefined, NS);
      return plaspyAs(server, token, NS)
        .post(PLASPY_GROUPS)
        .send({ name: `limit ${i}` });
    },
    refused(status, body, limit) {
      expect(status).toBe(400);
      expect(body.success).toBe(false);
      expect(body.error).toMatch(limitText(limit));
    },
  },
  {
    api: 'thingspace',
    async create(server, i) {
      const creds = await tsLogin(server, { namespace: NS });
      return m2m(server, creds)
        .post(`${M2M}/groups`)
        .send({ accountName: ACCOUNT, groupName: `limit ${i}`, groupDescription: 'soak' });
    },
    refused(status, body, limit) {
      expect(status).toBe(400);
      expect(body.errorCode).toBe('DeviceGroupService.INPUT_INVALID.GroupLimitReached');
      expect(body.errorMessage).toMatch(limitText(limit));
    },
  },
  {
    api: 'bold',
    create: (server, i) =>
      boldAs(server, ADMIN, NS)
        .post(`${BOLD_GROUPS}?organizationId=29`)
        .send({ name: `limit ${i}` }),
    refused(status, body, limit) {
      expect(status).toBe(400);
      expect(body.code).toBe('InvalidRequest');
      expect(body.message).toMatch(limitText(limit));
    },
  },
];

/** What the namespace's state of the API holds, as the health endpoint shows it. */
async function sizes(server: MockServer, apiName: string): Promise<Record<string, number>> {
  const res = await api(server).get('/__admin/health');
  expect(res.status).toBe(200);
  return res.body.sizes[NS][apiName];
}

/** The number of groups the demo tenant holds (the namespace's size before any create). */
async function fixtureSize(apiName: string): Promise<number> {
  const server = testServer();
  await api(server).get(`/__admin/state/${apiName}?namespace=${NS}`).expect(200);
  return (await sizes(server, apiName)).resources!;
}

describe('--max-resources: a namespace at its limit answers the vendor’s 4xx and recovers', () => {
  for (const vendor of VENDORS) {
    it(`${vendor.api}: creates up to the limit, refuses the next one, makes room after a reset`, async () => {
      const base = await fixtureSize(vendor.api);
      const limit = base + 2;
      const server = testServer({ maxResources: limit });
      for (const i of [1, 2]) {
        const ok = await vendor.create(server, i);
        expect(ok.status).toBeLessThan(300);
      }
      expect((await sizes(server, vendor.api)).resources).toBe(limit);
      const refused = await vendor.create(server, 3);
      vendor.refused(refused.status, refused.body, limit);
      // Still at the limit: the refusal created nothing.
      expect((await sizes(server, vendor.api)).resources).toBe(limit);
      expect((await api(server).get('/__admin/health')).body.limits.maxResources).toBe(limit);

      await api(server).post(`/__admin/reset?namespace=${NS}`).expect(200);
      const again = await vendor.create(server, 4);
      expect(again.status).toBeLessThan(300);
    });

    it(`${vendor.api}: an import over the limit is refused with a 400 naming it, the old state kept`, async () => {
      const base = await fixtureSize(vendor.api);
      const server = testServer({ maxResources: base - 1 });
      const state = (await api(server).get(`/__admin/state/${vendor.api}?namespace=${NS}`)).body;
      const res = await api(server).put(`/__admin/state/${vendor.api}?namespace=${NS}`).send(state);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(`holds ${base} resources, over the limit of ${base - 1}`);
      expect(JSON.stringify(res.body)).toContain('--max-resources');
    });
  }

  it('counts deletes: a delete at the limit makes room for one more create (Bold)', async () => {
    const base = await fixtureSize('bold');
    const server = testServer({ maxResources: base + 1 });
    const created = await VENDORS[4]!.create(server, 1);
    expect(created.status).toBe(200);
    expect((await VENDORS[4]!.create(server, 2)).status).toBe(400);
    await boldAs(server, ADMIN, NS).delete(boldGroupUrl(created.body)).expect(200);
    expect((await VENDORS[4]!.create(server, 3)).status).toBe(200);
  });

  it('shows, for each namespace in use, the sizes of the APIs it used (and no other)', async () => {
    const server = testServer();
    await VENDORS[1]!.create(server, 1);
    const health = (await api(server).get('/__admin/health')).body;
    expect(Object.keys(health.sizes[NS])).toEqual(['mdm']);
    expect(health.sizes[NS].mdm).toMatchObject({ resources: expect.any(Number), groups: expect.any(Number) });
    expect(health.limits).toMatchObject({ maxResources: 200000, deletedRetentionMs: 86400000, maxDeleted: 10000 });
  });
});
