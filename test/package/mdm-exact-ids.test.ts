/**
 * MDM's ids past 2^53 through a typed client, in process: openapi-fetch over the package's client
 * types (`groups-mock/types/mdm`: int64 as `number | bigint`) with the lossless parse and body
 * serializer of docs/typed-client.md carries the odd id 9007199254750017 through a round trip — read
 * from a listing, sent back in a path and a body, read again — where the default `JSON.parse` reads
 * 9007199254750016 and MDM answers 404. (The page's own files run in typed-client.system.test.ts and
 * in the tarball test.)
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../src/generated/client/mdm.js';
import { startMock, type RunningMock } from '../../src/index.js';

const BIG_GROUP = 9007199254750017n;
const BIG_DEVICE = 9007199254741003n;
let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ api: 'mdm' });
});
afterAll(() => mock?.close());

const parseJson = (text: string) =>
  parse(text, null, (n) => (isInteger(n) && !isSafeNumber(n) ? BigInt(n) : Number(n)));

async function losslessFetch(request: Request): Promise<Response> {
  const res = await fetch(request);
  const text = await res.text();
  const headers = new Headers(res.headers);
  headers.set('Content-Length', String(Buffer.byteLength(text)));
  const copy = new Response(text === '' ? null : text, { status: res.status, statusText: res.statusText, headers });
  return Object.assign(copy, { json: async () => parseJson(text) });
}

const client = (lossless: boolean, namespace: string) =>
  createClient<paths>({
    baseUrl: mock.url('mdm'),
    headers: { Authorization: 'Zoho-oauthtoken demo-mdm-token', 'X-Mock-Namespace': namespace },
    ...(lossless ? { fetch: losslessFetch, bodySerializer: (body: unknown) => stringify(body) ?? '' } : {}),
  });

describe('an MDM id past 2^53 through the typed client', () => {
  it('is odd and past 2^53: no double holds it', () => {
    expect(BIG_GROUP > 2n ** 53n && BIG_GROUP % 2n === 1n).toBe(true);
    expect(BigInt(Number(BIG_GROUP))).not.toBe(BIG_GROUP);
  });

  it('survives a round trip with the lossless parse', async () => {
    const mdm = client(true, 'exact');
    const list = await mdm.GET('/api/v1/mdm/groups', { params: { query: { limit: 200 } } });
    const ids = list.data!.groups.map((g) => g.group_id);
    expect(ids).toContain(BIG_GROUP);
    const one = await mdm.GET('/api/v1/mdm/groups/{group_id}', { params: { path: { group_id: BIG_GROUP } } });
    expect(one.response.status).toBe(200);
    expect(one.data!.group_id).toBe(BIG_GROUP);
    const added = await mdm.POST('/api/v1/mdm/groups/{group_id}/members', {
      params: { path: { group_id: BIG_GROUP } },
      body: { member_ids: [BIG_DEVICE] },
    });
    expect(added.response.status).toBe(200);
    expect(added.data!.member_ids).toContain(BIG_DEVICE);
    const state = await mock.admin
      .forNamespace('exact')
      .getState<{ groups: Record<string, { members: string[] }> }>('mdm');
    expect(state.groups[String(BIG_GROUP)]!.members).toContain(String(BIG_DEVICE));
  });

  it("is rounded by openapi-fetch's default JSON.parse, and the rounded id names no group", async () => {
    const mdm = client(false, 'rounded');
    const list = await mdm.GET('/api/v1/mdm/groups', { params: { query: { limit: 200 } } });
    const ids = list.data!.groups.map((g) => g.group_id);
    expect(ids).not.toContain(BIG_GROUP);
    expect(ids).toContain(9007199254750016);
    const lost = await mdm.GET('/api/v1/mdm/groups/{group_id}', { params: { path: { group_id: 9007199254750016 } } });
    expect(lost.response.status).toBe(404);
  });
});
