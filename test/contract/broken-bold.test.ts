/**
 * A deliberately broken Bold, as a CI user would write one: our mock behind a small app that plants
 * one breakage at a time (switched on alone). Each is caught, under the check that names it, with a
 * reproduction; the run is tested as against a live server (only the vendor's statuses documented).
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer } from '../../src/engine/app.js';

const api = contractApi(allApis.find((a) => a.name === 'bold')!);
const TOKEN = 'Bearer demo-bold-admin-token';
let breakage = '';
let http: Server;
let base: string;

beforeAll(async () => {
  const mock = createMockServer({ apis: allApis, seed: 5 });
  const app = express();
  app.use((req, res, next) => {
    const write = req.method !== 'GET';
    if (breakage === '401-everything') return void res.status(401).json({ message: 'Unauthorized' });
    if (breakage === 'tenants-not-separated' && req.headers.authorization === 'Bearer demo-bold-partner-token')
      req.headers.authorization = TOKEN;
    if (breakage === 'any-bearer-on-write' && write && /^Bearer /.test(req.headers.authorization ?? ''))
      req.headers.authorization = TOKEN;
    if (
      breakage === 'created-not-readable' &&
      req.method === 'GET' &&
      /^\/bold\/v1\/device-groups\/\d+$/.test(req.path)
    )
      return void res.status(404).json({ message: 'Not found' });
    if (breakage === 'undocumented-404' && req.method === 'GET' && req.path === '/bold/v1/device-groups')
      return void res.status(404).json({ message: 'Not found' });
    const direction = String(req.query.sortDirection ?? '');
    if (breakage === 'lowercase-refused' && direction && direction !== direction.replace(/^./, (c) => c.toUpperCase()))
      return void res.status(400).json({ message: `sortDirection ${direction} is invalid` });
    if (breakage === '500-on-sortBy-remarks' && req.query.sortBy === 'remarks')
      return void res.status(500).json({ message: 'Internal Server Error' });
    if (breakage === '405-without-allow' && req.method === 'PUT' && req.path === '/bold/v1/device-groups')
      return void res.status(405).json({ message: 'no' });
    next();
  });
  app.use(mock.app);
  http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}/bold`;
});
afterAll(() => void http.close());

const run = (name: string) => {
  breakage = name;
  return runContract({
    api,
    baseUrl: base,
    auth: { Authorization: TOKEN },
    headers: { 'X-Mock-Namespace': `broken-${name}` },
    seed: 1,
    maxExamples: 0,
    checks: new Set(ALL_CHECKS),
    target: 'live',
    otherTenantAuth: { Authorization: 'Bearer demo-bold-partner-token' },
  });
};

describe('a broken Bold, one breakage at a time', () => {
  it('401 on everything: the run fails as missing_auth', async () => {
    const r = await run('401-everything');
    expect(r.verdictFailures.join('\n')).toMatch(/missing_auth/);
  });

  it('any bearer accepted on a write: ignored_auth, with the invalid credential', async () => {
    const r = await run('any-bearer-on-write');
    const f = r.failures.find((x) => x.check === 'ignored_auth' && /invalid credential/.test(x.message));
    expect(f, r.failures.map((x) => `${x.operation} ${x.check} ${x.message}`).join('\n')).toBeDefined();
    expect(f!.curl).toMatch(/^curl -i -X (POST|PUT|DELETE) /);
  });

  it('a created group not readable: ensure_resource_availability, the whole sequence as curl', async () => {
    const r = await run('created-not-readable');
    const f = r.failures.find((x) => x.check === 'ensure_resource_availability');
    expect(f, r.failures.map((x) => `${x.operation} ${x.check} ${x.message}`).join('\n')).toBeDefined();
    expect(f!.message).toMatch(/answered 404/);
    expect(f!.sequence?.[0]).toMatch(/^curl -i -X POST .*\/v1\/device-groups/);
    expect(f!.sequence?.at(-1)).toBe(f!.curl);
  });

  it("a 404 the operation does not document: status_code_conformance (the mock's own 404 does not count on a live server)", async () => {
    const r = await run('undocumented-404');
    expect(r.failures.some((x) => x.operation === 'listDeviceGroups' && x.check === 'status_code_conformance')).toBe(
      true,
    );
  });

  it('a 405 without Allow: unsupported_method', async () => {
    const r = await run('405-without-allow');
    expect(r.failures.some((x) => x.check === 'unsupported_method' && /Allow/.test(x.message))).toBe(true);
  });

  it('valid input refused with 400 (lowercase sortDirection): positive_data_acceptance', async () => {
    const r = await run('lowercase-refused');
    const f = r.failures.find((x) => x.check === 'positive_data_acceptance');
    expect(f, r.failures.map((x) => `${x.operation} ${x.check} ${x.message}`).join('\n')).toBeDefined();
    expect(f!.curl).toMatch(/sortDirection=(asc|desc|ASC|DESC)/);
  });

  it('a 500 on one sortBy value: not_a_server_error, whatever the seed', async () => {
    const r = await run('500-on-sortBy-remarks');
    const f = r.failures.find((x) => x.check === 'not_a_server_error');
    expect(f?.curl).toMatch(/sortBy=remarks/);
  });

  it("another tenant's credential reaches this tenant's group: ignored_auth", async () => {
    const r = await run('tenants-not-separated');
    const f = r.failures.find((x) => x.check === 'ignored_auth' && /another tenant/.test(x.message));
    expect(f, r.failures.map((x) => `${x.operation} ${x.check} ${x.message}`).join('\n')).toBeDefined();
  });

  it('nothing broken: no failure', async () => {
    const r = await run('');
    expect(r.failures.map((x) => `${x.operation} ${x.check} ${x.message}`)).toEqual([]);
    expect(r.verdictFailures).toEqual([]);
  });
});
