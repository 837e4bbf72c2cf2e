/**
 * The request journal: what each entry holds, credentials masked, filters, the count matcher,
 * the ring bound, namespace isolation, and the violations report (JSON and JUnit).
 */
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../../src/engine/app.js';
import type { Handler } from '../../../src/engine/types.js';
import { api, CLOCK_START, moduleNamed, testServer } from '../../helpers.js';
import { DEMO_API_KEY, SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';
import { findAll, parseXml } from './xml.js';

const groupUrl = `${groupsUrl()}/${SALES}`;

describe('request journal: entries', () => {
  it('records time (engine clock), operation, request, response and both validation outcomes', async () => {
    const server = testServer();
    const token = await login(server, undefined, undefined, undefined, 'j1');
    await api(server).post('/__admin/clock?namespace=j1').send({ advance: '5m' });
    const res = await api(server)
      .get(`${groupsUrl()}?page_size=2`)
      .set('X-Auth-Token', token)
      .set('X-Mock-Namespace', 'j1')
      .set('X-Client', 'qa');
    expect(res.status).toBe(200);
    const { body } = await api(server).get('/__admin/requests?namespace=j1');
    expect(body.total).toBe(2);
    const [auth, get] = body.requests;
    expect(auth).toMatchObject({
      operationId: 'createUserAuth',
      method: 'PUT',
      time: '2026-03-01T09:00:00.000Z',
      response: { status: 201 },
    });
    expect(get).toMatchObject({
      time: '2026-03-01T09:05:00.000Z',
      epochMs: CLOCK_START + 5 * 60_000,
      namespace: 'j1',
      api: 'kazoo',
      operationId: 'listGroups',
      method: 'GET',
      path: groupsUrl().replace('/kazoo', ''),
      url: `${groupsUrl()}?page_size=2`,
      query: { page_size: '2' },
      body: null,
      response: { status: 200, body: { status: 'success', auth_token: '***' } },
      validation: {
        request: { checked: true, valid: true, issues: [] },
        response: { checked: true, valid: true, issues: [] },
      },
      faults: [],
    });
    expect(get.headers['x-client']).toBe('qa');
    expect(get.response.body.data).toHaveLength(2);
    expect(get.response.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(get.seq).toBeGreaterThan(auth.seq);
  });

  it('masks credentials in headers, query, request and response bodies, and keeps the rest readable', async () => {
    const server = testServer();
    const token = await login(server);
    await api(server)
      .put('/kazoo/v2/api_auth')
      .send({ data: { api_key: DEMO_API_KEY } });
    await api(server)
      .get(`${groupsUrl()}?auth_token=${token}&page_size=2&has_key=name`)
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', 'session=abc')
      .set('X-Api-Key', 'k')
      .set('X-Client-Secret', 's');
    const entries = (await api(server).get('/__admin/requests')).body.requests;
    const text = JSON.stringify(entries);
    expect(text).not.toContain(token);
    expect(text).not.toContain(DEMO_API_KEY);
    expect(text).not.toContain('5045874ca3d884481423f1e4ccf1c21b'); // md5 credentials
    const [userAuth, apiAuth, list] = entries;
    expect(userAuth.body.data).toEqual({ credentials: '***', account_name: 'demo' });
    expect(userAuth.response.body.auth_token).toBe('***');
    expect(apiAuth.body.data.api_key).toBe('***');
    expect(list.query).toEqual({ auth_token: '***', page_size: '2', has_key: 'name' });
    expect(list.url).toBe(`${groupsUrl()}?auth_token=***&page_size=2&has_key=name`);
    expect(list.headers).toMatchObject({
      authorization: '***',
      cookie: '***',
      'x-api-key': '***',
      'x-client-secret': '***',
    });
    expect(list.response.status).toBe(200);
  });

  it('journals requests outside any operation, with their body, as request violations', async () => {
    const server = testServer();
    await api(server).post('/kazoo/v2/nowhere').send({ password: 'hunter2', name: 'x' });
    await api(server).delete('/kazoo/v2/user_auth');
    const [unknown, wrongMethod] = (await api(server).get('/__admin/requests')).body.requests;
    expect(unknown).toMatchObject({
      operationId: null,
      method: 'POST',
      path: '/v2/nowhere',
      body: { password: '***', name: 'x' },
      response: { status: 404 },
    });
    expect(unknown.validation.request).toMatchObject({ valid: false, issues: [{ keyword: 'unknownPath' }] });
    expect(wrongMethod).toMatchObject({ operationId: null, response: { status: 405 } });
    expect(wrongMethod.validation.request.issues[0]).toMatchObject({
      keyword: 'methodNotAllowed',
      params: { allow: ['PUT'] },
    });
  });

  it('records request issues even when auth answered first, or a fault rule did', async () => {
    const server = testServer();
    await api(server).get(`${groupsUrl()}?page_size=zero`);
    await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', operationId: 'createGroup', action: { respond: { status: 404 } } });
    await api(server)
      .put(groupsUrl())
      .send({ data: { name: 7, endpoints: {} } });
    const [unauthorized, faulted] = (await api(server).get('/__admin/requests')).body.requests;
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.validation.request).toMatchObject({
      checked: true,
      valid: false,
      issues: [{ in: 'query', path: ['page_size'] }],
    });
    expect(faulted.response.status).toBe(404);
    expect(faulted.faults).toEqual([{ ruleId: 'f1', action: 'respond', status: 404 }]);
    expect(faulted.validation.request).toMatchObject({
      checked: true,
      valid: false,
      issues: [{ in: 'body', path: ['data', 'name'], keyword: 'type' }],
    });
  });

  it('records a response of ours that broke the spec', async () => {
    const kazoo = moduleNamed('kazoo');
    const badReply = (() => ({ status: 200, body: { status: 'success', data: { id: 'nope' } } })) as unknown as Handler<
      unknown,
      unknown,
      unknown
    >;
    const server = createMockServer({
      apis: [{ ...kazoo, handlers: { ...kazoo.handlers, getGroup: badReply } }],
      seed: 1,
      clockMode: 'fixed',
      clockStart: CLOCK_START,
    });
    const token = await login(server);
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token)).status).toBe(500);
    const [entry] = (await api(server).get('/__admin/requests?operationId=getGroup')).body.requests;
    expect(entry.response.status).toBe(500);
    expect(entry.validation.response.valid).toBe(false);
    expect(entry.validation.response.issues.map((i: { keyword: string }) => i.keyword)).toContain('required');
    const junit = await api(server).get('/__admin/requests/violations?format=junit');
    expect(junit.headers['content-type']).toMatch(/^application\/xml/);
    const [testcase] = findAll(parseXml(junit.text), 'testcase');
    expect(findAll(testcase!, 'failure')[0]!.attrs.type).toBe('response');
    expect(findAll(testcase!, 'failure')[0]!.attrs.message).toMatch(
      /^response 500: response\.auth_token must have required property/,
    );
  });
});

describe('request journal: reading it back', () => {
  async function traffic() {
    const server = testServer();
    const a = await login(server, undefined, undefined, undefined, 'a');
    const b = await login(server, undefined, undefined, undefined, 'b');
    await api(server).get(groupsUrl()).set('X-Auth-Token', a).set('X-Mock-Namespace', 'a');
    await api(server).get(groupUrl).set('X-Auth-Token', a).set('X-Mock-Namespace', 'a');
    await api(server).post('/__admin/clock?namespace=a').send({ advance: '1m' });
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', a)
      .set('X-Mock-Namespace', 'a')
      .send({ data: { name: 'Night shift', endpoints: {} } });
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', a)
      .set('X-Mock-Namespace', 'a')
      .send({ data: { name: '', endpoints: {} } });
    await api(server).get(groupUrl).set('X-Auth-Token', b).set('X-Mock-Namespace', 'b');
    return server;
  }
  const ops = (body: { requests: Array<{ operationId: string }> }) => body.requests.map((r) => r.operationId);

  it('filters by api, namespace, operationId, status, since and limit (the most recent)', async () => {
    const server = await traffic();
    const get = async (q: string) => (await api(server).get(`/__admin/requests${q}`)).body;
    expect(ops(await get('?namespace=a'))).toEqual([
      'createUserAuth',
      'listGroups',
      'getGroup',
      'createGroup',
      'createGroup',
    ]);
    expect(ops(await get('?namespace=b'))).toEqual(['createUserAuth', 'getGroup']);
    expect(ops(await get('?namespace=*&operationId=getGroup'))).toEqual(['getGroup', 'getGroup']);
    expect(ops(await get('?api=kazoo&status=201&namespace=*'))).toEqual([
      'createUserAuth',
      'createUserAuth',
      'createGroup',
    ]);
    expect(ops(await get('?status=4xx&namespace=*'))).toEqual(['createGroup']);
    // The call's namespace: X-Mock-Namespace as on the data plane, else `default` (nothing here).
    expect(
      ops((await api(server).get('/__admin/requests?operationId=getGroup').set('X-Mock-Namespace', 'b')).body),
    ).toEqual(['getGroup']);
    expect((await get('')).total).toBe(0);
    const twoWays = await api(server).get('/__admin/requests?namespace=a').set('X-Mock-Namespace', 'b');
    expect(twoWays.status).toBe(400);
    expect(twoWays.body.error).toBe(
      'the call names two namespaces: "a" (?namespace=) and "b" (X-Mock-Namespace); name one',
    );
    expect(ops(await get('?namespace=a&since=2026-03-01T09:01:00Z'))).toEqual(['createGroup', 'createGroup']);
    const limited = await get('?namespace=a&limit=2');
    expect(limited.total).toBe(5);
    expect(limited.requests.map((r: { seq: number }) => r.seq)).toEqual(
      (await get('?namespace=a')).requests.slice(3).map((r: { seq: number }) => r.seq),
    );
    for (const bad of ['?status=teapot', '?since=yesterday', '?limit=-1', '?api=nope', '?namespace=a%20b']) {
      expect((await api(server).get(`/__admin/requests${bad}`)).status, bad).toBe(400);
    }
  });

  it('POST /requests/count: a WireMock-style matcher over method, path, headers, body', async () => {
    const server = await traffic();
    // Across namespaces unless the matcher names one.
    const count = async (m: Record<string, unknown>) => {
      const res = await api(server)
        .post('/__admin/requests/count')
        .send({ namespace: '*', ...m });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.count as number;
    };
    expect(await count({})).toBe(7);
    // Without a namespace the call's: X-Mock-Namespace, else `default`.
    expect((await api(server).post('/__admin/requests/count').send({})).body.count).toBe(0);
    expect((await api(server).post('/__admin/requests/count').set('X-Mock-Namespace', 'b').send({})).body.count).toBe(
      2,
    );
    const twoWays = await api(server)
      .post('/__admin/requests/count')
      .set('X-Mock-Namespace', 'b')
      .send({ namespace: 'a' });
    expect(twoWays.status).toBe(400);
    expect(twoWays.body.error).toBe(
      'the call names two namespaces: "b" (X-Mock-Namespace) and "a" (the matcher\'s namespace); name one',
    );
    expect(await count({ namespace: 'a', operationId: 'createGroup' })).toBe(2);
    expect(await count({ method: 'put', path: '/v2/accounts/de000000000000000000000000000001/groups' })).toBe(2);
    expect(await count({ path: '/kazoo/v2/accounts/de000000000000000000000000000001/groups' })).toBe(3);
    expect(await count({ pathPattern: '/groups/[0-9a-f]{32}$' })).toBe(2);
    expect(await count({ body: { 'data.name': 'Night shift' } })).toBe(1);
    expect(await count({ body: { 'data.name': '/^Night/' }, status: 201 })).toBe(1);
    expect(await count({ headers: { 'X-Auth-Token': '***', 'x-mock-namespace': 'b' } })).toBe(1);
    expect(await count({ headers: { 'X-Auth-Token': { absent: true } } })).toBe(2);
    expect(await count({ api: 'kazoo', status: '4xx' })).toBe(1);
    const bad = await api(server).post('/__admin/requests/count').send({ verb: 'GET' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^unknown matcher field\(s\) verb; known: api, namespace/);
    const found = await api(server).post('/__admin/requests/find?namespace=a').send({ operationId: 'listGroups' });
    expect(ops(found.body)).toEqual(['listGroups']);
  });

  it('DELETE clears one namespace or everything; a namespace reset clears its journal', async () => {
    const server = await traffic();
    expect((await api(server).delete('/__admin/requests?namespace=b')).body).toEqual({ cleared: 2 });
    expect((await api(server).get('/__admin/requests?namespace=*')).body.total).toBe(5);
    await api(server).post('/__admin/reset?namespace=a');
    expect((await api(server).get('/__admin/requests?namespace=*')).body.total).toBe(0);
    await api(server).get(groupsUrl());
    await api(server).get(groupsUrl()).set('X-Mock-Namespace', 'c');
    // Without a namespace: the default one's journal only; `*` clears every namespace's.
    expect((await api(server).delete('/__admin/requests')).body).toEqual({ cleared: 1 });
    expect((await api(server).delete('/__admin/requests?namespace=*')).body).toEqual({ cleared: 1 });
  });

  it('keeps the most recent N requests per namespace (--journal-size)', async () => {
    const server = testServer({ journalSize: 3 });
    for (let i = 0; i < 5; i++) await api(server).get(`${groupsUrl()}?page_size=${i + 1}`);
    await api(server).get(groupsUrl()).set('X-Mock-Namespace', 'other');
    const kept = (await api(server).get('/__admin/requests?namespace=default')).body.requests;
    expect(kept.map((r: { query: { page_size: string } }) => r.query.page_size)).toEqual(['3', '4', '5']);
    expect((await api(server).get('/__admin/requests?namespace=other')).body.total).toBe(1);
  });
});

describe('request journal: violations report', () => {
  async function brokenTraffic() {
    const server = testServer();
    const token = await login(server);
    await api(server).get(groupsUrl()).set('X-Auth-Token', token);
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: 'x'.repeat(200), endpoints: {}, '<tag>': '&' } });
    await api(server).get('/kazoo/v2/accounts/"quoted"/nowhere').set('X-Mock-Namespace', 'ci-7');
    return server;
  }

  it('JSON (the default): each request that broke the spec, with its issues', async () => {
    const server = await brokenTraffic();
    const { body } = await api(server).get('/__admin/requests/violations?namespace=*');
    expect(body.count).toBe(2);
    expect((await api(server).get('/__admin/requests/violations')).body.count).toBe(1);
    expect(body.violations[0]).toMatchObject({ operationId: 'createGroup', method: 'PUT', status: 400, response: [] });
    expect(body.violations[0].request[0]).toMatchObject({ in: 'body', path: ['data', 'name'], keyword: 'maxLength' });
    expect(body.violations[1]).toMatchObject({ namespace: 'ci-7', operationId: null, status: 404 });
    expect((await api(server).get('/__admin/requests/violations?namespace=ci-7')).body.count).toBe(1);
    expect((await api(server).get('/__admin/requests/violations?format=html')).status).toBe(400);
  });

  it('JUnit: well-formed XML, one failed testcase per request, the issues in the message', async () => {
    const server = await brokenTraffic();
    const res = await api(server).get('/__admin/requests/violations?format=junit&namespace=*');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    const doc = parseXml(res.text);
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toMatchObject({ tests: '2', failures: '2' });
    const [suite] = findAll(doc, 'testsuite');
    expect(suite!.attrs).toMatchObject({ name: 'kazoo', tests: '2', failures: '2' });
    const cases = findAll(doc, 'testcase');
    expect(cases).toHaveLength(2);
    expect(cases[0]!.attrs.classname).toBe('kazoo.default');
    expect(cases[0]!.attrs.name).toMatch(/^#\d+ PUT \/kazoo\/v2\/accounts\/de0+1\/groups \(createGroup\) → 400$/);
    const failure = findAll(cases[0]!, 'failure')[0]!;
    expect(failure.attrs.type).toBe('request');
    expect(failure.attrs.message).toContain('request: body.data.name must NOT have more than 128 characters');
    expect(failure.text).toContain('namespace: default');
    expect(cases[1]!.attrs.classname).toBe('kazoo.ci-7');
    expect(cases[1]!.attrs.name).toContain('/kazoo/v2/accounts/"quoted"/nowhere'.replace(/"/g, '%22'));
    expect(findAll(cases[1]!, 'failure')[0]!.attrs.message).toMatch(/unknownPath|is not a path of the spec/);
  });

  it('an empty report is still a valid JUnit document', async () => {
    const server = testServer();
    const doc = parseXml((await api(server).get('/__admin/requests/violations?format=junit')).text);
    expect(doc.attrs).toMatchObject({ tests: '0', failures: '0' });
  });
});
