/**
 * Fault rules through the admin API: CRUD, what a refused rule says, how rules match (operationId,
 * method + template, headers, body, namespace), `times`, rate limits on the engine clock, latency,
 * and what a reset does to rules.
 */
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/engine/app.js';
import { api, testServer } from '../../helpers.js';
import { DEMO, SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

const groupUrl = `${groupsUrl()}/${SALES}`;

async function addRule(server: MockServer, rule: unknown, status = 201) {
  const res = await api(server)
    .post('/__admin/faults')
    .send(rule as object);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

describe('fault rules: the admin API', () => {
  it('adds a rule (201, with its id), lists, gets and deletes it', async () => {
    const server = testServer();
    const rule = await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: 'qa-1',
      times: 2,
      action: { respond: { status: 404 } },
    });
    expect(rule).toEqual({
      id: 'f1',
      api: 'kazoo',
      operationId: 'getGroup',
      method: 'GET',
      path: '/v2/accounts/{ACCOUNT_ID}/groups/{GROUP_ID}',
      namespace: 'qa-1',
      times: 2,
      remaining: 2,
      fired: 0,
      action: { respond: { status: 404 } },
      origin: 'admin',
    });
    // Listed, read and deleted in its namespace (?namespace= or X-Mock-Namespace), not from another.
    expect(
      (await api(server).get('/__admin/faults?namespace=qa-1')).body.faults.map((r: { id: string }) => r.id),
    ).toEqual(['f1']);
    expect((await api(server).get('/__admin/faults')).body.faults).toEqual([]);
    expect((await api(server).get('/__admin/faults/f1').set('X-Mock-Namespace', 'qa-1')).body.operationId).toBe(
      'getGroup',
    );
    const elsewhere = await api(server).delete('/__admin/faults/f1');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual({
      error: 'no fault rule "f1" in namespace default',
      problems: ['f1 is a rule of namespace qa-1: add ?namespace=qa-1', 'rules in force in default: none'],
    });
    expect((await api(server).delete('/__admin/faults/f1?namespace=qa-1')).body).toEqual({ removed: ['f1'] });
    expect((await api(server).get('/__admin/faults?namespace=*')).body.faults).toEqual([]);
    const gone = await api(server).delete('/__admin/faults/f1?namespace=*');
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('no fault rule "f1"');
  });

  it('lists and deletes by api and namespace; a rule for every namespace is listed under each', async () => {
    const server = testServer();
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: 'a',
      action: { respond: { status: 404 } },
    });
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: 'b',
      action: { respond: { status: 404 } },
    });
    await addRule(server, {
      api: 'kazoo',
      operationId: 'listGroups',
      namespace: '*',
      action: { latency: { fixedMs: 1 } },
    });
    const ids = async (q: string) =>
      (await api(server).get(`/__admin/faults${q}`)).body.faults.map((r: { id: string }) => r.id);
    expect(await ids('?namespace=a')).toEqual(['f1', 'f3']);
    expect(await ids('?api=kazoo&namespace=b')).toEqual(['f2', 'f3']);
    expect(await ids('')).toEqual(['f3']);
    expect((await api(server).delete('/__admin/faults?namespace=a')).body).toEqual({ removed: ['f1'] });
    expect(await ids('?namespace=*')).toEqual(['f2', 'f3']);
    // A rule for every namespace belongs to none: only a deletion for every namespace removes it.
    expect((await api(server).delete('/__admin/faults?api=kazoo').set('X-Mock-Namespace', 'b')).body).toEqual({
      removed: ['f2'],
    });
    expect((await api(server).delete('/__admin/faults/f3?namespace=b')).body.problems[0]).toBe(
      'f3 is a rule for every namespace: delete it with ?namespace=*',
    );
    expect((await api(server).delete('/__admin/faults?api=kazoo&namespace=*')).body).toEqual({ removed: ['f3'] });
    expect((await api(server).get('/__admin/faults?api=nope')).status).toBe(400);
  });

  it('takes an array of rules, all or none', async () => {
    const server = testServer();
    const ok = await addRule(server, [
      { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } },
      { api: 'kazoo', path: 'GET /v2/accounts/{ACCOUNT_ID}/groups', action: { connection: 'reset' } },
    ]);
    expect(ok.faults.map((r: { id: string; operationId: string }) => [r.id, r.operationId])).toEqual([
      ['f1', 'getGroup'],
      ['f2', 'listGroups'],
    ]);
    const refused = await addRule(
      server,
      [
        { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } },
        { api: 'kazoo', operationId: 'nope', action: { respond: { status: 404 } } },
      ],
      400,
    );
    expect(refused.error).toBe('fault rule refused: rule 1: kazoo has no operation "nope"');
    expect((await api(server).get('/__admin/faults')).body.faults).toHaveLength(2);
  });

  it('a listed rule can be sent back as it is (a saved listing is a valid rule file)', async () => {
    const server = testServer();
    const rule = await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      times: 3,
      action: { respond: { status: 404 } },
    });
    const again = await addRule(server, rule);
    expect(again).toMatchObject({ id: 'f2', operationId: 'getGroup', times: 3, remaining: 3, fired: 0 });
  });
});

describe('fault rules: refusals say what exists', () => {
  const refused = async (rule: unknown) => {
    const server = testServer();
    const res = await api(server)
      .post('/__admin/faults')
      .send(rule as object);
    expect(res.status).toBe(400);
    return res.body as { error: string; problems: string[] };
  };

  it('an unknown api lists the apis', async () => {
    const body = await refused({ api: 'nope', operationId: 'x', action: { respond: { status: 404 } } });
    expect(body.error).toBe('fault rule refused: unknown api "nope"');
    expect(body.problems[0]).toMatch(/^known apis: kazoo/);
  });

  it('an unknown operation lists the operationIds with their method and path', async () => {
    const body = await refused({ api: 'kazoo', operationId: 'getGroups', action: { respond: { status: 404 } } });
    expect(body.error).toBe('fault rule refused: kazoo has no operation "getGroups"');
    expect(body.problems).toContain('getGroup: GET /v2/accounts/{ACCOUNT_ID}/groups/{GROUP_ID}');
    expect(body.problems).toContain('createUserAuth: PUT /v2/user_auth');
  });

  it('a concrete path instead of a template points at the template; an unknown method lists the methods', async () => {
    const concrete = await refused({
      api: 'kazoo',
      method: 'GET',
      path: `/v2/accounts/${DEMO}/groups`,
      action: { connection: 'reset' },
    });
    expect(concrete.problems[0]).toBe('did you mean the template /v2/accounts/{ACCOUNT_ID}/groups?');
    const method = await refused({ api: 'kazoo', path: 'HEAD /v2/user_auth', action: { connection: 'reset' } });
    expect(method.error).toBe('fault rule refused: kazoo has no HEAD /v2/user_auth');
    expect(method.problems).toEqual(['methods of /v2/user_auth: PUT']);
  });

  it('an undocumented status lists the statuses with their example names', async () => {
    const body = await refused({ api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 418 } } });
    expect(body.error).toBe('fault rule refused: getGroup documents no 418 response');
    expect(body.problems).toContain('404 (examples: badIdentifier)');
    expect(body.problems).toContain('400 (examples: badGroupId)');
    // 429 is on every operation (components/responses); 405 only in x-mock-responses.
    expect(body.problems).toContain('429 (examples: tooManyRequests)');
    expect(body.problems).toContain('405 methodNotAllowed, any operation (x-mock-responses) (examples: invalidMethod)');
  });

  it('an unknown example lists the examples', async () => {
    const body = await refused({
      api: 'kazoo',
      operationId: 'getGroup',
      action: { respond: { status: 404, example: 'gone' } },
    });
    expect(body.error).toBe('fault rule refused: getGroup has no example "gone" for 404');
    expect(body.problems).toContain('404 (examples: badIdentifier)');
  });

  it('bad shapes: no action, two actions, unknown fields, bad latency, times, namespace, regex', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ api: 'kazoo', operationId: 'getGroup' }, /needs an "action"/],
      [
        { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 }, connection: 'reset' } },
        /exactly one of respond, latency, connection, rateLimit/,
      ],
      [
        { api: 'kazoo', operationId: 'getGroup', action: { connection: 'reset' }, when: 'now' },
        /unknown field\(s\) when/,
      ],
      [
        { api: 'kazoo', operationId: 'getGroup', action: { connection: 'hang' } },
        /connection must be one of reset, empty, truncated, malformed/,
      ],
      [
        { api: 'kazoo', operationId: 'getGroup', action: { latency: { uniform: { minMs: 50, maxMs: 10 } } } },
        /maxMs must not be below minMs/,
      ],
      [
        { api: 'kazoo', operationId: 'getGroup', action: { latency: { fixedMs: -1 } } },
        /fixedMs must be a number of milliseconds/,
      ],
      [{ api: 'kazoo', operationId: 'getGroup', action: { latency: { gamma: 1 } } }, /fixed, uniform or lognormal/],
      [
        { api: 'kazoo', operationId: 'getGroup', times: 0, action: { connection: 'reset' } },
        /times must be an integer ≥ 1/,
      ],
      [
        { api: 'kazoo', operationId: 'getGroup', namespace: 'a b', action: { connection: 'reset' } },
        /namespace must match/,
      ],
      [
        {
          api: 'kazoo',
          operationId: 'getGroup',
          match: { headers: { 'x-a': '/(/' } },
          action: { connection: 'reset' },
        },
        /match.headers.x-a: regular expression not accepted: missing closing \)/,
      ],
      [{ api: 'kazoo', operationId: 'getGroup', action: { rateLimit: { limit: 1 } } }, /windowMs must be/],
      [
        { api: 'kazoo', action: { respond: { status: 418 } } },
        /without an operation can only answer an engine response/,
      ],
      [['nope'], /must be a JSON object/],
    ];
    const server = testServer();
    for (const [rule, message] of cases) {
      const res = await api(server)
        .post('/__admin/faults')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(rule));
      expect(res.status, JSON.stringify(rule)).toBe(400);
      expect(res.body.error, JSON.stringify(rule)).toMatch(message);
    }
  });
});

describe('fault rules: respond', () => {
  it("answers the documented example in the request's words, before auth: no credentials needed", async () => {
    const server = testServer();
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } });
    const res = await api(server).get(groupUrl);
    expect(res.status).toBe(404);
    const documented = server.apis.get('kazoo')!.spec.byId.get('getGroup')!.responses.get('404')!.examples
      .badIdentifier as Record<string, any>;
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // The example's error, with the request's id, token (none), request id and the engine clock.
    expect(res.body).toEqual({
      ...documented,
      data: { ...documented.data, cause: SALES },
      auth_token: '',
      request_id: res.headers['x-request-id'],
      timestamp: '2026-03-01T09:00:00Z',
      node: res.body.node,
    });
  });

  it('a named example of a status; an engine response (x-mock-responses) the operation does not document', async () => {
    const server = testServer();
    const token = await login(server);
    await addRule(server, {
      api: 'kazoo',
      operationId: 'createGroup',
      times: 1,
      action: { respond: { status: 400, example: 'nameTooLong' } },
    });
    const tooLong = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: 'ok', endpoints: {} } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.data.name.maxLength.target).toBe(128);
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', times: 1, action: { respond: { status: 500 } } });
    const internal = await api(server).get(groupUrl).set('X-Auth-Token', token);
    expect(internal.status).toBe(500);
    expect(internal.body.message).toBe('internal_server_error');
    // each rule fired once: the next requests are served normally
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token)).status).toBe(200);
  });

  it('a rule for the whole API answers an engine response on every path, even unknown ones', async () => {
    const server = testServer();
    await addRule(server, { api: 'kazoo', action: { respond: { status: 500 } } });
    for (const path of [groupUrl, '/kazoo/v2/nowhere']) {
      const res = await api(server).get(path);
      expect(res.status, path).toBe(500);
      expect(res.body.error).toBe('500');
    }
  });
});

describe('fault rules: matching', () => {
  it('by operationId or by method + path template; other operations are untouched', async () => {
    const server = testServer();
    const token = await login(server);
    await addRule(server, {
      api: 'kazoo',
      method: 'get',
      path: '/v2/accounts/{ACCOUNT_ID}/groups',
      action: { respond: { status: 403 } },
    });
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', token)).status).toBe(403);
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token)).status).toBe(200);
    expect(
      (
        await api(server)
          .put(groupsUrl())
          .set('X-Auth-Token', token)
          .send({ data: { name: 'n', endpoints: {} } })
      ).status,
    ).toBe(201);
  });

  it('a path without a method covers every operation of the path', async () => {
    const server = testServer();
    const token = await login(server);
    const rule = await addRule(server, {
      api: 'kazoo',
      path: '/v2/accounts/{ACCOUNT_ID}/groups/{GROUP_ID}',
      action: { respond: { status: 404 } },
    });
    expect(rule).toMatchObject({ path: '/v2/accounts/{ACCOUNT_ID}/groups/{GROUP_ID}' });
    expect(rule.operationId).toBeUndefined();
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token)).status).toBe(404);
    expect((await api(server).delete(groupUrl).set('X-Auth-Token', token)).status).toBe(404);
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', token)).status).toBe(200);
  });

  it('by header (exact, regex, absent) and by body field (dotted path, regex)', async () => {
    const server = testServer();
    const token = await login(server);
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      match: { headers: { 'X-Client': '/^mobile-/i' } },
      action: { respond: { status: 403 } },
    });
    await addRule(server, {
      api: 'kazoo',
      operationId: 'listGroups',
      match: { headers: { 'X-Auth-Token': { absent: true } } },
      action: { respond: { status: 404 } },
    });
    await addRule(server, {
      api: 'kazoo',
      operationId: 'createGroup',
      match: { body: { 'data.name': '/^Fail/', 'data.music_on_hold': { present: true } } },
      action: { respond: { status: 400, example: 'validationError' } },
    });
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token).set('X-Client', 'Mobile-ios')).status).toBe(403);
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token).set('X-Client', 'web')).status).toBe(200);
    expect((await api(server).get(groupsUrl())).status).toBe(404);
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', token)).status).toBe(200);
    const create = (data: object) => api(server).put(groupsUrl()).set('X-Auth-Token', token).send({ data });
    expect((await create({ name: 'Fail me', endpoints: {}, music_on_hold: {} })).status).toBe(400);
    expect((await create({ name: 'Fail me', endpoints: {} })).status).toBe(201);
    expect((await create({ name: 'Fine', endpoints: {} })).status).toBe(201);
  });

  it('by query parameter', async () => {
    const server = testServer();
    const token = await login(server);
    await addRule(server, {
      api: 'kazoo',
      operationId: 'listGroups',
      match: { query: { page_size: 1 } },
      action: { respond: { status: 400 } },
    });
    expect((await api(server).get(`${groupsUrl()}?page_size=1`).set('X-Auth-Token', token)).status).toBe(400);
    expect((await api(server).get(`${groupsUrl()}?page_size=2`).set('X-Auth-Token', token)).status).toBe(200);
  });

  it('a rule scoped to a namespace leaves the others alone', async () => {
    const server = testServer();
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: 'broken',
      action: { respond: { status: 404 } },
    });
    const token = await login(server);
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token)).status).toBe(200);
    expect((await api(server).get(groupUrl).set('X-Mock-Namespace', 'broken')).status).toBe(404);
  });

  it('the most recently added respond/connection rule wins', async () => {
    const server = testServer();
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } });
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', times: 1, action: { respond: { status: 403 } } });
    expect((await api(server).get(groupUrl)).status).toBe(403);
    expect((await api(server).get(groupUrl)).status).toBe(404);
  });

  it('times counts down, and a rule with nothing left disappears', async () => {
    const server = testServer();
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', times: 2, action: { respond: { status: 404 } } });
    expect((await api(server).get(groupUrl)).status).toBe(404);
    expect((await api(server).get('/__admin/faults/f1')).body).toMatchObject({ times: 2, remaining: 1, fired: 1 });
    expect((await api(server).get(groupUrl)).status).toBe(404);
    expect((await api(server).get('/__admin/faults')).body.faults).toEqual([]);
    expect((await api(server).get(groupUrl)).status).toBe(401);
  });
});

describe('fault rules: rateLimit', () => {
  it('after K requests in the window: the vendor 429 with Retry-After; the window frees on the engine clock', async () => {
    const server = testServer();
    const token = await login(server);
    await addRule(server, {
      api: 'kazoo',
      operationId: 'listGroups',
      action: { rateLimit: { limit: 2, windowMs: '1m' } },
    });
    const list = () => api(server).get(groupsUrl()).set('X-Auth-Token', token);
    expect((await list()).status).toBe(200);
    await api(server).post('/__admin/clock').send({ advance: '20s' });
    expect((await list()).status).toBe(200);
    const limited = await list();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('40');
    expect(limited.body).toMatchObject({
      status: 'error',
      error: '429',
      message: 'too_many_requests',
      data: { message: 'too many requests' },
      auth_token: token,
    });
    await api(server).post('/__admin/clock').send({ advance: '40s' });
    expect((await list()).status).toBe(200);
    // other operations are not counted
    expect((await api(server).get(groupUrl).set('X-Auth-Token', token)).status).toBe(200);
  });

  it('windows are per namespace, and a rule without credentials still throttles', async () => {
    const server = testServer();
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: '*',
      action: { rateLimit: { limit: 1, windowMs: 1000 } },
    });
    const get = (ns: string) => api(server).get(groupUrl).set('X-Mock-Namespace', ns);
    expect((await get('a')).status).toBe(401);
    expect((await get('b')).status).toBe(401);
    const limited = await get('a');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
  });

  it('limit 0 with times: exactly N 429s, then normal service', async () => {
    const server = testServer();
    await addRule(server, {
      api: 'kazoo',
      operationId: 'createUserAuth',
      times: 2,
      action: { rateLimit: { limit: 0, windowMs: '1h' } },
    });
    const auth = () =>
      api(server)
        .put('/kazoo/v2/user_auth')
        .send({ data: { credentials: '5045874ca3d884481423f1e4ccf1c21b', account_name: 'demo' } });
    expect((await auth()).headers['retry-after']).toBe('3600');
    expect((await auth()).status).toBe(429);
    expect((await auth()).status).toBe(201);
  });
});

describe('fault rules: latency', () => {
  it('a fixed delay holds the response at least that long, then serves it normally', async () => {
    const server = testServer();
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', action: { latency: { fixedMs: 40 } } });
    const started = performance.now();
    const res = await api(server).get(groupUrl);
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    expect(res.status).toBe(401);
    const [entry] = (await api(server).get('/__admin/requests?operationId=getGroup')).body.requests;
    expect(entry.faults).toEqual([{ ruleId: 'f1', action: 'latency', delayMs: 40 }]);
  });

  it('uniform and lognormal delays are a deterministic sequence for a seed, within bounds', async () => {
    const delays = async (latency: object) => {
      const server = testServer();
      await addRule(server, { api: 'kazoo', operationId: 'listGroups', action: { latency } });
      for (let i = 0; i < 5; i++) await api(server).get(groupsUrl());
      const entries = (await api(server).get('/__admin/requests?operationId=listGroups')).body.requests;
      return entries.map((e: { faults: Array<{ delayMs: number }> }) => e.faults[0]!.delayMs) as number[];
    };
    const uniform = await delays({ uniform: { minMs: 1, maxMs: 8 }, seed: 7 });
    expect(uniform).toEqual(await delays({ uniform: { minMs: 1, maxMs: 8 }, seed: 7 }));
    expect(uniform.every((d) => d >= 1 && d <= 8)).toBe(true);
    expect(new Set(uniform).size).toBeGreaterThan(1);
    const lognormal = await delays({ lognormal: { medianMs: 4, sigma: 1 }, seed: 3, capMs: 10 });
    expect(lognormal).toEqual(await delays({ lognormal: { medianMs: 4, sigma: 1 }, seed: 3, capMs: 10 }));
    expect(lognormal.every((d) => d >= 0 && d <= 10)).toBe(true);
  });

  it('latency adds to another rule: delayed, then the documented error', async () => {
    const server = testServer();
    await addRule(server, { api: 'kazoo', action: { latency: { fixedMs: 5 } } });
    await addRule(server, { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } });
    expect((await api(server).get(groupUrl)).status).toBe(404);
    const [entry] = (await api(server).get('/__admin/requests')).body.requests;
    expect(entry.faults).toEqual([
      { ruleId: 'f1', action: 'latency', delayMs: 5 },
      { ruleId: 'f2', action: 'respond', status: 404 },
    ]);
  });
});

describe('fault rules and reset', () => {
  it('reset of a namespace clears its rules only; a full reset clears all', async () => {
    const server = testServer();
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: 'a',
      action: { respond: { status: 404 } },
    });
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: 'b',
      action: { respond: { status: 404 } },
    });
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: '*',
      action: { latency: { fixedMs: 1 } },
    });
    await api(server).post('/__admin/reset?namespace=a');
    expect((await api(server).get('/__admin/faults?namespace=*')).body.faults.map((r: { id: string }) => r.id)).toEqual(
      ['f2', 'f3'],
    );
    await api(server).post('/__admin/reset?api=kazoo&namespace=b');
    expect((await api(server).get('/__admin/faults?namespace=*')).body.faults.map((r: { id: string }) => r.id)).toEqual(
      ['f3'],
    );
    await api(server).post('/__admin/reset?namespace=*');
    expect((await api(server).get('/__admin/faults?namespace=*')).body.faults).toEqual([]);
  });

  it('start-up rules (--fault-file, --delay) come back fresh after a reset', async () => {
    const server = testServer({
      faultRules: [{ api: 'kazoo', operationId: 'getGroup', times: 1, action: { respond: { status: 404 } } }],
    });
    expect((await api(server).get(groupUrl)).status).toBe(404);
    expect((await api(server).get('/__admin/faults')).body.faults).toEqual([]);
    await api(server).post('/__admin/reset?namespace=*');
    expect((await api(server).get('/__admin/faults')).body.faults).toMatchObject([
      { id: 'f1', origin: 'startup', remaining: 1 },
    ]);
    expect((await api(server).get(groupUrl)).status).toBe(404);
  });

  it('a reset namespace starts a fresh rate-limit window', async () => {
    const server = testServer();
    await addRule(server, {
      api: 'kazoo',
      operationId: 'getGroup',
      namespace: '*',
      action: { rateLimit: { limit: 1, windowMs: '1h' } },
    });
    const get = () => api(server).get(groupUrl).set('X-Mock-Namespace', 'w');
    expect((await get()).status).toBe(401);
    expect((await get()).status).toBe(429);
    await api(server).post('/__admin/reset?namespace=w');
    expect((await get()).status).toBe(401);
  });

  it('an invalid start-up rule stops the server with its index and the problem', () => {
    expect(() =>
      testServer({
        faultRules: [
          { api: 'kazoo', operationId: 'getGroup', action: { connection: 'reset' } },
          { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 418 } } },
        ],
        faultRulesSource: 'rules.json',
      }),
    ).toThrow(/^rules\.json: rule 1: getGroup documents no 418 response\n {2}responses of getGroup:/);
  });
});
