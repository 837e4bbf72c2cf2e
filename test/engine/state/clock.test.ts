/**
 * `/__admin/clock`: read, set, advance and freeze a namespace's engine clock — and what moves
 * with it: token expiry, envelope timestamps; other namespaces' clocks do not move.
 */
import { describe, expect, it } from 'vitest';
import { api, CLOCK_START, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

describe('admin clock', () => {
  it('reads the namespace clock', async () => {
    const server = testServer();
    const res = await api(server).get('/__admin/clock?namespace=c1');
    expect(res.body).toEqual({ namespace: 'c1', mode: 'fixed', now: '2026-03-01T09:00:00.000Z', epochMs: CLOCK_START });
    expect((await api(server).get('/__admin/clock')).body.namespace).toBe('default');
  });

  it('advances by milliseconds or by a duration, and sets an ISO time or epoch milliseconds', async () => {
    const server = testServer();
    const post = async (body: object) => (await api(server).post('/__admin/clock?namespace=c2').send(body)).body.now;
    expect(await post({ advance: 1500 })).toBe('2026-03-01T09:00:01.500Z');
    expect(await post({ advance: '20m' })).toBe('2026-03-01T09:20:01.500Z');
    expect(await post({ advance: '1h30m' })).toBe('2026-03-01T10:50:01.500Z');
    expect(await post({ advance: '-50m' })).toBe('2026-03-01T10:00:01.500Z');
    expect(await post({ set: '2027-01-02T03:04:05Z' })).toBe('2027-01-02T03:04:05.000Z');
    expect(await post({ set: CLOCK_START })).toBe('2026-03-01T09:00:00.000Z');
    expect(await post({ set: '2026-06-01T00:00:00Z', advance: '1d' })).toBe('2026-06-02T00:00:00.000Z');
  });

  it('freezes a wall clock: it then moves only when told', async () => {
    const server = testServer({ clockMode: 'system', clockStart: undefined });
    const frozen = await api(server)
      .post('/__admin/clock?namespace=c3')
      .send({ freeze: true, set: '2030-01-01T00:00:00Z' });
    expect(frozen.body).toMatchObject({ mode: 'fixed', now: '2030-01-01T00:00:00.000Z' });
    await new Promise((r) => setTimeout(r, 15));
    expect((await api(server).get('/__admin/clock?namespace=c3')).body.now).toBe('2030-01-01T00:00:00.000Z');
    expect((await api(server).get('/__admin/clock?namespace=other')).body.mode).toBe('system');
  });

  it('refuses what it cannot read, saying what it takes', async () => {
    const server = testServer();
    for (const [body, message] of [
      [{}, /send one of set, advance, freeze/],
      [{ advance: 'soon' }, /advance must be milliseconds or a duration/],
      [{ advance: '5 parsecs' }, /advance must be/],
      [{ set: 'tomorrow' }, /set must be an ISO 8601 date-time/],
      [{ freeze: 'yes' }, /freeze takes true or false/],
      [{ rewind: 5 }, /unknown field\(s\) rewind/],
    ] as const) {
      const res = await api(server).post('/__admin/clock').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
      expect(res.body.problems.join(' ')).toContain('"advance": "20m"');
    }
    expect((await api(server).get('/__admin/clock?namespace=a%20b')).status).toBe(400);
  });
});

describe('what the clock moves', () => {
  it('a Kazoo token expires after an hour idle: still alive at 1 h, gone at 1 h + 1 s', async () => {
    const server = testServer();
    const token = await login(server, undefined, undefined, undefined, 'exp');
    const list = () => api(server).get(groupsUrl()).set('X-Auth-Token', token).set('X-Mock-Namespace', 'exp');
    await api(server).post('/__admin/clock?namespace=exp').send({ advance: '1h' });
    expect((await list()).status).toBe(200); // used: idle time starts again
    await api(server).post('/__admin/clock?namespace=exp').send({ advance: '1h1s' });
    const expired = await list();
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({
      error: '401',
      message: 'invalid_credentials',
      timestamp: '2026-03-01T11:00:01Z',
    });
  });

  it('namespaces keep their own clocks: moving one expires nothing in another', async () => {
    const server = testServer();
    const a = await login(server, undefined, undefined, undefined, 'ns-a');
    const b = await login(server, undefined, undefined, undefined, 'ns-b');
    await api(server).post('/__admin/clock?namespace=ns-a').send({ advance: '2h' });
    expect((await api(server).get('/__admin/clock?namespace=ns-b')).body.now).toBe('2026-03-01T09:00:00.000Z');
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', a).set('X-Mock-Namespace', 'ns-a')).status).toBe(
      401,
    );
    const fine = await api(server).get(groupsUrl()).set('X-Auth-Token', b).set('X-Mock-Namespace', 'ns-b');
    expect(fine.status).toBe(200);
    expect(fine.body.timestamp).toBe('2026-03-01T09:00:00Z');
  });

  it('a reset namespace gets its clock back at the start', async () => {
    const server = testServer();
    await api(server).post('/__admin/clock?namespace=r').send({ advance: '3d' });
    await api(server).post('/__admin/reset?namespace=r');
    expect((await api(server).get('/__admin/clock?namespace=r')).body.epochMs).toBe(CLOCK_START);
  });
});
