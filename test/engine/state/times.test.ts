/**
 * Times an operator or a client gives (issue 21, items 10 and 11): `--clock`, the admin clock's
 * `set` and the journal's `since` are read strictly — an offset is required (without one the
 * instant would depend on the machine's time zone), an impossible date is refused, each with a
 * message that says what is wrong — and a frozen clock can be let run again, on from the instant
 * it shows at the wall clock's pace.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoDateTimeProblem, parseInstant } from '../../../src/engine/kit/iso-time.js';
import { Clock } from '../../../src/engine/state/clock.js';
import { serve as serveCommand } from '../../../src/cli/serve.js';
import { UsageError } from '../../../src/cli/flags.js';
import { api, CLOCK_START, testServer } from '../../helpers.js';

const TOKYO_10AM_UTC = Date.parse('2026-03-01T01:00:00Z');

describe('strict ISO 8601 instants', () => {
  it('an offset is required; impossible dates and times are refused; each says why', () => {
    expect(parseInstant('2026-03-01T10:00:00+09:00')).toEqual({ ms: TOKYO_10AM_UTC });
    expect(parseInstant('2026-03-01T01:00:00Z')).toEqual({ ms: TOKYO_10AM_UTC });
    expect(parseInstant(String(TOKYO_10AM_UTC))).toEqual({ ms: TOKYO_10AM_UTC });
    expect(parseInstant('2024-02-29T00:00:00Z')).toEqual({ ms: Date.UTC(2024, 1, 29) });
    expect(isoDateTimeProblem('2026-03-01T10:00:00')).toMatch(/has no offset: add Z \(UTC\) or one such as \+01:00/);
    expect(isoDateTimeProblem('2026-02-30T10:00:00Z')).toMatch(/is not a date: February 2026 has 28 days/);
    expect(isoDateTimeProblem('2025-02-29T10:00:00Z')).toMatch(/February 2025 has 28 days/);
    expect(isoDateTimeProblem('2026-04-31T10:00:00Z')).toMatch(/April 2026 has 30 days/);
    expect(isoDateTimeProblem('2026-13-01T10:00:00Z')).toMatch(/there is no month 13/);
    expect(isoDateTimeProblem('2026-03-01T24:00:00Z')).toMatch(/is not a time of day/);
    expect(isoDateTimeProblem('2026-03-01T10:00:00+24:00')).toMatch(/impossible offset/);
    expect(isoDateTimeProblem('1 March 2026')).toMatch(/is not an ISO 8601 date-time such as 2026-03-01T10:00:00Z/);
    expect(isoDateTimeProblem('x'.repeat(10_000))!.length).toBeLessThan(200);
  });
});

describe('the admin clock and the journal read times strictly, whatever the time zone of the machine', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('set: a time without an offset, or 30 February, is refused with the reason; the clock does not move', async () => {
    process.env.TZ = 'Asia/Tokyo';
    const server = testServer();
    for (const [set, reason] of [
      ['2026-03-01T10:00:00', /has no offset/],
      ['2026-02-30T10:00:00Z', /February 2026 has 28 days/],
      ['tomorrow', /is not an ISO 8601 date-time/],
    ] as const) {
      const res = await api(server).post('/__admin/clock?namespace=t1').send({ set });
      expect(res.status, set).toBe(400);
      expect(res.body.error).toMatch(
        /^set must be an ISO 8601 date-time with an offset or milliseconds since the epoch: /,
      );
      expect(res.body.error).toMatch(reason);
    }
    expect((await api(server).get('/__admin/clock?namespace=t1')).body.epochMs).toBe(CLOCK_START);
    const ok = await api(server).post('/__admin/clock?namespace=t1').send({ set: '2026-03-01T10:00:00+09:00' });
    expect(ok.body).toMatchObject({ epochMs: TOKYO_10AM_UTC, now: '2026-03-01T01:00:00.000Z' });
  });

  it('since (query and matcher): the same strict reading', async () => {
    process.env.TZ = 'America/New_York';
    const server = testServer();
    await api(server).get('/kazoo/v2/nowhere');
    for (const since of ['2026-03-01T09:00:00', '2026-02-30T00:00:00Z']) {
      const listed = await api(server).get(`/__admin/requests?since=${encodeURIComponent(since)}`);
      expect(listed.status, since).toBe(400);
      expect(listed.body.error).toMatch(/since must be an ISO 8601 date-time with an offset/);
      const counted = await api(server).post('/__admin/requests/count').send({ since });
      expect(counted.status, since).toBe(400);
    }
    // The request was journalled at 09:00Z: 10:00+01:00 is that instant, 10:00+00:00 an hour later.
    expect(
      (await api(server).get(`/__admin/requests?since=${encodeURIComponent('2026-03-01T10:00:00+01:00')}`)).body.total,
    ).toBe(1);
    expect((await api(server).post('/__admin/requests/count').send({ since: '2026-03-01T10:00:00Z' })).body.count).toBe(
      0,
    );
  });
});

describe('groups-mock serve --clock', () => {
  it('refuses an impossible date before anything listens: a usage error (the bin: times.system.test.ts)', async () => {
    await expect(
      serveCommand(['--port', '0', '--api', 'kazoo', '--clock', '2026-02-30T10:00:00Z'], {}),
    ).rejects.toThrow(
      new UsageError(
        '--clock must be an ISO 8601 date-time with an offset (or milliseconds since the epoch): "2026-02-30T10:00:00Z" is not a date: February 2026 has 28 days',
      ),
    );
  });
});

describe('unfreezing the clock (item 11)', () => {
  afterEach(() => vi.useRealTimers());

  it('a frozen clock runs on from the instant it shows, at the wall clock pace', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2030-01-01T00:00:00Z'));
    const clock = new Clock('system');
    clock.freeze();
    clock.advance(3_600_000);
    vi.setSystemTime(Date.parse('2030-01-01T05:00:00Z'));
    expect(clock.iso()).toBe('2030-01-01T01:00:00.000Z');
    clock.unfreeze();
    expect(clock.describe()).toMatchObject({ mode: 'system', now: '2030-01-01T01:00:00.000Z' });
    vi.setSystemTime(Date.parse('2030-01-01T05:00:30Z'));
    expect(clock.iso()).toBe('2030-01-01T01:00:30.000Z');
    // A clock started frozen (`--clock`, the tests' servers) unfreezes the same way.
    const fixed = new Clock('fixed', CLOCK_START);
    fixed.unfreeze();
    vi.setSystemTime(Date.parse('2030-01-01T05:01:00Z'));
    expect(fixed.now()).toBe(CLOCK_START + 30_000);
  });

  it('POST /__admin/clock {"freeze": false}: the clock runs again; with set, from the time set', async () => {
    const server = testServer();
    const frozen = await api(server)
      .post('/__admin/clock?namespace=u1')
      .send({ freeze: true, set: '2031-05-01T00:00:00Z' });
    expect(frozen.body).toMatchObject({ mode: 'fixed', now: '2031-05-01T00:00:00.000Z' });
    const before = Date.now();
    const running = await api(server).post('/__admin/clock?namespace=u1').send({ freeze: false });
    expect(running.status).toBe(200);
    expect(running.body.mode).toBe('system');
    const start = Date.parse('2031-05-01T00:00:00Z');
    // On from where it stood, never back, and no faster than the wall clock.
    const read = async () => (await api(server).get('/__admin/clock?namespace=u1')).body.epochMs as number;
    const a = await read();
    await new Promise((r) => setTimeout(r, 20));
    const b = await read();
    expect(a).toBeGreaterThanOrEqual(start);
    expect(b).toBeGreaterThan(a);
    expect(b - start).toBeLessThanOrEqual(Date.now() - before);
    const reset = await api(server)
      .post('/__admin/clock?namespace=u1')
      .send({ freeze: false, set: '2032-01-01T00:00:00Z' });
    expect(reset.body.mode).toBe('system');
    expect(reset.body.epochMs).toBeGreaterThanOrEqual(Date.parse('2032-01-01T00:00:00Z'));
    const bad = await api(server).post('/__admin/clock?namespace=u1').send({ freeze: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('freeze takes true or false, not "no"');
    expect(bad.body.problems.join(' ')).toContain('{"freeze": false}');
  });
});
