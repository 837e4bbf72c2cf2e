/**
 * Crossbar's cleanup of soft-deleted groups (src/apis/kazoo/cleanup.ts, docs/memory.md): a deleted
 * group stays in the namespace's state (answering 404) until its own clock passes the retention,
 * then goes at the namespace's next request — only that namespace's; past `maxDeleted` the oldest
 * go whatever the clock. The clock moves through the admin API, as a test of a client would move it.
 */
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/engine/app.js';
import { api, testServer } from '../helpers.js';
import { DEMO, groupsUrl, login } from './kazoo-client.js';

const HOUR = 3600 * 1000;

async function createGroup(server: MockServer, token: string, name: string, namespace: string): Promise<string> {
  const res = await api(server)
    .put(groupsUrl())
    .set('X-Auth-Token', token)
    .set('X-Mock-Namespace', namespace)
    .send({ data: { name, endpoints: {} } });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

async function deleteGroup(server: MockServer, token: string, id: string, namespace: string) {
  const res = await api(server)
    .delete(`${groupsUrl()}/${id}`)
    .set('X-Auth-Token', token)
    .set('X-Mock-Namespace', namespace);
  expect(res.status).toBe(200);
}

/** The group documents a namespace's state holds (deleted ones too), through the admin API. */
async function storedGroups(server: MockServer, namespace: string): Promise<Record<string, { deleted?: boolean }>> {
  const res = await api(server).get(`/__admin/state/kazoo?namespace=${namespace}`);
  expect(res.status).toBe(200);
  return res.body.accounts[DEMO].groups;
}

const advance = (server: MockServer, namespace: string, by: string) =>
  api(server).post(`/__admin/clock?namespace=${namespace}`).send({ advance: by }).expect(200);

async function get(server: MockServer, token: string, id: string, namespace: string) {
  return api(server).get(`${groupsUrl()}/${id}`).set('X-Auth-Token', token).set('X-Mock-Namespace', namespace);
}

describe('Kazoo soft-deleted groups are purged on the namespace clock', () => {
  it('keeps a deleted group (404) until the retention passes, then removes it for good', async () => {
    const server = testServer();
    const token = await login(server, undefined, undefined, undefined, 'purge');
    const id = await createGroup(server, token, 'soak', 'purge');
    await deleteGroup(server, token, id, 'purge');
    expect((await storedGroups(server, 'purge'))[id]?.deleted).toBe(true);
    expect((await get(server, token, id, 'purge')).status).toBe(404);

    // 23 h 59 min later: still kept (Crossbar's cleanup runs once a day).
    await advance(server, 'purge', '23h59m');
    expect((await storedGroups(server, 'purge'))[id]?.deleted).toBe(true);

    await advance(server, 'purge', '1m');
    // The token idled out meanwhile: a fresh login is the namespace's next request.
    const fresh = await login(server, undefined, undefined, undefined, 'purge');
    const after = await get(server, fresh, id, 'purge');
    expect(after.status).toBe(404);
    expect(after.body.message).toBe('bad_identifier');
    expect(Object.hasOwn(await storedGroups(server, 'purge'), id)).toBe(false);
  });

  it("purges only the namespace whose clock passed the delay: another's deleted groups stay", async () => {
    const server = testServer();
    const a = await login(server, undefined, undefined, undefined, 'ns-a');
    const b = await login(server, undefined, undefined, undefined, 'ns-b');
    const inA = await createGroup(server, a, 'soak', 'ns-a');
    const inB = await createGroup(server, b, 'soak', 'ns-b');
    await deleteGroup(server, a, inA, 'ns-a');
    await deleteGroup(server, b, inB, 'ns-b');
    await advance(server, 'ns-a', '25h');
    await get(server, a, inA, 'ns-a');
    expect(Object.hasOwn(await storedGroups(server, 'ns-a'), inA)).toBe(false);
    expect((await storedGroups(server, 'ns-b'))[inB]?.deleted).toBe(true);
  });

  it('takes its retention from the options (--deleted-retention)', async () => {
    const server = testServer({ deletedRetentionMs: HOUR });
    const token = await login(server, undefined, undefined, undefined, 'short');
    const id = await createGroup(server, token, 'soak', 'short');
    await deleteGroup(server, token, id, 'short');
    await advance(server, 'short', '59m');
    expect((await storedGroups(server, 'short'))[id]?.deleted).toBe(true);
    await advance(server, 'short', '1m');
    expect(Object.hasOwn(await storedGroups(server, 'short'), id)).toBe(false);
  });

  it('with a frozen clock keeps at most maxDeleted deleted groups, the oldest purged first', async () => {
    const server = testServer({ maxDeleted: 3 });
    const token = await login(server, undefined, undefined, undefined, 'capped');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await createGroup(server, token, `soak ${i}`, 'capped');
      await deleteGroup(server, token, id, 'capped');
      await advance(server, 'capped', '1s');
      ids.push(id);
    }
    const groups = await storedGroups(server, 'capped');
    expect(ids.map((id) => Object.hasOwn(groups, id))).toEqual([false, false, true, true, true]);
    const health = await api(server).get('/__admin/health');
    expect(health.body.sizes.capped.kazoo.deletedGroups).toBe(3);
  });

  it('purges deleted groups an import brought, on the same clock', async () => {
    const server = testServer();
    const state = (await api(server).get('/__admin/state/kazoo?namespace=imported')).body;
    const now = Date.parse('2026-03-01T09:00:00Z');
    state.accounts[DEMO].groups['00000000000000000000000000000abc'] = {
      doc: { name: 'old', endpoints: {} },
      rev: 2,
      created: now - 48 * HOUR,
      modified: now - 30 * HOUR,
      deleted: true,
    };
    state.accounts[DEMO].groups['00000000000000000000000000000abd'] = {
      doc: { name: 'recent', endpoints: {} },
      rev: 2,
      created: now - 48 * HOUR,
      modified: now - HOUR,
      deleted: true,
    };
    await api(server).put('/__admin/state/kazoo?namespace=imported').send(state).expect(200);
    const groups = await storedGroups(server, 'imported');
    expect(Object.hasOwn(groups, '00000000000000000000000000000abc')).toBe(false);
    expect(groups['00000000000000000000000000000abd']?.deleted).toBe(true);
  });
});
