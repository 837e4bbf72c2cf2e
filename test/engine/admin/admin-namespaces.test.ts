/**
 * Every admin call is about the namespace the call names, read as the data plane reads it (issue
 * 21, item 8): `?namespace=` or `X-Mock-Namespace` — two that disagree are refused — else
 * `default`. On a CI mock shared by many jobs, one job's reset, rules, clock or journal calls never
 * reach another job's namespace; every namespace takes the explicit `*`.
 */
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/engine/app.js';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

const names = async (server: MockServer, namespace: string) => {
  const token = await login(server, undefined, undefined, undefined, namespace);
  return (
    await api(server).get(`${groupsUrl()}?paginate=false`).set('X-Mock-Namespace', namespace).set('X-Auth-Token', token)
  ).body.data.map((g: { name: string }) => g.name) as string[];
};

async function createIn(server: MockServer, namespace: string, name: string) {
  const token = await login(server, undefined, undefined, undefined, namespace);
  const res = await api(server)
    .put(groupsUrl())
    .set('X-Mock-Namespace', namespace)
    .set('X-Auth-Token', token)
    .send({ data: { name, endpoints: {} } });
  expect(res.status).toBe(201);
}

describe('POST /__admin/reset', () => {
  it('with X-Mock-Namespace resets that namespace only; without, the default one; * every namespace', async () => {
    const server = testServer();
    await createIn(server, 'job-1', 'Job one');
    await createIn(server, 'zzz', 'Zzz');
    await createIn(server, 'default', 'Default');
    expect((await api(server).post('/__admin/reset').set('X-Mock-Namespace', 'zzz')).body).toEqual({
      reset: { api: 'all', namespace: 'zzz' },
    });
    expect(await names(server, 'zzz')).not.toContain('Zzz');
    expect(await names(server, 'job-1')).toContain('Job one');
    expect(await names(server, 'default')).toContain('Default');
    expect((await api(server).post('/__admin/reset')).body).toEqual({ reset: { api: 'all', namespace: 'default' } });
    expect(await names(server, 'default')).not.toContain('Default');
    expect(await names(server, 'job-1')).toContain('Job one');
    expect((await api(server).post('/__admin/reset?namespace=*')).body).toEqual({
      reset: { api: 'all', namespace: 'all' },
    });
    expect(await names(server, 'job-1')).not.toContain('Job one');
  });

  it('refuses two namespaces that disagree, and a bad one, saying so', async () => {
    const server = testServer();
    await createIn(server, 'a', 'Kept');
    const twoWays = await api(server).post('/__admin/reset?namespace=a').set('X-Mock-Namespace', 'b');
    expect(twoWays.status).toBe(400);
    expect(twoWays.body.error).toBe(
      'the call names two namespaces: "a" (?namespace=) and "b" (X-Mock-Namespace); name one',
    );
    const everyAndOne = await api(server).post('/__admin/reset?namespace=*').set('X-Mock-Namespace', 'a');
    expect(everyAndOne.status).toBe(400);
    const bad = await api(server).post('/__admin/reset').set('X-Mock-Namespace', 'a b');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('X-Mock-Namespace "a b": a namespace must match ^[A-Za-z0-9._-]{1,64}$');
    expect(await names(server, 'a')).toContain('Kept');
    // Both ways at once, agreeing, is fine.
    expect((await api(server).post('/__admin/reset?namespace=a').set('X-Mock-Namespace', 'a')).status).toBe(200);
  });
});

describe('every admin endpoint is scoped the same way', () => {
  it('state and clock: the call namespace (header or query), never several at once', async () => {
    const server = testServer();
    await createIn(server, 'ci-1', 'In ci-1');
    const state = await api(server).get('/__admin/state/kazoo').set('X-Mock-Namespace', 'ci-1');
    expect(JSON.stringify(state.body)).toContain('In ci-1');
    expect(JSON.stringify((await api(server).get('/__admin/state/kazoo')).body)).not.toContain('In ci-1');
    expect(
      (await api(server).put('/__admin/state/kazoo').set('X-Mock-Namespace', 'ci-2').send(state.body)).body,
    ).toEqual({ imported: { api: 'kazoo', namespace: 'ci-2' } });
    expect(await names(server, 'ci-2')).toContain('In ci-1');
    const moved = await api(server).post('/__admin/clock').set('X-Mock-Namespace', 'ci-1').send({ advance: '1h' });
    expect(moved.body).toMatchObject({ namespace: 'ci-1', now: '2026-03-01T10:00:00.000Z' });
    expect((await api(server).get('/__admin/clock')).body).toMatchObject({
      namespace: 'default',
      now: '2026-03-01T09:00:00.000Z',
    });
    expect((await api(server).get('/__admin/clock?namespace=ci-1')).body.now).toBe('2026-03-01T10:00:00.000Z');
    for (const [method, path] of [
      ['get', '/__admin/state/kazoo?namespace=*'],
      ['get', '/__admin/clock?namespace=*'],
    ] as const) {
      const res = await api(server)[method](path);
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatch(/this call is about one namespace: name it/);
    }
  });

  it('fault rules: added in the call namespace unless the rule says; listed and removed there; * for every namespace', async () => {
    const server = testServer();
    const rule = { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } };
    expect((await api(server).post('/__admin/faults').set('X-Mock-Namespace', 'ci-1').send(rule)).body.namespace).toBe(
      'ci-1',
    );
    expect((await api(server).post('/__admin/faults').send(rule)).body.namespace).toBe('default');
    expect(
      (
        await api(server)
          .post('/__admin/faults')
          .send({ ...rule, namespace: '*' })
      ).body.namespace,
    ).toBeUndefined();
    expect(
      (
        await api(server)
          .post('/__admin/faults')
          .send([rule, { ...rule, namespace: 'ci-3' }])
      ).body.faults.map((r: { namespace?: string }) => r.namespace),
    ).toEqual(['default', 'ci-3']);
    const clash = await api(server)
      .post('/__admin/faults?namespace=ci-1')
      .send({ ...rule, namespace: 'ci-2' });
    expect(clash.status).toBe(400);
    expect(clash.body.error).toBe(
      'fault rule refused: the rule names namespace "ci-2" and the call names "ci-1" (?namespace=); name one',
    );
    const ids = async (req: ReturnType<ReturnType<typeof api>['get']>) =>
      (await req).body.faults.map((r: { id: string }) => r.id);
    expect(await ids(api(server).get('/__admin/faults').set('X-Mock-Namespace', 'ci-1'))).toEqual(['f1', 'f3']);
    expect(await ids(api(server).get('/__admin/faults'))).toEqual(['f2', 'f3', 'f4']);
    expect(await ids(api(server).get('/__admin/faults?namespace=*'))).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect((await api(server).delete('/__admin/faults').set('X-Mock-Namespace', 'ci-1')).body).toEqual({
      removed: ['f1'],
    });
    expect((await api(server).delete('/__admin/faults')).body).toEqual({ removed: ['f2', 'f4'] });
    // The rule in ci-1 acted in ci-1 only; the one for every namespace everywhere.
    expect((await api(server).delete('/__admin/faults?namespace=*')).body).toEqual({ removed: ['f3', 'f5'] });
  });

  it('a rule added from a job namespace acts there only', async () => {
    const server = testServer();
    await api(server)
      .post('/__admin/faults')
      .set('X-Mock-Namespace', 'job-1')
      .send({ api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 500 } } });
    const url = `${groupsUrl()}/f0000000000000000000000000000001`;
    expect((await api(server).get(url).set('X-Mock-Namespace', 'job-1')).status).toBe(500);
    expect((await api(server).get(url).set('X-Mock-Namespace', 'job-2')).status).toBe(401);
    expect((await api(server).get(url)).status).toBe(401);
  });

  it('the journal: listed, counted, reported and cleared for the call namespace, or * for all', async () => {
    const server = testServer();
    await api(server).get('/kazoo/v2/nowhere').set('X-Mock-Namespace', 'ci-1');
    await api(server).get('/kazoo/v2/nowhere');
    const total = async (req: ReturnType<ReturnType<typeof api>['get']>) => (await req).body.total as number;
    expect(await total(api(server).get('/__admin/requests').set('X-Mock-Namespace', 'ci-1'))).toBe(1);
    expect(await total(api(server).get('/__admin/requests'))).toBe(1);
    expect(await total(api(server).get('/__admin/requests?namespace=*'))).toBe(2);
    expect((await api(server).get('/__admin/requests/violations').set('X-Mock-Namespace', 'ci-1')).body.count).toBe(1);
    expect(
      (await api(server).post('/__admin/requests/count').set('X-Mock-Namespace', 'ci-1').send({ status: 404 })).body
        .count,
    ).toBe(1);
    expect(
      (await api(server).post('/__admin/requests/find').send({ namespace: '*', status: 404 })).body.requests,
    ).toHaveLength(2);
    expect((await api(server).delete('/__admin/requests').set('X-Mock-Namespace', 'ci-1')).body).toEqual({
      cleared: 1,
    });
    expect(await total(api(server).get('/__admin/requests?namespace=*'))).toBe(1);
  });
});
