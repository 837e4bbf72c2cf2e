/**
 * MDM group listing: `limit` (default 50, max 200), zero-based `offset`, `skip-token` with
 * `paging.next/previous`, `metadata.total_record_count`, the `group_type` and `search` filters — and
 * through a large listing, paging that neither loses nor repeats a group, also while groups are
 * created and deleted between pages.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../src/engine/pipeline/index.js';
import { api, moduleNamed, testServer } from '../../helpers.js';
import {
  ENGINEERING,
  FIELD_TABLETS,
  KIOSKS,
  MDM_GROUP,
  SALES_TEAM,
  TOKEN,
  client,
  expectError,
  mdmServer,
  readJson,
  type Client,
} from './mdm-client.js';

const ALL = [MDM_GROUP, FIELD_TABLETS, SALES_TEAM, KIOSKS, ENGINEERING];
const idsOf = (body: { groups: Array<{ group_id: unknown }> }) => body.groups.map((g) => String(g.group_id));

/** The path and query of a paging URL, for the test client. */
const follow = (url: string) => {
  const u = new URL(url);
  expect(u.pathname).toBe('/mdm/api/v1/mdm/groups');
  return `/groups${u.search}`;
};

/** A server whose default namespace holds `n` more device groups ("Bulk 000", ...), imported through the admin API. */
async function bigTenant(n: number) {
  const server = mdmServer();
  const state = (await api(server).get('/__admin/state/mdm')).body;
  for (let i = 0; i < n; i++) {
    // Ids past 2^53 and out of name order, so the listing's order is the ids' numeric order.
    const key = (9007199254800000n + BigInt(((i * 37) % n) * 3)).toString();
    state.groups[key] = {
      name: `Bulk ${String(i).padStart(3, '0')}`,
      group_type: i % 3 ? 6 : 7,
      created_time: 0,
      members: [],
      apps: [],
      profile_ids: [],
    };
  }
  // The high-water mark of issued ids covers the imported groups: an import below it is refused.
  state.highestGroupId = Object.keys(state.groups).reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
  expect((await api(server).put('/__admin/state/mdm').send(state)).status).toBe(200);
  return { server, http: client(server) };
}

/** Every group id, following paging.next from the first page. */
async function walkNext(http: Client, first: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let path: string | undefined = first;
  let pages = 0;
  while (path && pages < 1000) {
    const res = await http.get(path);
    expect(res.status, res.text).toBe(200);
    ids.push(...idsOf(res.body));
    pages++;
    path = res.body.paging.next ? follow(res.body.paging.next) : undefined;
  }
  return { ids, pages };
}

describe('mdm list groups', () => {
  it('the documented listing: every group, smallest id first, with its total and no more pages', async () => {
    const http = client(mdmServer());
    const res = await http.get('/groups');
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual(ALL);
    expect(res.body.metadata).toEqual({ total_record_count: 5 });
    expect(res.body.paging).toEqual({});
    expect(res.body.groups[1]).toEqual({
      group_id: 99731238130,
      name: 'Field tablets',
      group_type: 6,
      group_category: 1,
      description: 'Devices of the field team',
      member_count: 5,
      created_time: 1770026400000,
    });
  });

  it('limit and zero-based offset, with next and previous skip-tokens', async () => {
    const http = client(mdmServer());
    const page = await http.get('/groups?limit=2&offset=1');
    expect(idsOf(page.body)).toEqual([FIELD_TABLETS, SALES_TEAM]);
    expect(page.body.metadata.total_record_count).toBe(5);
    const next = await http.get(follow(page.body.paging.next));
    expect(idsOf(next.body)).toEqual([KIOSKS, ENGINEERING]);
    expect(next.body.paging.next).toBeUndefined();
    const back = await http.get(follow(next.body.paging.previous));
    expect(idsOf(back.body)).toEqual([FIELD_TABLETS, SALES_TEAM]);
    const first = await http.get(follow(back.body.paging.previous));
    expect(idsOf(first.body)).toEqual([MDM_GROUP]);
    expect(first.body.paging.previous).toBeUndefined();
    // An offset past the end is an empty page that can go back.
    const past = await http.get('/groups?offset=9&limit=2');
    expect(past.body.groups).toEqual([]);
    expect(idsOf((await http.get(follow(past.body.paging.previous))).body)).toEqual([KIOSKS, ENGINEERING]);
  });

  it('group_type (a comma list) and search filter, and the skip-token keeps them', async () => {
    const http = client(mdmServer());
    expect(idsOf((await http.get('/groups?group_type=7')).body)).toEqual([SALES_TEAM, ENGINEERING]);
    expect(idsOf((await http.get('/groups?group_type=1')).body)).toEqual([MDM_GROUP, FIELD_TABLETS, KIOSKS]);
    expect(idsOf((await http.get('/groups?group_type=6,%207')).body)).toEqual(ALL);
    expect((await http.get('/groups?group_type=11')).body).toMatchObject({
      groups: [],
      metadata: { total_record_count: 0 },
    });
    expect(idsOf((await http.get('/groups?search=TEAM')).body)).toEqual([SALES_TEAM]);
    const page = await http.get('/groups?group_type=6&limit=1');
    expect(page.body.metadata.total_record_count).toBe(3);
    const rest = await http.get(follow(page.body.paging.next));
    expect(idsOf(rest.body)).toEqual([FIELD_TABLETS]);
    expect(rest.body.metadata.total_record_count).toBe(3);
  });

  it('bad values: a malformed skip-token COM0003, a bad filter or limit COM0024', async () => {
    const http = client(mdmServer());
    for (const token of [
      'nope',
      'eyJhIjoiMSJ9',
      Buffer.from('{"a":"1","l":999}').toString('base64url'),
      Buffer.from('{"a":"1","b":"2","l":5}').toString('base64url'),
      '%%%',
    ]) {
      expectError(await http.get(`/groups?skip-token=${encodeURIComponent(token)}`), 400, 'COM0003', /skip-token/);
    }
    expectError(await http.get('/groups?group_type=5'), 400, 'COM0024', /group_type: 5/);
    expectError(await http.get('/groups?group_type=six'), 400, 'COM0024', /group_type/);
    expectError(await http.get('/groups?limit=201'), 400, 'COM0024', /limit/);
    expectError(await http.get('/groups?limit=0'), 400, 'COM0024', /limit/);
    expectError(await http.get('/groups?offset=-1'), 400, 'COM0024', /offset/);
    // `sort` is no parameter of the listing: accepted with a journal warning, refused by a strict mock.
    expect((await http.get('/groups?sort=name')).status).toBe(200);
    expectError(
      await client(testServer({ apis: [moduleNamed('mdm')], strict: true })).get('/groups?sort=name'),
      400,
      'COM0024',
      /sort/,
    );
  });
});

describe('mdm paging through a large listing', () => {
  it('default 50 a page, at most 200; offsets and skip-tokens give every group once, in order', async () => {
    const { http } = await bigTenant(245);
    const first = await http.get('/groups');
    expect(first.body.groups).toHaveLength(50);
    expect(first.body.metadata.total_record_count).toBe(250);
    expect((await http.get('/groups?limit=200')).body.groups).toHaveLength(200);

    const byToken = await walkNext(http, '/groups?limit=37');
    expect(byToken.pages).toBe(7);
    const byOffset: string[] = [];
    for (let offset = 0; offset < 250; offset += 37)
      byOffset.push(...idsOf((await http.get(`/groups?limit=37&offset=${offset}`)).body));
    const sorted = [...byToken.ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(new Set(byToken.ids).size).toBe(250);
    expect(byToken.ids).toEqual(sorted);
    expect(byOffset).toEqual(byToken.ids);

    // Backwards from the last page with paging.previous: the same groups in reverse page order.
    let last = await http.get('/groups?limit=37&offset=222');
    const backwards: string[][] = [idsOf(last.body)];
    while (last.body.paging.previous) {
      last = await http.get(follow(last.body.paging.previous));
      backwards.unshift(idsOf(last.body));
    }
    expect(backwards.flat()).toEqual(byToken.ids);
  });

  it('groups created and deleted between pages: every group that stays is seen exactly once', async () => {
    const { http } = await bigTenant(120);
    const initial = (await walkNext(http, '/groups?limit=200&group_type=6')).ids;
    expect(initial).toHaveLength(83);
    const seen: string[] = [];
    const deleted = new Set<string>();
    let res = await http.get('/groups?limit=25&group_type=6');
    seen.push(...idsOf(res.body));
    for (let round = 0; res.body.paging.next; round++) {
      // Delete a group already seen and one not seen yet; create one (it gets a larger id).
      const unseen = initial.find((g, i) => i > seen.length + 2 && !deleted.has(g));
      for (const g of [seen[round]!, unseen].filter((x): x is string => x !== undefined)) {
        expect((await http.delete(`/groups/${g}`)).status).toBe(204);
        deleted.add(g);
      }
      expect((await http.post('/groups', { name: `Late ${round}`, group_type: 6 })).status).toBe(200);
      res = await http.get(follow(res.body.paging.next));
      seen.push(...idsOf(res.body));
    }
    expect(new Set(seen).size, 'no group twice').toBe(seen.length);
    const stayed = initial.filter((g) => !deleted.has(g));
    expect(
      stayed.filter((g) => !seen.includes(g)),
      'no group lost',
    ).toEqual([]);
    expect(deleted.size).toBeGreaterThan(4);
  });
});

describe('mdm paging links follow where MDM is mounted', () => {
  it('an app that mounts MDM at /tenant-a/mdm gets paging.next and paging.previous under that path, and they work', async () => {
    const server = mdmServer();
    const app = express();
    app.use('/tenant-a/mdm', createApiHandler(server.runtime, server.apis.get('mdm')!));
    const get = (path: string) =>
      request(app).get(path).set('Authorization', `Zoho-oauthtoken ${TOKEN}`).set('Accept', 'application/json');
    const first = await get('/tenant-a/mdm/api/v1/mdm/groups?limit=2&offset=1');
    expect(first.status, first.text).toBe(200);
    const next = new URL(first.body.paging.next);
    const previous = new URL(first.body.paging.previous);
    expect(next.pathname).toBe('/tenant-a/mdm/api/v1/mdm/groups');
    expect(previous.pathname).toBe('/tenant-a/mdm/api/v1/mdm/groups');
    const page = await get(`${next.pathname}${next.search}`);
    expect(page.status, page.text).toBe(200);
    expect(idsOf(readJson(page.text))).toEqual([KIOSKS, ENGINEERING]);
    expect(idsOf(readJson((await get(`${previous.pathname}${previous.search}`)).text))).toEqual([MDM_GROUP]);
  });
});
