/**
 * `groups-mock contract` against our own mock finds nothing, for every registered API (each logged
 * in through its own `--login`); every registered API has a login; a HAR recorded on one mock
 * replays cleanly on a second one that issues other ids.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { createMockServer, listen } from '../../src/engine/app.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { send, type WireRequest, type WireResponse } from '../../src/contract/http.js';
import { LOGINS, parseCredentials } from '../../src/contract/logins/index.js';
import { runContract } from '../../src/contract/runner.js';

let http: Server;
let root: string;

beforeAll(async () => {
  http = await listen(createMockServer({ apis: allApis, seed: 42 }), 0, '127.0.0.1');
  root = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => void http.close());

describe('contract: logins', () => {
  it('every registered API has a --login', () => {
    expect(allApis.map((a) => a.name).filter((n) => !Object.hasOwn(LOGINS, n))).toEqual([]);
  });
});

describe('contract against our own mock', () => {
  for (const mod of allApis) {
    it(`${mod.name}: every check passes`, async () => {
      const api = contractApi(mod);
      const baseUrl = `${root}/${mod.name}`;
      const login = LOGINS[mod.name]!;
      const headers = { 'X-Mock-Namespace': `contract-${mod.name}` };
      const prelude: Array<{ request: WireRequest; response: WireResponse }> = [];
      const { headers: auth, params } = await login.login(
        {
          baseUrl,
          headers,
          send: async (r) => {
            const response = await send(r, api.codec);
            prelude.push({ request: r, response });
            return response;
          },
        },
        parseCredentials(login, 'demo'),
      );
      const r = await runContract({
        api,
        baseUrl,
        auth,
        headers,
        seed: 1,
        maxExamples: 1,
        checks: new Set(ALL_CHECKS),
        known: params,
        runLast: login.authOperations,
        prelude,
        requireCoverage: true,
      });
      expect(r.failures.map((f) => `${f.operation} ${f.check}: ${f.message}\n${f.curl}`)).toEqual([]);
      // Coverage: every operation reached a documented success with a real answer.
      expect(r.uncovered).toEqual([]);
      expect(r.verdictFailures).toEqual([]);
      for (const [op, c] of r.coverage) if (c.success) expect([...c.checks], op).toContain('status_code_conformance');
      expect(r.requests).toBeGreaterThan(api.spec.operations.length);
      // Every API's create declares links, and each one was followed (none skipped for want of an id).
      expect(r.skipped.filter((s) => /\blinks? /.test(s))).toEqual([]);
      expect(r.linksFollowed).toBeGreaterThan(0);
    });
  }
});
