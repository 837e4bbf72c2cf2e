/**
 * Upper bounds of fault rules: a delay is at most 2147483647 ms (what a timer can wait; more would
 * fire at once), a rate-limit window at most a year (so Retry-After stays a plain number of
 * seconds). Past them: a 400 on the admin API, exit code 2 for --delay.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS } from '../../../src/engine/qa/faults/store.js';
import { api, testServer } from '../../helpers.js';
import { serve as serveCommand } from '../../../src/cli/serve.js';
import { UsageError } from '../../../src/cli/flags.js';

const MAX = 2_147_483_647;
const rule = (action: object) => ({ api: 'kazoo', operationId: 'getGroup', action });

describe('fault rules: upper bounds', () => {
  it('latency: fixed, uniform, lognormal and its cap above 2147483647 ms are refused; the limit itself is taken', async () => {
    const server = testServer();
    expect(MAX_DELAY_MS).toBe(MAX);
    for (const latency of [
      { fixedMs: MAX + 1 },
      { fixedMs: 1e300 },
      { fixedMs: '25d' },
      { uniform: { minMs: 0, maxMs: MAX + 1 } },
      { lognormal: { medianMs: MAX + 1, sigma: 1 } },
      { lognormal: { medianMs: 1, sigma: 1 }, capMs: MAX + 1 },
    ]) {
      const res = await api(server).post('/__admin/faults').send(rule({ latency }));
      expect(res.status, JSON.stringify(latency)).toBe(400);
      expect(res.body.error, JSON.stringify(latency)).toMatch(/must be a number of milliseconds ≥ 0 and ≤ 2147483647/);
    }
    for (const latency of [
      { fixedMs: MAX },
      { uniform: { minMs: MAX, maxMs: MAX } },
      { lognormal: { medianMs: MAX, sigma: 0 }, capMs: MAX },
    ]) {
      expect((await api(server).post('/__admin/faults').send(rule({ latency }))).status, JSON.stringify(latency)).toBe(
        201,
      );
    }
  });

  it('latency rules that add up past the limit wait the limit, not a moment', () => {
    const server = testServer();
    server.faults.add(rule({ latency: { fixedMs: MAX } }));
    server.faults.add(rule({ latency: { fixedMs: MAX } }));
    const op = server.apis.get('kazoo')!.spec.byId.get('getGroup')!;
    const decision = server.faults.evaluate({
      api: 'kazoo',
      namespace: 'default',
      op,
      headers: {},
      query: {},
      body: undefined,
      now: 0,
    });
    expect(decision.delayMs).toBe(MAX);
  });

  it('rateLimit: a window over a year is refused', async () => {
    const server = testServer();
    for (const windowMs of ['366d', 1e300, 31_536_000_001]) {
      const res = await api(server)
        .post('/__admin/faults')
        .send(rule({ rateLimit: { limit: 1, windowMs } }));
      expect(res.status, String(windowMs)).toBe(400);
      expect(res.body.error).toMatch(/windowMs must be .* at most a year/);
    }
    expect(
      (
        await api(server)
          .post('/__admin/faults')
          .send(rule({ rateLimit: { limit: 0, windowMs: '365d' } }))
      ).status,
    ).toBe(201);
    const limited = await api(server).get(
      '/kazoo/v2/accounts/de000000000000000000000000000001/groups/f0000000000000000000000000000001',
    );
    expect(limited.headers['retry-after']).toBe('31536000');
  });

  it('--delay above the limit is a usage error before anything listens (exit code 2: cli-qa-flags.system.test.ts)', async () => {
    await expect(serveCommand(['--port', '0', '--delay', String(MAX + 1)], {})).rejects.toThrow(UsageError);
    await expect(serveCommand(['--port', '0', '--delay', String(MAX + 1)], {})).rejects.toThrow(
      /--delay must be milliseconds ≥ 0 and ≤ 2147483647/,
    );
  });
});
