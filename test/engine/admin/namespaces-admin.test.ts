import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { DEMO, SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

async function createIn(server: ReturnType<typeof testServer>, namespace: string, name: string) {
  const token = await login(server, undefined, undefined, undefined, namespace);
  const res = await api(server)
    .put(groupsUrl())
    .set('X-Mock-Namespace', namespace)
    .set('X-Auth-Token', token)
    .send({ data: { name, endpoints: {} } });
  expect(res.status).toBe(201);
  return { token, id: res.body.data.id as string };
}

const groupNames = async (server: ReturnType<typeof testServer>, namespace: string, token: string) =>
  (
    await api(server).get(`${groupsUrl()}?paginate=false`).set('X-Mock-Namespace', namespace).set('X-Auth-Token', token)
  ).body.data.map((g: { name: string }) => g.name);

describe('namespaces', () => {
  it('two namespaces never see each other’s data, tokens or ids', async () => {
    const server = testServer();
    const a = await createIn(server, 'team-a', 'Only in A');
    const b = await createIn(server, 'team-b', 'Only in B');
    expect(await groupNames(server, 'team-a', a.token)).toContain('Only in A');
    expect(await groupNames(server, 'team-a', a.token)).not.toContain('Only in B');
    expect(await groupNames(server, 'team-b', b.token)).not.toContain('Only in A');
    const crossToken = await api(server)
      .get(groupsUrl())
      .set('X-Mock-Namespace', 'team-b')
      .set('X-Auth-Token', a.token);
    expect(crossToken.status).toBe(401);
    const crossId = await api(server)
      .get(`${groupsUrl()}/${a.id}`)
      .set('X-Mock-Namespace', 'team-b')
      .set('X-Auth-Token', b.token);
    expect(crossId.status).toBe(404);
    const defaultToken = await login(server);
    expect(await groupNames(server, 'default', defaultToken)).not.toContain('Only in A');
  });

  it('the same seed and the same requests give the same ids in every namespace and run', async () => {
    const one = await createIn(testServer(), 'x', 'Same');
    const two = await createIn(testServer(), 'x', 'Same');
    expect(two.id).toBe(one.id);
    expect(two.token).toBe(one.token);
  });
});

describe('admin API', () => {
  it('health lists the APIs and namespaces', async () => {
    const server = testServer();
    await login(server, undefined, undefined, undefined, 'ns-1');
    const res = await api(server).get('/__admin/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.apis.map((a: { name: string }) => a.name)).toContain('kazoo');
    expect(res.body.namespaces).toContain('ns-1');
  });

  it('reset of one namespace leaves the others alone; reset of all restores everything', async () => {
    const server = testServer();
    const a = await createIn(server, 'a', 'A group');
    const b = await createIn(server, 'b', 'B group');
    const res = await api(server).post('/__admin/reset?namespace=a');
    expect(res.body).toEqual({ reset: { api: 'all', namespace: 'a' } });
    const a2 = await login(server, undefined, undefined, undefined, 'a');
    expect(await groupNames(server, 'a', a2)).not.toContain('A group');
    expect(await groupNames(server, 'b', b.token)).toContain('B group');
    // One API of the call's namespace (X-Mock-Namespace, as on the data plane), then of every namespace.
    expect((await api(server).post('/__admin/reset?api=kazoo').set('X-Mock-Namespace', 'c')).body).toEqual({
      reset: { api: 'kazoo', namespace: 'c' },
    });
    expect(await groupNames(server, 'b', b.token)).toContain('B group');
    expect((await api(server).post('/__admin/reset?api=kazoo&namespace=*')).body).toEqual({
      reset: { api: 'kazoo', namespace: 'all' },
    });
    const b2 = await login(server, undefined, undefined, undefined, 'b');
    expect(await groupNames(server, 'b', b2)).not.toContain('B group');
    expect(a.id).not.toBe('');
  });

  it('reset refuses an unknown api or a bad namespace', async () => {
    const server = testServer();
    const unknown = await api(server).post('/__admin/reset?api=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('unknown api');
    expect((await api(server).post('/__admin/reset?namespace=bad%20name')).status).toBe(400);
  });

  it('exports a namespace as JSON and imports it into another', async () => {
    const server = testServer();
    const a = await createIn(server, 'src', 'Exported');
    const exported = await api(server).get('/__admin/state/kazoo?namespace=src');
    expect(exported.status).toBe(200);
    expect(exported.body.accounts[DEMO].groups[a.id].doc.name).toBe('Exported');
    const imported = await api(server).put('/__admin/state/kazoo?namespace=dst').send(exported.body);
    expect(imported.status).toBe(200);
    // The token came along with the state.
    expect(await groupNames(server, 'dst', a.token)).toContain('Exported');
  });

  it('refuses an invalid import with the path of each problem and keeps the old state', async () => {
    const server = testServer();
    const token = await login(server);
    const state = (await api(server).get('/__admin/state/kazoo')).body;
    state.accounts[DEMO].groups[SALES].doc.name = '';
    state.accounts[DEMO].parent_id = 'ffffffffffffffffffffffffffffffff';
    delete state.tokens;
    const res = await api(server).put('/__admin/state/kazoo').send(state);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('old state is kept');
    expect(res.body.problems).toContain("/tokens: must have required property 'tokens'");
    expect(res.body.problems.join('\n')).toContain(`/accounts/${DEMO}/groups/${SALES}/doc/name`);
    const consistency = (await api(server).get('/__admin/state/kazoo')).body;
    consistency.accounts[DEMO].parent_id = 'ffffffffffffffffffffffffffffffff';
    const res2 = await api(server).put('/__admin/state/kazoo').send(consistency);
    expect(res2.status).toBe(400);
    expect(res2.body.problems).toEqual([`/accounts/${DEMO}/parent_id: no account ffffffffffffffffffffffffffffffff`]);
    expect(await groupNames(server, 'default', token)).toContain('Sales');
  });

  it('admin errors are JSON: bad JSON, unknown endpoint, unknown api', async () => {
    const server = testServer();
    const bad = await api(server).put('/__admin/state/kazoo').set('Content-Type', 'application/json').send('{');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBeTypeOf('string');
    expect((await api(server).get('/__admin/nothing')).status).toBe(404);
    expect((await api(server).get('/__admin/state/nope')).status).toBe(404);
  });

  it('a path outside every API answers a JSON 404 that lists the APIs', async () => {
    const server = testServer();
    const res = await api(server).get('/elsewhere');
    expect(res.status).toBe(404);
    expect(res.body.apis).toContain('/kazoo');
  });
});

describe('namespace limit', () => {
  it('past --max-namespaces the least recently used namespace is reset: state, journal and its rules', async () => {
    const server = testServer({ maxNamespaces: 2 });
    const a = await createIn(server, 'a', 'A group');
    await createIn(server, 'b', 'B group');
    await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', operationId: 'getGroup', namespace: 'b', action: { respond: { status: 404 } } });
    // 'a' is used again, so 'b' is now the least recently used of the two allowed.
    expect(await groupNames(server, 'a', a.token)).toContain('A group');
    await createIn(server, 'c', 'C group');
    const health = (await api(server).get('/__admin/health')).body;
    expect(health.namespaces.sort()).toEqual(['a', 'c']);
    expect((await api(server).get('/__admin/requests?namespace=b')).body.total).toBe(0);
    expect((await api(server).get('/__admin/faults?namespace=b')).body.faults).toEqual([]);
    const b2 = await login(server, undefined, undefined, undefined, 'b');
    expect(await groupNames(server, 'b', b2)).not.toContain('B group');
  });
});
