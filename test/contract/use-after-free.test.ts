/**
 * It can fail, statefully: a Bold whose delete answers `true` but keeps the group (a fixture app in
 * front of our mock) is caught by `use_after_free` through the spec's `links` — create, then read,
 * update, delete, then read again — with the curl of the read that should have been a 404.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer } from '../../src/engine/app.js';
import { moduleNamed } from '../helpers.js';

const bold = moduleNamed('bold');
let http: Server;
let base: string;

beforeAll(async () => {
  const mock = createMockServer({ apis: [bold], seed: 3 });
  const app = express();
  // Says it deleted the group and keeps it.
  app.delete('/bold/v1/device-groups/:id', (_req, res) => res.type('application/json').send('true'));
  app.use(mock.app);
  http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}/bold`;
});
afterAll(() => void http.close());

describe('contract: use after delete', () => {
  it('a deleted id that still answers is a use_after_free failure, with its curl', async () => {
    const api = contractApi(bold);
    const r = await runContract({ api, baseUrl: base, auth: { Authorization: 'Bearer demo-bold-admin-token' }, headers: {}, seed: 1, maxExamples: 1, checks: new Set(ALL_CHECKS) });
    const stale = r.failures.filter((f) => f.check === 'use_after_free');
    expect(stale.length, JSON.stringify(r.failures, null, 1)).toBeGreaterThan(0);
    expect(stale[0]!.curl).toMatch(/\/bold\/v1\/device-groups\/\d+/);
    // The fixture's delete also answers without credentials and for any id — reported as such; the
    // real mock behind it breaks nothing.
    expect(r.failures.filter((f) => f.check !== 'use_after_free' && f.operation !== 'deleteDeviceGroup')).toEqual([]);
    expect(r.failures.some((f) => f.operation === 'deleteDeviceGroup' && f.check === 'ignored_auth')).toBe(true);
  });
});
