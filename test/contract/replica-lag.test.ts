/**
 * It can fail, for every vendor: a server whose created resource is not readable at once (replica
 * lag — the first read after a create answers the vendor's 404) is caught by
 * ensure_resource_availability, with the whole sequence from the create as curl.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { send } from '../../src/contract/http.js';
import { LOGINS, parseCredentials } from '../../src/contract/logins/index.js';
import { runContract } from '../../src/contract/runner.js';
import { linksOf } from '../../src/contract/stateful.js';
import { createMockServer } from '../../src/engine/app.js';

const apis = allApis.map(contractApi);
let http: Server;
let root: string;
/** Per API: a create answered 2xx since the last read. */
const created = new Set<string>();

beforeAll(async () => {
  const mock = createMockServer({ apis: allApis, seed: 13 });
  const app = express();
  app.use((req, res, next) => {
    const api = apis.find((a) => req.path.startsWith(`/${a.name}/`));
    const found = api?.spec.find(req.method, req.path.slice(api.name.length + 1));
    const op = found?.op;
    if (!api || !op) return next();
    const isCreate = linksOf(api, op).some((l) => l.target.method === 'get');
    const isLinkedRead =
      op.method === 'get' &&
      apis.some((a) => a.spec.operations.some((p) => linksOf(a, p).some((l) => l.target === op)));
    if (
      isLinkedRead &&
      created.delete(api.name) &&
      op.parameters.some((p) => p.in === 'path' && !/ACCOUNT_ID|aname/.test(p.name))
    ) {
      const notFound = [...op.responses.keys()].includes('404') ? 404 : 400;
      return void res.status(notFound).json({ message: 'not found (yet)' });
    }
    if (isCreate) res.on('finish', () => res.statusCode < 300 && created.add(api.name));
    next();
  });
  app.use(mock.app);
  http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  root = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => void http.close());

describe('contract: a created resource not readable at once', () => {
  for (const api of apis) {
    it(`${api.name}: ensure_resource_availability fails, the sequence reproduced`, async () => {
      const baseUrl = `${root}/${api.name}`;
      const login = LOGINS[api.name]!;
      const headers = { 'X-Mock-Namespace': `lag-${api.name}` };
      const { headers: auth, params } = await login.login(
        { baseUrl, headers, send: (r) => send(r, api.codec) },
        parseCredentials(login, 'demo'),
      );
      created.clear();
      const r = await runContract({
        api,
        baseUrl,
        auth,
        headers,
        seed: 1,
        maxExamples: 0,
        checks: new Set(ALL_CHECKS),
        known: params,
        runLast: login.authOperations,
      });
      const f = r.failures.find((x) => x.check === 'ensure_resource_availability');
      expect(f, r.failures.map((x) => `${x.operation} ${x.check}: ${x.message}`).join('\n')).toBeDefined();
      expect(f!.sequence?.length).toBeGreaterThan(1);
      expect(f!.sequence![0]).toMatch(/^curl -i -X (POST|PUT) /);
    });
  }
});
