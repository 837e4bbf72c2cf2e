/**
 * The clock stays a date every vendor can write (four-digit years, 0000–9999; JavaScript's own range
 * is ±8.64e15 ms): a move outside is refused and leaves the clock where it was, and the pipeline
 * answers in the vendor's envelope — never an HTML page — even when its very first step fails.
 */
import { describe, expect, it } from 'vitest';
import { api, CLOCK_START, testServer } from '../../helpers.js';
import { groupsUrl } from '../../apis/kazoo/kazoo-client.js';

describe('clock bounds', () => {
  it('refuses a set or an advance past the valid date range with 400, and the clock does not move', async () => {
    const server = testServer();
    for (const body of [
      { advance: 1e308 },
      { set: 9_000_000_000_000_000 },
      { advance: '99999999999d' },
      { set: -9e15 },
      { advance: -1e16 },
      { set: 8.64e15 },
      { set: '9999-12-31T23:59:59.999Z', advance: 1 },
      { freeze: true, set: 1e300 },
    ]) {
      const res = await api(server).post('/__admin/clock?namespace=far').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error, JSON.stringify(body)).toMatch(/outside the range of dates/);
      const clock = await api(server).get('/__admin/clock?namespace=far');
      expect(clock.body, JSON.stringify(body)).toMatchObject({ mode: 'fixed', epochMs: CLOCK_START });
    }
    // An extended year is no ISO 8601 date-time a vendor writes: refused before the range is looked at.
    const extended = await api(server).post('/__admin/clock?namespace=far').send({ set: '+010000-01-01T00:00:00Z' });
    expect(extended.status).toBe(400);
    expect(extended.body.error).toMatch(/is not an ISO 8601 date-time/);
    const res = await api(server).get(groupsUrl()).set('X-Mock-Namespace', 'far');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('takes the edges of the range, and the vendors still answer within their spec there', async () => {
    const server = testServer();
    for (const edge of ['9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00.000Z']) {
      expect((await api(server).post('/__admin/clock?namespace=edge').send({ set: edge })).body.now).toBe(edge);
      const res = await api(server).get(groupsUrl()).set('X-Mock-Namespace', 'edge');
      expect(res.status).toBe(401);
      expect(res.body.timestamp).toBe(edge.replace(/\.\d{3}Z$/, 'Z'));
    }
  });

  it('a wall clock set at the very end of the range stays there instead of running past it', async () => {
    const server = testServer({ clockMode: 'system', clockStart: undefined });
    expect(
      (await api(server).post('/__admin/clock?namespace=end').send({ set: '9999-12-31T23:59:59.999Z' })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    expect((await api(server).get('/__admin/clock?namespace=end')).body.now).toBe('9999-12-31T23:59:59.999Z');
    expect((await api(server).get(groupsUrl()).set('X-Mock-Namespace', 'end')).status).toBe(401);
  });
});

describe('the pipeline when its first step fails', () => {
  it('still answers in the vendor envelope, as JSON', async () => {
    const server = testServer();
    server.journal.nextSeq = () => {
      throw new Error('journal broken');
    };
    const res = await api(server).get(groupsUrl());
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ status: 'error', error: '500', message: 'internal_server_error' });
    expect(res.text).not.toMatch(/<html|at .*\.ts:\d+/);
  });
});
