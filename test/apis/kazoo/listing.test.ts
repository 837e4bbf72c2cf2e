import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/engine/app.js';
import { GREGORIAN_OFFSET } from '../../../src/apis/kazoo/listing.js';
import { api, CLOCK_START, testServer } from '../../helpers.js';
import { ALICE, DEMO, MISSING, groupsUrl, login } from './kazoo-client.js';

const names = (res: { body: { data: Array<{ name: string }> } }) => res.body.data.map((g) => g.name);

async function setup() {
  const server = testServer();
  const token = await login(server);
  const get = (url: string) => api(server).get(url).set('X-Auth-Token', token);
  return { server, token, get };
}

async function addGroups(server: MockServer, token: string, count: number) {
  for (let i = 0; i < count; i++) {
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: `Team ${String(i).padStart(2, '0')}`, endpoints: {} } });
    expect(res.status).toBe(201);
  }
}

describe('kazoo listing', () => {
  it('returns summaries: endpoint count, features, flags', async () => {
    const { get } = await setup();
    const res = await get(groupsUrl());
    expect(res.status).toBe(200);
    expect(res.body.data).toContainEqual({
      id: 'f0000000000000000000000000000002',
      name: 'Support',
      features: ['music_on_hold'],
      endpoints: 3,
      flags: ['tier-1'],
    });
    expect(res.body.data).toContainEqual({
      id: 'f0000000000000000000000000000001',
      name: 'Sales',
      features: [],
      endpoints: 2,
      flags: [],
    });
    expect(res.body.page_size).toBe(4);
    expect(res.body).not.toHaveProperty('next_start_key');
  });

  it('lists in descending order by default and ascending on request', async () => {
    const { get } = await setup();
    expect(names(await get(groupsUrl()))).toEqual(['Support', 'Sales', 'Management', 'After hours']);
    expect(names(await get(`${groupsUrl()}?ascending=true`))).toEqual([
      'After hours',
      'Management',
      'Sales',
      'Support',
    ]);
  });

  it('pages with page_size and next_start_key to the end, without repeats or gaps', async () => {
    const { server, token, get } = await setup();
    await addGroups(server, token, 11);
    const seen: string[] = [];
    let url = `${groupsUrl()}?page_size=4&ascending=true`;
    let pages = 0;
    for (;;) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.body.page_size).toBe(res.body.data.length);
      seen.push(...names(res));
      pages++;
      if (!res.body.next_start_key) break;
      url = `${groupsUrl()}?page_size=4&ascending=true&start_key=${encodeURIComponent(res.body.next_start_key)}`;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(15);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(15);
  });

  it('keeps paging stable when a group of the next page is deleted', async () => {
    const { server, token, get } = await setup();
    const first = await get(`${groupsUrl()}?page_size=2&ascending=true`);
    expect(names(first)).toEqual(['After hours', 'Management']);
    const next = first.body.next_start_key as string;
    const sales = 'f0000000000000000000000000000001';
    await api(server).delete(`${groupsUrl()}/${sales}`).set('X-Auth-Token', token);
    const second = await get(`${groupsUrl()}?page_size=2&ascending=true&start_key=${encodeURIComponent(next)}`);
    expect(names(second)).toEqual(['Support']);
  });

  it('paginate=false returns everything; the default page size is 50', async () => {
    const { server, token, get } = await setup();
    await addGroups(server, token, 50);
    const paged = await get(groupsUrl());
    expect(paged.body.data).toHaveLength(50);
    expect(paged.body.next_start_key).toBeTypeOf('string');
    const all = await get(`${groupsUrl()}?paginate=false`);
    expect(all.body.data).toHaveLength(54);
    expect(all.body).not.toHaveProperty('next_start_key');
  });

  it('refuses a start_key it did not issue', async () => {
    const { get } = await setup();
    const res = await get(`${groupsUrl()}?start_key=garbage`);
    expect(res.status).toBe(400);
    expect(res.body.data.start_key).toBeDefined();
  });

  it('filters: filter_KEY, filter_not_KEY, has_key, key_missing, has_value, missing_value (ANDed, dotted keys)', async () => {
    const { get } = await setup();
    expect(names(await get(`${groupsUrl()}?filter_name=Sales`))).toEqual(['Sales']);
    expect(names(await get(`${groupsUrl()}?filter_not_name=Sales&ascending=true`))).toEqual([
      'After hours',
      'Management',
      'Support',
    ]);
    expect(names(await get(`${groupsUrl()}?has_key=music_on_hold.media_id`))).toEqual(['Support']);
    expect(names(await get(`${groupsUrl()}?key_missing=music_on_hold&ascending=true`))).toEqual(['After hours']);
    expect(names(await get(`${groupsUrl()}?has_value=flags&ascending=true`))).toEqual(['After hours', 'Support']);
    expect(names(await get(`${groupsUrl()}?missing_value=flags&ascending=true`))).toEqual(['Management', 'Sales']);
    expect(names(await get(`${groupsUrl()}?has_value=flags&filter_not_name=Support`))).toEqual(['After hours']);
    expect(names(await get(`${groupsUrl()}?filter_endpoints.${ALICE}.type=user&ascending=true`))).toEqual([
      'After hours',
      'Sales',
    ]);
  });

  it('filters by created and modified time in Gregorian seconds', async () => {
    const { server, token, get } = await setup();
    const jan3 = Date.parse('2026-01-03T00:00:00Z') / 1000 + GREGORIAN_OFFSET;
    expect(names(await get(`${groupsUrl()}?created_from=${jan3}&ascending=true`))).toEqual([
      'After hours',
      'Management',
    ]);
    expect(names(await get(`${groupsUrl()}?created_to=${jan3 - 1}&ascending=true`))).toEqual(['Sales', 'Support']);
    server.store.clock('default').advance(3600_000);
    await api(server)
      .patch(`${groupsUrl()}/f0000000000000000000000000000001`)
      .set('X-Auth-Token', token)
      .send({ data: { flags: ['moved'] } });
    const since = Math.floor(CLOCK_START / 1000) + GREGORIAN_OFFSET;
    expect(names(await get(`${groupsUrl()}?modified_from=${since}`))).toEqual(['Sales']);
    expect(names(await get(`${groupsUrl()}?modified_to=${since}&ascending=true`))).toEqual([
      'After hours',
      'Management',
      'Support',
    ]);
  });

  it("lists a user's groups from its type:user endpoints; an unknown user is 404", async () => {
    const { get } = await setup();
    const res = await get(`/kazoo/v2/accounts/${DEMO}/users/${ALICE}/groups`);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(['After hours', 'Sales']);
    const device = await get(`/kazoo/v2/accounts/${DEMO}/users/d0000000000000000000000000000001/groups`);
    expect(device.status).toBe(404);
    const missing = await get(`/kazoo/v2/accounts/${DEMO}/users/${MISSING}/groups`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'bad_identifier', data: { cause: MISSING } });
  });
});
