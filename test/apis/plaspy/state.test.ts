/**
 * The demo tenant and the state's rules (a device belongs to one user, groups hold their owner's
 * devices, user names unique without regard to case), the JWT reader on its own, and the day
 * arithmetic behind `apiDailyUsage` and `Retry-After`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt, type Claims } from '../../../src/apis/plaspy/jwt.js';
import { checkPlaspyState, type PlaspyState } from '../../../src/apis/plaspy/state.js';
import { countCall, dailyReset, dayOf, usageOf } from '../../../src/apis/plaspy/usage.js';
import { api } from '../../helpers.js';
import { DEMO, OTHER, QUOTA, plaspyServer } from './plaspy-client.js';

const fixture = (): PlaspyState =>
  JSON.parse(readFileSync(new URL('../../../fixtures/plaspy.json', import.meta.url), 'utf8'));

describe('the demo tenant', () => {
  it('has the three users, 15 demo devices, a device in two groups, and is consistent', () => {
    const state = fixture();
    expect(checkPlaspyState(state)).toEqual([]);
    expect(Object.keys(state.users).sort()).toEqual([DEMO.userName, OTHER.userName, QUOTA.userName].sort());
    expect(state.users[DEMO.userName]).toMatchObject({ apiKey: DEMO.apiKey, dailyLimit: 10000 });
    expect(state.users[DEMO.userName]!.devices).toHaveLength(15);
    expect(state.users[QUOTA.userName]).toMatchObject({ apiKey: QUOTA.apiKey, dailyLimit: 5 });
    expect(state.users[OTHER.userName]!.devices.length).toBeGreaterThan(0);
    const inTwo = state.users[DEMO.userName]!.devices.filter(
      (d) => Object.values(state.groups).filter((g) => g.devices.includes(d)).length > 1,
    );
    expect(inTwo.length).toBeGreaterThan(0);
  });
});

describe('checkPlaspyState', () => {
  it('names every inconsistency by its path', () => {
    const state = fixture();
    state.users['DEMO@plaspy.test'] = { ...state.users[QUOTA.userName]!, devices: ['dev-901'] };
    state.groups['grp-124']!.devices.push('dev-501');
    state.groups['grp-200'] = { ...state.groups['grp-124']!, owner: 'ghost@plaspy.test' };
    state.tokens.abc = { userName: 'ghost@plaspy.test', issuedAt: 0 };
    expect(checkPlaspyState(state)).toEqual([
      "/nextGroupNumber: 125 is not above group grp-200: ids are never issued twice, so the next number must be above every group's (at least 201)",
      '/users/DEMO@plaspy.test: the same user name as demo@plaspy.test (user names are compared without regard to case)',
      '/users/DEMO@plaspy.test/devices/0: dev-901 is also a device of other@plaspy.test',
      '/groups/grp-124/devices/2: dev-501 is not a device of demo@plaspy.test',
      '/groups/grp-200/owner: no user ghost@plaspy.test',
      '/tokens/abc/userName: no user ghost@plaspy.test',
    ]);
  });

  it('PUT /__admin/state/plaspy refuses such a state and keeps the old one', async () => {
    const server = plaspyServer();
    const state = fixture();
    state.groups['grp-123']!.devices.push('dev-905');
    const res = await api(server).put('/__admin/state/plaspy').send(state);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(
      '/groups/grp-123/devices/2: dev-905 is not a device of demo@plaspy.test',
    );
    expect((await api(server).get('/__admin/state/plaspy')).body.groups['grp-123'].devices).toEqual([
      'dev-456',
      'dev-789',
    ]);
  });
});

describe('verifyJwt', () => {
  const claims: Claims = { sub: 'a@b.test', unique_name: 'a@b.test', jti: 'j1', iat: 1, nbf: 1, exp: 2 };
  const key = 'k'.repeat(40);

  it('reads back what signJwt signed with the same key, and nothing else', () => {
    const token = signJwt(claims, key);
    expect(verifyJwt(token, key)).toEqual(claims);
    expect(verifyJwt(token, 'x'.repeat(40))).toBeUndefined();
    expect(verifyJwt(`${token}.x`, key)).toBeUndefined();
    expect(
      verifyJwt(
        token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        key,
      ),
    ).toBeUndefined();
    const [h, , s] = token.split('.');
    const noSub = Buffer.from(JSON.stringify({ ...claims, sub: 5 })).toString('base64url');
    expect(verifyJwt(`${h}.${noSub}.${s}`, key)).toBeUndefined();
    expect(verifyJwt('', key)).toBeUndefined();
    expect(verifyJwt('a.b.c', key)).toBeUndefined();
  });
});

describe('the usage day', () => {
  const user = () => ({
    apiKey: 'k',
    dailyLimit: 3,
    devices: [],
    apiUsage: 10,
    apiDailyUsage: 2,
    usageDay: '2026-03-01',
  });
  const at = (iso: string) => Date.parse(iso);

  it('counts on the day, starts again on the next, and reads 0 for a day not counted yet', () => {
    const u = user();
    expect(usageOf(u, at('2026-03-01T23:59:59.999Z'))).toEqual({ apiUsage: 10, apiDailyUsage: 2 });
    expect(usageOf(u, at('2026-03-02T00:00:00Z'))).toEqual({ apiUsage: 10, apiDailyUsage: 0 });
    countCall(u, at('2026-03-02T00:00:00Z'));
    expect(u).toMatchObject({ apiUsage: 11, apiDailyUsage: 1, usageDay: '2026-03-02' });
    expect(dayOf(at('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });

  it('Retry-After counts whole seconds to midnight UTC, at least one', () => {
    expect(dailyReset(at('2026-03-01T09:00:00Z'))).toEqual({ retryAfterSeconds: 54000, at: '2026-03-02T00:00:00Z' });
    expect(dailyReset(at('2026-03-01T23:59:59.999Z'))).toEqual({ retryAfterSeconds: 1, at: '2026-03-02T00:00:00Z' });
    expect(dailyReset(at('2026-03-02T00:00:00Z')).at).toBe('2026-03-03T00:00:00Z');
  });
});
