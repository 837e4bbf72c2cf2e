/**
 * Two test runs side by side, each in its own namespace: one throttled, slowed down and moved in
 * time; the other sees none of it — rules, clock and journal stay per namespace.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

describe('namespace isolation of fault rules, journal and clock', () => {
  it('a run in ci-a with a 429 storm and a moved clock leaves ci-b untouched', async () => {
    const server = testServer();
    const a = await login(server, undefined, undefined, undefined, 'ci-a');
    const b = await login(server, undefined, undefined, undefined, 'ci-b');
    const admin = api(server);
    await admin
      .post('/__admin/faults')
      .send({ api: 'kazoo', namespace: 'ci-a', action: { rateLimit: { limit: 1, windowMs: '1m' } } });
    await admin
      .post('/__admin/faults')
      .send({ api: 'kazoo', operationId: 'listGroups', namespace: 'ci-a', action: { latency: { fixedMs: 2 } } });
    await admin.post('/__admin/clock?namespace=ci-a').send({ advance: '30m' });

    const list = (token: string, ns: string) =>
      api(server).get(groupsUrl()).set('X-Auth-Token', token).set('X-Mock-Namespace', ns);
    const inA = [await list(a, 'ci-a'), await list(a, 'ci-a'), await list(a, 'ci-a')].map((r) => r.status);
    const inB = [await list(b, 'ci-b'), await list(b, 'ci-b'), await list(b, 'ci-b')].map((r) => r.status);
    expect(inA).toEqual([200, 429, 429]);
    expect(inB).toEqual([200, 200, 200]);

    expect((await admin.get('/__admin/faults?namespace=ci-b')).body.faults).toEqual([]);
    expect((await admin.get('/__admin/clock?namespace=ci-b')).body.now).toBe('2026-03-01T09:00:00.000Z');
    const journalB = (await admin.get('/__admin/requests?namespace=ci-b')).body.requests;
    expect(
      journalB.every(
        (e: { faults: unknown[]; time: string }) => e.faults.length === 0 && e.time === '2026-03-01T09:00:00.000Z',
      ),
    ).toBe(true);
    const journalA = (await admin.get('/__admin/requests?namespace=ci-a&operationId=listGroups')).body.requests;
    expect(journalA.map((e: { time: string }) => e.time)).toEqual(Array(3).fill('2026-03-01T09:30:00.000Z'));
    expect(journalA[1].faults.map((f: { action: string }) => f.action)).toEqual(['latency', 'rateLimit']);

    // ci-a cleans up after itself; ci-b's journal is still there
    await admin.post('/__admin/reset?namespace=ci-a');
    expect((await admin.get('/__admin/faults')).body.faults).toEqual([]);
    expect((await admin.post('/__admin/requests/count').send({ namespace: 'ci-b' })).body.count).toBe(4);
  });
});
