/**
 * The typed admin client (src/admin-client/client.ts) over every call it offers, in-process
 * (`startMock(…).admin`, `mock.namespace()`) and against a mock by URL with a token, as a CI job
 * would talk to a shared one. Each answer is checked against what the mock really did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, AdminError, mockNamespace, startMock, type RunningMock } from '../../src/index.js';

const TOKEN = 'admin-client-test-token';
const ACCOUNT = 'de000000000000000000000000000001';
let mock: RunningMock;
let remote: RunningMock;

beforeAll(async () => {
  [mock, remote] = await Promise.all([
    startMock({ api: ['kazoo', 'mdm'], seed: 3 }),
    startMock({ api: 'kazoo', adminToken: TOKEN, clock: '2031-05-01T08:00:00Z' }),
  ]);
});
afterAll(async () => {
  await Promise.all([mock?.close(), remote?.close()]);
});

/** An unauthenticated listing: answered 401 by Kazoo, journaled. */
const listGroups = (headers: Record<string, string> = {}, base = mock.url('kazoo')) =>
  fetch(`${base}/v2/accounts/${ACCOUNT}/groups`, { headers });

describe('AdminClient in process', () => {
  it('index and health describe the mock', async () => {
    const index = await mock.admin.index();
    expect(index.apis.map((a) => a.baseUrl)).toEqual([mock.url('kazoo'), mock.url('mdm')]);
    expect(index.endpoints.some((e) => e.method === 'POST' && e.path === '/__admin/requests/count')).toBe(true);
    expect((await mock.admin.health()).status).toBe('ok');
  });

  it('state get/put/reset, in the namespace only; an invalid state throws the mock’s problems', async () => {
    const ns = mock.namespace();
    type KazooState = { accounts: Record<string, { name: string }> };
    const state = await ns.admin.getState<KazooState>('kazoo');
    expect(state.accounts[ACCOUNT]!.name).toBe('demo');
    state.accounts[ACCOUNT]!.name = 'renamed';
    expect(await ns.admin.putState('kazoo', state)).toEqual({ imported: { api: 'kazoo', namespace: ns.name } });
    expect((await ns.admin.getState<KazooState>('kazoo')).accounts[ACCOUNT]!.name).toBe('renamed');
    expect((await mock.admin.getState<KazooState>('kazoo')).accounts[ACCOUNT]!.name).toBe('demo');
    const refused = await ns.admin.putState('kazoo', { accounts: 7 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AdminError);
    expect((refused as AdminError).status).toBe(400);
    expect((refused as AdminError).error).toMatch(/state rejected for kazoo/);
    expect((refused as AdminError).problems.join('\n')).toMatch(/accounts/);
    expect(await ns.admin.reset({ api: 'kazoo' })).toEqual({ reset: { api: 'kazoo', namespace: ns.name } });
    expect((await ns.admin.getState<KazooState>('kazoo')).accounts[ACCOUNT]!.name).toBe('demo');
  });

  it('fault rules: add, list, get, remove, clear — acting in the namespace only', async () => {
    const ns = mock.namespace();
    const rule = await ns.admin.addFault({
      api: 'kazoo',
      operationId: 'listGroups',
      times: 2,
      action: { respond: { status: 404 } },
    });
    expect(rule).toMatchObject({ api: 'kazoo', operationId: 'listGroups', namespace: ns.name, remaining: 2, fired: 0 });
    expect((await listGroups(ns.headers)).status).toBe(404);
    expect((await listGroups()).status).toBe(401); // default namespace: untouched
    expect(await ns.admin.getFault(rule.id)).toMatchObject({ remaining: 1, fired: 1 });
    const [a, b] = await ns.admin.addFaults([
      { api: 'mdm', action: { latency: { fixedMs: 1 } } },
      { api: 'kazoo', action: { connection: 'reset' } },
    ]);
    expect((await ns.admin.listFaults()).map((r) => r.id)).toEqual([rule.id, a!.id, b!.id]);
    expect((await ns.admin.listFaults({ api: 'mdm' })).map((r) => r.id)).toEqual([a!.id]);
    expect(await mock.admin.listFaults()).toEqual([]);
    expect(await ns.admin.removeFault(b!.id)).toEqual([b!.id]);
    const gone = await ns.admin.getFault(b!.id).catch((e: AdminError) => e);
    expect(gone).toMatchObject({ status: 404 });
    expect(await ns.admin.clearFaults()).toEqual([rule.id, a!.id]);
    const bad = await ns.admin
      .addFault({ api: 'kazoo', operationId: 'nope', action: { respond: { status: 404 } } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AdminError);
    expect(bad).toMatchObject({ status: 400, error: 'fault rule refused: kazoo has no operation "nope"' });
    expect((bad as AdminError).problems).toContain('listGroups: GET /v2/accounts/{ACCOUNT_ID}/groups');
    expect(await ns.admin.listFaults()).toEqual([]);
  });

  it('the journal: list, find, count, HAR, violations, JUnit, clear', async () => {
    const ns = mock.namespace();
    await listGroups(ns.headers);
    await listGroups(ns.headers);
    const badLogin = await ns.fetch(`${ns.url('kazoo')}/v2/user_auth`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { credentials: 42 } }),
    });
    expect(badLogin.status).toBe(400);
    const page = await ns.admin.requests();
    expect(page.total).toBe(3);
    expect(page.requests.map((r) => r.response?.status)).toEqual([401, 401, 400]);
    expect((await ns.admin.requests({ limit: 1 })).requests.map((r) => r.operationId)).toEqual([
      page.requests[2]!.operationId,
    ]);
    expect(await ns.admin.countRequests({ operationId: 'listGroups', status: 401 })).toBe(2);
    expect(await mock.admin.countRequests({ operationId: 'listGroups', namespace: ns.name })).toBe(2);
    const found = await ns.admin.findRequests({ method: 'PUT' });
    expect(found.map((r) => r.path)).toEqual(['/v2/user_auth']);
    const har = await ns.admin.har({ status: '4xx' });
    expect(har.log.entries.map((e) => e.response.status)).toEqual([401, 401, 400]);
    const report = await ns.admin.violations();
    expect(report.count).toBe(1);
    expect(report.violations[0]!.request.length).toBeGreaterThan(0);
    const junit = await ns.admin.junit();
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toMatch(/<testsuite [^>]*failures="1"/);
    expect(await ns.admin.clearRequests()).toBe(3);
    expect((await ns.admin.requests()).total).toBe(0);
  });

  it('the clock: read, set, advance, freeze — per namespace', async () => {
    const ns = mock.namespace();
    expect((await ns.admin.clock()).mode).toBe('system');
    const set = await ns.admin.setClock({ freeze: true, set: '2030-01-01T00:00:00Z' });
    expect(set).toEqual({
      namespace: ns.name,
      mode: 'fixed',
      now: '2030-01-01T00:00:00.000Z',
      epochMs: Date.UTC(2030, 0, 1),
    });
    expect((await ns.admin.advanceClock('1h30m')).now).toBe('2030-01-01T01:30:00.000Z');
    expect((await mock.admin.clock()).mode).toBe('system');
    await expect(ns.admin.advanceClock('3000000d')).rejects.toMatchObject({ status: 400 });
  });

  it('forNamespace("*") spans every namespace where the admin API lets it', async () => {
    const one = mock.namespace();
    const two = mock.namespace('admin-client-two');
    expect(two.name).toBe('admin-client-two');
    expect(one.name).not.toBe(two.name);
    await listGroups(one.headers);
    await listGroups(two.headers);
    const every = mock.admin.forNamespace('*');
    expect(await every.countRequests({ operationId: 'listGroups' })).toBeGreaterThanOrEqual(2);
    await expect(every.clock()).rejects.toMatchObject({ status: 400 });
    await every.reset();
    expect(await every.countRequests()).toBe(0);
  });
});

describe('AdminClient against a mock by URL', () => {
  it('sends the token; without it every call is refused with 401', async () => {
    const admin = new AdminClient(`${remote.baseUrl}/__admin/`, { token: TOKEN });
    expect(admin.baseUrl).toBe(remote.baseUrl);
    expect((await admin.clock()).now).toBe('2031-05-01T08:00:00.000Z');
    await expect(new AdminClient(remote.baseUrl).health()).rejects.toMatchObject({ status: 401 });
    const ns = mockNamespace(remote.baseUrl, { token: TOKEN, name: 'remote-ci' });
    await ns.admin.addFault({ api: 'kazoo', operationId: 'listGroups', action: { respond: { status: 404 } } });
    expect((await listGroups(ns.headers, ns.url('kazoo'))).status).toBe(404);
    expect((await listGroups({}, ns.url('kazoo'))).status).toBe(401);
    expect(await ns.admin.countRequests({ status: 404 })).toBe(1);
  });

  it('a server that is not the mock: an AdminError with its status and text', async () => {
    const admin = new AdminClient(`${mock.url('kazoo')}`);
    const err = await admin.health().catch((e: AdminError) => e);
    expect(err).toBeInstanceOf(AdminError);
    expect((err as AdminError).status).toBe(404);
    expect((err as AdminError).call).toBe('GET /kazoo/__admin/health');
  });
});
