/**
 * Run control: `--max-failures` stops early (and still cleans up), `--rate-limit` waits out a 429's
 * `Retry-After` and makes the request again, and the JUnit report has a `<testsuite>` with numeric
 * times even when everything passed.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { retryAfterMs } from '../../src/contract/pacer.js';
import { contractJUnit } from '../../src/contract/report.js';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer } from '../../src/engine/app.js';

const api = contractApi(allApis.find((a) => a.name === 'bold')!);
let mode = '';
let throttled = 0;
let http: Server;
let base: string;

beforeAll(async () => {
  const mock = createMockServer({ apis: allApis, seed: 3 });
  const app = express();
  app.use((req, res, next) => {
    if (mode === 'broken' && req.method === 'GET') return void res.status(500).json({ message: 'boom' });
    if (mode === 'throttle' && req.method === 'GET' && throttled === 0) {
      throttled++;
      return void res.status(429).set('Retry-After', '1').json({ message: 'Too many requests' });
    }
    next();
  });
  app.use(mock.app);
  http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}/bold`;
});
afterAll(() => void http.close());

const run = (extra: Partial<Parameters<typeof runContract>[0]>) =>
  runContract({
    api,
    baseUrl: base,
    auth: { Authorization: 'Bearer demo-bold-admin-token' },
    headers: { 'X-Mock-Namespace': `run-control-${mode || 'ok'}` },
    seed: 1,
    maxExamples: 1,
    checks: new Set(ALL_CHECKS),
    ...extra,
  });

describe('contract run control', () => {
  it('Retry-After: seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('--max-failures stops after that many distinct failures', async () => {
    mode = 'broken';
    const r = await run({ maxFailures: 2 });
    expect(r.failures.length).toBe(2);
    expect(r.stoppedEarly).toMatch(/--max-failures 2/);
  });

  it('--rate-limit waits out a 429 with Retry-After and makes the request again', async () => {
    mode = 'throttle';
    throttled = 0;
    const r = await run({ rateLimit: 50, operations: ['listDeviceGroups'] });
    expect(throttled).toBe(1);
    expect([...r.coverage.get('listDeviceGroups')!.statuses.keys()]).not.toContain(429);
    expect(r.failures).toEqual([]);
  });

  it('JUnit: a testsuite and numeric times when everything passed', async () => {
    mode = '';
    const r = await run({ operations: ['listDeviceGroups', 'getDeviceGroup'] });
    expect(r.failed).toBe(false);
    const xml = contractJUnit('bold', base, r);
    expect(xml).toMatch(/<testsuite name="bold" tests="\d+" failures="0"/);
    const times = [...xml.matchAll(/time="([^"]*)"/g)].map((m) => m[1]);
    expect(times.length).toBeGreaterThan(2);
    for (const t of times) expect(t).toMatch(/^\d+\.\d{3}$/);
    expect(xml).toMatch(/classname="bold.listDeviceGroups" name="status_code_conformance"/);
    expect(xml).toMatch(/classname="bold.listDeviceGroups" name="coverage"/);
  });
});
