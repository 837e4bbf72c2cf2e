/**
 * `apiUsage` and `apiDailyUsage`: counted per user on every group call (refused ones too), shown on
 * every answer that has a user, the daily count starting again at midnight UTC on the engine clock,
 * and the daily limit's 429 with `Retry-After` until that midnight.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  DEMO,
  GROUPS,
  OTHER,
  QUOTA,
  TOKEN_URL,
  advance,
  as,
  getToken,
  groupUrl,
  plaspyServer,
  setClock,
  setup,
} from './plaspy-client.js';

const counters = (body: { apiUsage?: number; apiDailyUsage?: number }) => [body.apiUsage, body.apiDailyUsage];

describe('usage counters', () => {
  it('count each call of the user, this one included, on success and error answers alike', async () => {
    const { http } = await setup();
    expect(counters((await http.get(GROUPS)).body)).toEqual([1, 1]);
    expect(counters((await http.get(groupUrl('grp-123'))).body)).toEqual([2, 2]);
    const missing = await http.get(groupUrl('grp-999'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ success: false, error: 'Group not found', apiUsage: 3, apiDailyUsage: 3 });
    const invalid = await http.post(GROUPS).send({ name: '' });
    expect(invalid.status).toBe(400);
    expect(counters(invalid.body)).toEqual([4, 4]);
    const broken = await http.post(GROUPS).set('Content-Type', 'application/json').send('{"name": ');
    expect(broken.status).toBe(400);
    expect(counters(broken.body)).toEqual([5, 5]);
    const text = await http.post(GROUPS).set('Content-Type', 'text/plain').send('New Group');
    expect(text.status).toBe(415);
    expect(counters(text.body)).toEqual([6, 6]);
    const created = await http.post(GROUPS).send({ name: 'Counted' });
    expect(counters(created.body)).toEqual([7, 7]);
    expect(counters((await http.put(groupUrl(created.body.id)).send({ name: 'Counted 2' })).body)).toEqual([8, 8]);
    expect(
      counters(
        (await http.patch(groupUrl(created.body.id)).send([{ op: 'replace', path: '/name', value: 'Counted 3' }])).body,
      ),
    ).toEqual([9, 9]);
    expect(counters((await http.delete(groupUrl(created.body.id))).body)).toEqual([10, 10]);
  });

  it("are per user, and shared by all of a user's tokens; the token call is not counted", async () => {
    const server = plaspyServer();
    const demo1 = as(server, await getToken(server, DEMO));
    const other = as(server, await getToken(server, OTHER));
    await demo1.get(GROUPS);
    await demo1.get(GROUPS);
    expect(counters((await other.get(GROUPS)).body)).toEqual([1, 1]);
    const demo2 = as(server, await getToken(server, DEMO));
    expect(counters((await demo2.get(GROUPS)).body)).toEqual([3, 3]);
    expect(counters((await demo1.get(GROUPS)).body)).toEqual([4, 4]);
  });

  it('keep the total and start the daily count again at midnight UTC on the engine clock', async () => {
    const { server, http } = await setup();
    await setClock(server, '2026-03-01T23:59:58Z');
    const token = await getToken(server);
    const late = as(server, token);
    await http.get(GROUPS);
    expect(counters((await late.get(GROUPS)).body)).toEqual([2, 2]);
    await advance(server, '1999ms');
    expect(counters((await late.get(GROUPS)).body)).toEqual([3, 3]);
    await advance(server, '1ms');
    expect(counters((await late.get(GROUPS)).body)).toEqual([4, 1]);
    expect(counters((await late.get(groupUrl('grp-123'))).body)).toEqual([5, 2]);
  });

  it('show on answers outside any operation without counting them', async () => {
    const { http } = await setup();
    await http.get(GROUPS);
    const unknown = await http.get('/plaspy/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ success: false, error: 'Resource not found', apiUsage: 1, apiDailyUsage: 1 });
    expect(counters((await http.get(GROUPS)).body)).toEqual([2, 2]);
  });
});

describe('the daily limit (quota@plaspy.test: 5 calls a day)', () => {
  const limitReached = (usage: number, daily: number) => ({
    success: false,
    error: 'Daily API limit of 5 calls reached. Try again after 2026-03-02T00:00:00Z.',
    apiUsage: usage,
    apiDailyUsage: daily,
  });

  it('answers 429 past the limit, with Retry-After in seconds until midnight UTC; refused calls are not counted', async () => {
    const { server, http } = await setup(QUOTA);
    for (let i = 1; i <= 5; i++) expect((await http.get(GROUPS)).status, `call ${i}`).toBe(200);
    const refused = await http.get(GROUPS);
    expect(refused.status).toBe(429);
    // 09:00 → midnight is 15 hours.
    expect(refused.headers['retry-after']).toBe(String(15 * 3600));
    expect(refused.body).toEqual({ ...limitReached(5, 5), groups: null });
    // Every operation is refused alike, also before its body is read; the count stays at 5.
    expect((await http.post(GROUPS).send({ name: 'x' })).body).toEqual(limitReached(5, 5));
    expect((await http.post(GROUPS).set('Content-Type', 'application/json').send('{')).status).toBe(429);
    expect((await http.patch(groupUrl('grp-1')).send([])).status).toBe(429);
    expect((await http.delete(groupUrl('grp-1'))).status).toBe(429);
    // The token call is not limited.
    expect((await api(server).post(TOKEN_URL).send(QUOTA)).status).toBe(200);
    await advance(server, '14h59m59s');
    const last = await http.get(GROUPS);
    expect(last.status).toBe(429);
    expect(last.headers['retry-after']).toBe('1');
    await advance(server, '1s');
    const nextDay = await http.get(GROUPS);
    expect(nextDay.status).toBe(200);
    expect(counters(nextDay.body)).toEqual([6, 1]);
  });

  it('a user with calls left is not held back by another at its limit', async () => {
    const server = plaspyServer();
    const quota = as(server, await getToken(server, QUOTA));
    for (let i = 0; i < 5; i++) await quota.get(GROUPS);
    expect((await quota.get(GROUPS)).status).toBe(429);
    expect((await as(server, await getToken(server, DEMO)).get(GROUPS)).status).toBe(200);
  });

  it("is the tenant's users.<name>.dailyLimit: raising it lets the user go on the same day", async () => {
    const { server, http } = await setup(QUOTA);
    for (let i = 0; i < 5; i++) await http.get(GROUPS);
    expect((await http.get(GROUPS)).status).toBe(429);
    const state = (await api(server).get('/__admin/state/plaspy')).body;
    expect(state.users[QUOTA.userName]).toMatchObject({
      apiUsage: 5,
      apiDailyUsage: 5,
      usageDay: '2026-03-01',
      dailyLimit: 5,
    });
    state.users[QUOTA.userName].dailyLimit = 6;
    expect((await api(server).put('/__admin/state/plaspy').send(state)).status).toBe(200);
    expect(counters((await http.get(GROUPS)).body)).toEqual([6, 6]);
    expect((await http.get(GROUPS)).status).toBe(429);
  });
});
