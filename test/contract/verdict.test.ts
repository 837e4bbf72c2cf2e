/**
 * No green without testing anything: a run whose credentials are missing or wrong (most answers
 * 401/403: `missing_auth`), or whose base URL does not answer, fails saying so — whatever its checks
 * say; the summary reports per operation whether it reached a documented success; `/__admin/health`
 * tells the tester it talks to the mock.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { summary } from '../../src/contract/report.js';
import { runContract } from '../../src/contract/runner.js';
import { detectTarget } from '../../src/contract/target.js';
import { createMockServer, listen } from '../../src/engine/app.js';
import { moduleNamed } from '../helpers.js';

let http: Server;
let root: string;
const bold = contractApi(moduleNamed('bold'));

beforeAll(async () => {
  http = await listen(createMockServer({ apis: allApis, seed: 7 }), 0, '127.0.0.1');
  root = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => void http.close());

const run = (baseUrl: string, auth: Record<string, string>) =>
  runContract({
    api: bold,
    baseUrl,
    auth,
    headers: { 'X-Mock-Namespace': 'verdict' },
    seed: 1,
    maxExamples: 1,
    checks: new Set(ALL_CHECKS),
  });

describe('contract verdict', () => {
  it('no credentials: fails as missing_auth, not PASSED', async () => {
    const r = await run(`${root}/bold`, {});
    expect(r.failed).toBe(true);
    expect(r.verdictFailures.join('\n')).toMatch(/missing_auth: no credentials were given/);
    expect(summary('bold', root, r)).toMatch(/^FAILED: /m);
  });

  it('a wrong token: fails as missing_auth', async () => {
    const r = await run(`${root}/bold`, { Authorization: 'Bearer expired-ci-secret' });
    expect(r.verdictFailures.join('\n')).toMatch(
      /missing_auth: \d+ of \d+ requests sent with the given credentials were answered 401\/403/,
    );
    expect(r.uncovered.length).toBe(bold.spec.operations.length);
  });

  it('an unreachable base URL: fails at once, nothing counted as passed', async () => {
    const closed = await listen(createMockServer({ apis: allApis }), 0, '127.0.0.1');
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const r = await run(`http://127.0.0.1:${port}/bold`, { Authorization: 'Bearer demo-bold-admin-token' });
    expect(r.verdictFailures.join('\n')).toMatch(/does not answer/);
    expect(r.requests).toBe(0);
    expect(r.tally.size).toBe(0);
  });

  it('good credentials: every operation covered, the summary says so per operation', async () => {
    const r = await run(`${root}/bold`, { Authorization: 'Bearer demo-bold-admin-token' });
    expect(r.verdictFailures).toEqual([]);
    expect(r.uncovered).toEqual([]);
    const text = summary('bold', root, r);
    expect(text).toMatch(/coverage: 7 of 7 operations reached a documented success/);
    expect(text).toMatch(
      /● getDeviceGroup +success \(answered [^)]*200[^)]*\); checks on real answers: .*response_schema_conformance/,
    );
  });

  it('health says what answers: the mock is the mock, anything else is live', async () => {
    expect((await detectTarget(`${root}/bold`)).kind).toBe('mock');
    const app = express().get('/__admin/health', (_q, s) => void s.json({ status: 'ok' }));
    const other = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    const t = await detectTarget(`http://127.0.0.1:${(other.address() as { port: number }).port}/bold`);
    other.close();
    expect(t.kind).toBe('live');
  });
});
