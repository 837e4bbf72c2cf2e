/**
 * It can fail, statefully, for every API: a server whose delete answers the documented success but
 * keeps the resource (a fixture app in front of our mock, answering the delete's own documented 2xx
 * example) is caught by `use_after_free` through the spec's `links` — create, then read, change,
 * delete, then read again — with the curl of the read that should have been a not-found.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi, type ContractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { send } from '../../src/contract/http.js';
import { LOGINS, parseCredentials } from '../../src/contract/logins/index.js';
import { runContract } from '../../src/contract/runner.js';
import { linksOf } from '../../src/contract/stateful.js';
import { createMockServer } from '../../src/engine/app.js';
import type { OperationDoc } from '../../src/engine/spec/spec-index.js';

const apis = allApis.map(contractApi);
let http: Server;
let root: string;

/** The delete operations that some create's links lead to. */
function linkedDeletes(api: ContractApi): OperationDoc[] {
  const out = new Set<OperationDoc>();
  for (const op of api.spec.operations)
    for (const l of linksOf(api, op)) if (l.target.method === 'delete') out.add(l.target);
  return [...out];
}

beforeAll(async () => {
  const mock = createMockServer({ apis: allApis, seed: 3 });
  const app = express();
  // Each linked delete answers its first documented 2xx (status and example) and deletes nothing.
  app.use((req, res, next) => {
    if (req.method !== 'DELETE') return next();
    const api = apis.find((a) => req.path.startsWith(`/${a.name}/`));
    const rest = api ? req.path.slice(api.name.length + 1) : '';
    const op = api && linkedDeletes(api).find((o) => o.match(rest));
    if (!op) return next();
    const ok = [...op.responses.values()].find((r) => r.status.startsWith('2'))!;
    const example = Object.values(ok.examples)[0];
    res.status(Number(ok.status));
    if (example === undefined || ok.status === '204') return void res.end();
    res.type(ok.contentType ?? 'application/json').send(api.codec.stringify(example));
  });
  app.use(mock.app);
  http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  root = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => void http.close());

describe('contract: use after delete', () => {
  it('every API declares a linked delete', () => {
    expect(apis.filter((a) => !linkedDeletes(a).length).map((a) => a.name)).toEqual([]);
  });

  for (const api of apis) {
    it(`${api.name}: a deleted id that still answers is a use_after_free failure, with its curl`, async () => {
      const baseUrl = `${root}/${api.name}`;
      const login = LOGINS[api.name]!;
      const headers = { 'X-Mock-Namespace': `uaf-${api.name}` };
      const { headers: auth, params } = await login.login(
        { baseUrl, headers, send: (r) => send(r, api.codec) },
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
      });
      const stale = r.failures.filter((f) => f.check === 'use_after_free');
      expect(
        stale.length,
        JSON.stringify(
          r.failures.map((f) => `${f.operation} ${f.check}: ${f.message}`),
          null,
          1,
        ),
      ).toBeGreaterThan(0);
      const deletes = linkedDeletes(api);
      // The stale read is of the deleted resource's own path.
      expect(deletes.some((d) => d.match(new URL(stale[0]!.request.url).pathname.slice(api.name.length + 1)))).toBe(
        true,
      );
      expect(stale[0]!.curl).toContain(`/${api.name}/`);
    });
  }
});
