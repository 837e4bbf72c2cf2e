/**
 * The journal keeps raw material (body texts, header copies) and masks it the first time an entry is
 * read: an entry must still show what was sent when it was sent — whatever the handler or the state
 * does to its objects afterwards — and read the same, masked, every time.
 */
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../../src/engine/app.js';
import type { Handler } from '../../../src/engine/types.js';
import { api, CLOCK_START, everything, harExport, moduleNamed } from '../../helpers.js';
import { SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

type AnyHandler = Handler<unknown, unknown, unknown>;

/** Kazoo whose getGroup and createGroup hand out the objects they used, for the test to change later. */
function keepingServer() {
  const kazoo = moduleNamed('kazoo');
  const kept: { replies: Array<{ body: any }>; bodies: any[] } = { replies: [], bodies: [] };
  const wrap = (name: 'getGroup' | 'createGroup') =>
    (async (ctx: any) => {
      const reply = await (kazoo.handlers[name] as any)(ctx);
      kept.replies.push(reply);
      kept.bodies.push(ctx.body);
      return reply;
    }) as unknown as AnyHandler;
  const server = createMockServer({
    apis: [{ ...kazoo, handlers: { ...kazoo.handlers, getGroup: wrap('getGroup'), createGroup: wrap('createGroup') } }],
    seed: 1,
    clockMode: 'fixed',
    clockStart: CLOCK_START,
  });
  return { server, kept };
}

describe('journal: entries are what went out, whatever happens to the objects after', () => {
  it('a reply body, a request body and the state changed after the response do not change the entry', async () => {
    const { server, kept } = keepingServer();
    const token = await login(server);
    const got = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token);
    expect(got.status).toBe(200);
    const created = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: 'Night shift', endpoints: {} } });
    expect(created.status).toBe(201);
    // The handlers' objects, changed once the responses went out; and the state too.
    for (const reply of kept.replies) reply.body.data.name = 'rewritten';
    for (const body of kept.bodies) if (body) body.data.name = 'rewritten';
    const renamed = await api(server)
      .post(`${groupsUrl()}/${SALES}`)
      .set('X-Auth-Token', token)
      .send({ data: { name: 'Renamed', endpoints: {} } });
    expect(renamed.status).toBe(200);

    const requests = (await api(server).get('/__admin/requests')).body.requests;
    const read = requests.find((e: { operationId: string }) => e.operationId === 'getGroup');
    const create = requests.find((e: { operationId: string }) => e.operationId === 'createGroup');
    expect(read.response.body).toEqual({ ...got.body, auth_token: '***' });
    expect(read.response.body.data.name).not.toBe('rewritten');
    expect(read.response.body.data.name).not.toBe('Renamed');
    expect(create.body).toEqual({ data: { name: 'Night shift', endpoints: {} } });
    expect(create.response.body).toEqual({ ...created.body, auth_token: '***' });
    expect(JSON.stringify(requests)).not.toContain('rewritten');
  });

  it('a Content-Type the pipeline rewrites (a Kazoo body read as JSON) is journalled as it was sent', async () => {
    const { server } = keepingServer();
    const token = await login(server);
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ data: { name: 'Typed', endpoints: {} } }));
    const [entry] = (await api(server).get('/__admin/requests?operationId=createGroup')).body.requests;
    expect(entry.headers['content-type']).toMatch(/^text\/plain/);
    expect(entry.body).toEqual({ data: { name: 'Typed', endpoints: {} } });
  });
});

describe('journal: reading an entry twice', () => {
  it('gives the same masked text each time, in JSON, HAR, the violations report, JUnit and the matchers', async () => {
    const { server } = keepingServer();
    const token = await login(server);
    // The token where it is named (a header) and where it is not (an unknown query parameter, a body).
    await api(server).get(`${groupsUrl()}/${SALES}?echo=${token}`).set('X-Auth-Token', token);
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: `about ${token}`, endpoints: {} } });
    // A matcher is the first reader here: what it sees is the masked entry.
    const count = async () =>
      (
        await api(server)
          .post('/__admin/requests/count')
          .send({ headers: { 'x-auth-token': { equalTo: '***' } } })
      ).body.count;
    expect(await count()).toBe(2);
    const first = await everything(server);
    // As text (it is served as a download), from one host, so that two exports can be compared.
    const har = async () => (await harExport(server, '127.0.0.1:1')).body as string;
    const firstHar = await har();
    const second = await everything(server);
    const secondHar = await har();
    expect(second).toBe(first);
    expect(secondHar).toBe(firstHar);
    expect(await count()).toBe(2);
    expect(first).not.toContain(token);
    expect(firstHar).not.toContain(token);
    expect(firstHar).toContain('http://127.0.0.1:1/kazoo/v2/');
    expect(first).toContain('"x-auth-token":"***"');
    const [, read, create] = (await api(server).get('/__admin/requests')).body.requests;
    expect(read.url).toBe(`${groupsUrl()}/${SALES}?echo=***`);
    expect(create.body).toEqual({ data: { name: 'about ***', endpoints: {} } });
  });
});

describe('journal: raw material, bounded', () => {
  it('keeps a __proto__ field of a JSON body as a field, masked inside', async () => {
    const { server } = keepingServer();
    const token = await login(server);
    const text = '{"data":{"name":"Proto","endpoints":{}},"__proto__":{"password":"hunter2-proto"}}';
    await api(server).put(groupsUrl()).set('X-Auth-Token', token).set('Content-Type', 'application/json').send(text);
    const res = await api(server).get('/__admin/requests?operationId=createGroup').buffer(true);
    expect(res.text).toContain('"__proto__":{"password":"***"}');
    expect(res.text).not.toContain('hunter2-proto');
  });

  it('--journal-bytes bounds unread entries by their raw material and read ones by their JSON', async () => {
    const server = createMockServer({
      apis: [moduleNamed('kazoo')],
      seed: 1,
      clockMode: 'fixed',
      clockStart: CLOCK_START,
      journalBytes: 20_000,
    });
    const token = await login(server);
    for (let i = 0; i < 40; i++)
      expect((await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token)).status).toBe(200);
    expect(server.journal.bytes).toBeLessThanOrEqual(20_000);
    const kept = server.journal.count;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(41);
    const { total, requests } = (await api(server).get('/__admin/requests')).body;
    expect(total).toBeGreaterThan(0);
    // Once read, an entry counts its JSON: the journal is still within its bound, and holds what it lists.
    expect(server.journal.bytes).toBeLessThanOrEqual(20_000);
    expect(requests.at(-1).operationId).toBe('getGroup');
    const after = server.journal.list();
    // The entries' JSON, less the list's brackets and commas.
    expect(Buffer.byteLength(JSON.stringify(after)) - after.length - 1).toBeLessThanOrEqual(20_000);
  });
});
