/**
 * How rules count: `times` counts down for latency rules too; a rate limit that is over its limit
 * but not the one answering does not use up its `times`; and a rate-limit window costs O(1) per
 * request, however many requests it holds.
 */
import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../../src/engine/qa/faults/sliding-window.js';
import type { MockServer } from '../../../src/engine/app.js';
import { api, testServer } from '../../helpers.js';
import { SALES, groupsUrl } from '../../apis/kazoo/kazoo-client.js';

const groupUrl = `${groupsUrl()}/${SALES}`;
const listed = async (server: MockServer) =>
  (await api(server).get('/__admin/faults')).body.faults as Array<{ id: string; remaining?: number; fired: number }>;

describe('times', () => {
  it('a latency rule acts on `times` requests, counting down, then disappears', async () => {
    const server = testServer();
    await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', operationId: 'getGroup', times: 2, action: { latency: { fixedMs: 1 } } });
    await api(server).get(groupUrl);
    expect(await listed(server)).toMatchObject([{ id: 'f1', times: 2, remaining: 1, fired: 1 }]);
    await api(server).get(groupUrl);
    expect(await listed(server)).toEqual([]);
    await api(server).get(groupUrl);
    const faults = (await api(server).get('/__admin/requests')).body.requests.map(
      (r: { faults: unknown[] }) => r.faults.length,
    );
    expect(faults).toEqual([1, 1, 0]);
  });

  it('a second rate limit over its limit does not answer, and keeps its `times` for later', async () => {
    const server = testServer();
    await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', operationId: 'getGroup', times: 1, action: { rateLimit: { limit: 0, windowMs: '1m' } } });
    await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', operationId: 'getGroup', times: 1, action: { rateLimit: { limit: 0, windowMs: '2m' } } });
    const first = await api(server).get(groupUrl);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('60');
    expect(await listed(server)).toMatchObject([{ id: 'f2', remaining: 1, fired: 0 }]);
    const second = await api(server).get(groupUrl);
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('120');
    expect((await api(server).get(groupUrl)).status).toBe(401);
  });
});

describe('rate-limit windows', () => {
  it('hold no more than the window needs, however long the traffic goes on', () => {
    // Timings belong in npm run bench; what must hold here is that memory follows the window, not
    // the traffic: 100 000 requests at one a millisecond through a one-second window.
    const w = new SlidingWindow();
    let most = 0;
    for (let now = 0; now < 100_000; now++) {
      expect(w.count(now, 1000)).toBeLessThanOrEqual(1000);
      w.add(now);
      most = Math.max(most, w.retained);
    }
    expect(most).toBeLessThanOrEqual(2 * 1000 + 1025);
  });

  it('still slide: requests leave the window as the clock passes them, and one moved back forgets the future', () => {
    const server = testServer();
    server.faults.add({ api: 'kazoo', operationId: 'getGroup', action: { rateLimit: { limit: 2, windowMs: 1000 } } });
    const op = server.apis.get('kazoo')!.spec.byId.get('getGroup')!;
    const at = (now: number) =>
      server.faults.evaluate({ api: 'kazoo', namespace: 'default', op, headers: {}, query: {}, body: undefined, now })
        .outcome;
    expect([at(0), at(500), at(900)]).toEqual([undefined, undefined, { type: 'rateLimited', retryAfterSeconds: 1 }]);
    expect(at(1000)).toBeUndefined(); // 0 left the window
    expect(at(1400)).toEqual({ type: 'rateLimited', retryAfterSeconds: 1 });
    expect(at(1500)).toBeUndefined(); // 500 left
    // the clock moved back: hits after "now" (1000, 1500) never happened
    expect([at(600), at(700)]).toEqual([undefined, undefined]);
    expect(at(800)).toEqual({ type: 'rateLimited', retryAfterSeconds: 1 });
  });
});
