/**
 * HAR record and replay: a Bold session (a bare-number id) and a Kazoo session (a login flow and
 * 32-hex ids inside an envelope) on one mock, exported as HAR 1.2 from the journal (credentials
 * masked), replay on a second mock whose ids differ — the replay sends the ids the new server
 * issues, logs in with its own credential, and finds nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../../src/contract/http.js';
import { LOGINS, parseCredentials } from '../../src/contract/logins/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { replayHar } from '../../src/contract/replay.js';
import { createMockServer, listen } from '../../src/engine/app.js';
import { ADMIN, DEVICE, GROUPS, as, groupUrl, memberUrl } from '../apis/bold/bold-client.js';
import { DEMO, groupsUrl, login } from '../apis/kazoo/kazoo-client.js';
import { api, harExport, moduleNamed } from '../helpers.js';

const bold = moduleNamed('bold');
let second: Server;
let secondBase: string;
let secondMock: ReturnType<typeof createMockServer>;

beforeAll(async () => {
  secondMock = createMockServer({ apis: [bold], seed: 9 });
  second = await listen(secondMock, 0, '127.0.0.1');
  secondBase = `http://127.0.0.1:${(second.address() as { port: number }).port}`;
});
afterAll(() => void second.close());

/** The journal of a mock as HAR text. */
async function harOf(server: ReturnType<typeof createMockServer>): Promise<string> {
  const har = await harExport(server);
  expect(har.status).toBe(200);
  return har.body as string;
}

describe('HAR', () => {
  it('a session recorded on one mock replays cleanly on another that issues other ids', async () => {
    const first = createMockServer({ apis: [bold], seed: 1 });
    const http = as(first, ADMIN);
    await http.get(`${GROUPS}?search=office&size=4`);
    const id = (await http.post(`${GROUPS}?organizationId=29`).send({ name: 'Recorded' })).body as number;
    expect(id).toBe(13);
    await http.post(memberUrl(id, DEVICE.of29));
    await http.get(`${groupUrl(id)}?includeDevices=true`);
    await http.put(groupUrl(id)).send({ name: 'Recorded, renamed' });
    await http.delete(groupUrl(id));
    await http.get(groupUrl(id)); // 404 by now

    // Served as a download (Content-Disposition: attachment), read here as text.
    const har = await harExport(first);
    expect(har.status).toBe(200);
    expect(har.headers['content-disposition']).toContain('groups-mock.har');
    const text = har.body as string;
    const doc = JSON.parse(text);
    expect(doc.log.version).toBe('1.2');
    expect(doc.log.entries).toHaveLength(7);
    expect(text).not.toContain('demo-bold-admin-token');
    const file = join(mkdtempSync(join(tmpdir(), 'har-')), 'session.har');
    writeFileSync(file, text);

    // The second mock is a step ahead: the same create gets id 14 there.
    expect((await as(secondMock, ADMIN).post(`${GROUPS}?organizationId=29`).send({ name: 'Already there' })).body).toBe(
      13,
    );
    const { results } = await replayHar({
      file,
      baseUrl: `${secondBase}/bold`,
      headers: {},
      authFor: async () => ({ auth: { Authorization: ADMIN } }),
    });
    expect(results.failures.map((f) => `${f.operation} ${f.check}: ${f.message}`)).toEqual([]);
    const state = (await api(secondMock).get('/__admin/state/bold')).body;
    // The replayed group (14) was created, filled, renamed and deleted there; 13 was never touched.
    expect(state.groups['13'].name).toBe('Already there');
    expect(state.groups['14']).toBeUndefined();
    expect(state.nextGroupId).toBe(15);
    const journal = (await api(secondMock).get('/__admin/requests?limit=10')).body;
    expect(JSON.stringify(journal)).toContain('/v1/device-groups/14/devices/3');
    expect(readFileSync(file, 'utf8')).toContain('/v1/device-groups/13/devices/3');
  });

  it('a header given for the replay replaces the recorded one of that name, whatever its case (one X-Mock-Namespace, not two)', async () => {
    const first = createMockServer({ apis: [bold], seed: 1 });
    const id = (
      await as(first, ADMIN)
        .post(`${GROUPS}?organizationId=29`)
        .set('x-mock-namespace', 'rec-1')
        .send({ name: 'Recorded' })
    ).body as number;
    await as(first, ADMIN).get(groupUrl(id)).set('x-mock-namespace', 'rec-1');
    const file = join(mkdtempSync(join(tmpdir(), 'har-')), 'session.har');
    const har = await api(first)
      .get('/__admin/requests?format=har')
      .set('X-Mock-Namespace', 'rec-1')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    writeFileSync(file, har.body as string);
    const { results } = await replayHar({
      file,
      baseUrl: `${secondBase}/bold`,
      headers: { 'X-Mock-Namespace': 'replay-1' },
      authFor: async () => ({ auth: { Authorization: ADMIN } }),
    });
    expect(results.failures.map((f) => `${f.operation} ${f.check}: ${f.message}`)).toEqual([]);
    const journal = (await api(secondMock).get('/__admin/requests?namespace=replay-1')).body;
    expect(journal.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/device-groups`,
      `GET /v1/device-groups/${id}`,
    ]);
    expect((await api(secondMock).get('/__admin/requests?namespace=rec-1')).body.requests).toEqual([]);
  });

  it('a Kazoo session, login included, replays on another mock: its new group id and token are used, the login is not repeated', async () => {
    const kazoo = moduleNamed('kazoo');
    const first = createMockServer({ apis: [kazoo], seed: 1 });
    const token = await login(first);
    const k = (r: ReturnType<ReturnType<typeof api>['get']>) => r.set('X-Auth-Token', token);
    const created = await k(api(first).put(groupsUrl())).send({
      data: { name: 'Recorded', endpoints: { a0000000000000000000000000000002: { type: 'user', weight: 1 } } },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect((await k(api(first).get(`${groupsUrl()}/${id}`))).status).toBe(200);
    expect(
      (await k(api(first).patch(`${groupsUrl()}/${id}`)).send({ data: { name: 'Recorded, renamed' } })).status,
    ).toBe(200);
    expect((await k(api(first).get(`${groupsUrl()}?filter_name=Recorded%2C%20renamed`))).body.data).toHaveLength(1);
    expect((await k(api(first).delete(`${groupsUrl()}/${id}`))).status).toBe(200);
    expect((await k(api(first).get(`${groupsUrl()}/${id}`))).status).toBe(404);

    const text = await harOf(first);
    expect(text).not.toContain(token);
    const file = join(mkdtempSync(join(tmpdir(), 'har-')), 'kazoo.har');
    writeFileSync(file, text);

    const mock = createMockServer({ apis: [kazoo], seed: 9 });
    const http = await listen(mock, 0, '127.0.0.1');
    try {
      const baseUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}/kazoo`;
      const kazooApi = contractApi(kazoo);
      const { results } = await replayHar({
        file,
        baseUrl,
        headers: {},
        authFor: async () => {
          const l = LOGINS.kazoo!;
          return {
            auth: (
              await l.login({ baseUrl, headers: {}, send: (r) => send(r, kazooApi.codec) }, parseCredentials(l, 'demo'))
            ).headers,
          };
        },
      });
      expect(results.failures.map((f) => `${f.operation} ${f.check}: ${f.message}`)).toEqual([]);
      expect(results.skipped).toEqual([expect.stringContaining('createUserAuth: part of the auth flow')]);
      expect(results.requests).toBe(6);
      // The second mock's journal: its own new id, never the recorded one, and the group is gone again.
      const journal = JSON.stringify((await api(mock).get('/__admin/requests?limit=20')).body);
      expect(journal).not.toContain(id);
      const state = (await api(mock).get('/__admin/state/kazoo')).body;
      // Created, renamed and (softly, as Crossbar does) deleted there, under the second mock's own id.
      const replayed = Object.entries<any>(state.accounts[DEMO].groups).filter(([, g]) =>
        g.doc.name.startsWith('Recorded'),
      );
      expect(replayed.map(([gid, g]) => [gid === id, g.doc.name, g.deleted])).toEqual([
        [false, 'Recorded, renamed', true],
      ]);
      expect(journal).toContain(`/v2/accounts/${DEMO}/groups/`);
    } finally {
      http.close();
    }
  });
});
