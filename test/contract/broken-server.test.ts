/**
 * It can fail: `contract` against a deliberately broken Plaspy (a small fixture app) reports each
 * planted breakage under the right check (a wrong field type, an invalid body accepted, auth ignored, a
 * missing documented header, a wrong content type, an undocumented status, a 500, an unsupported
 * method), with a curl that names the request.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { runContract } from '../../src/contract/runner.js';
import { moduleNamed } from '../helpers.js';

const api = contractApi(moduleNamed('plaspy'));
const example = (op: string, status: string) =>
  Object.values(api.spec.byId.get(op)!.responses.get(status)!.examples)[0];

let http: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  // A wrong field type, and no credentials needed.
  app.get('/api/groups', (_req, res) => res.json({ ...(example('listGroups', '200') as object), apiUsage: 'lots' }));
  // Accepts any body, valid or not.
  app.post('/api/groups', (_req, res) => res.status(201).json(example('createGroup', '201')));
  // A documented header left out: the daily limit's 429 without its Retry-After.
  app.get('/api/groups/:id', (req, res) =>
    req.headers.authorization
      ? res.status(429).json(example('getGroup', '429'))
      : res.status(401).json({ success: false, error: 'Unauthorized access', apiUsage: 0, apiDailyUsage: 0 }),
  );
  // The wrong content type.
  app.put('/api/groups/:id', (_req, res) => res.type('text/plain').send('ok'));
  // An undocumented status.
  app.patch('/api/groups/:id', (_req, res) => res.status(299).json({}));
  // A server error.
  app.delete('/api/groups/:id', (_req, res) => res.status(500).json({ error: 'boom' }));
  app.use((_req, res) => res.status(404).json({ error: 'not found' }));
  http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => void http.close());

describe('contract against a broken server', () => {
  it('reports each breakage by its check, with its curl', async () => {
    const r = await runContract({
      api,
      baseUrl: base,
      auth: { Authorization: 'Bearer t0ken-for-the-test' },
      headers: {},
      seed: 1,
      maxExamples: 1,
      checks: new Set(ALL_CHECKS),
      operations: ['listGroups', 'createGroup', 'getGroup', 'updateGroup', 'patchGroup', 'deleteGroup'],
    });
    const found = (op: string, check: string) => r.failures.find((f) => f.operation === op && f.check === check);
    const expected: Array<[string, string, RegExp]> = [
      ['listGroups', 'response_schema_conformance', /apiUsage/],
      ['listGroups', 'ignored_auth', /without credentials/],
      ['createGroup', 'negative_data_rejection', /not a 4xx/],
      ['getGroup', 'response_headers_conformance', /documented header Retry-After is missing/],
      ['updateGroup', 'content_type_conformance', /text\/plain/],
      ['patchGroup', 'status_code_conformance', /299 is not documented/],
      ['deleteGroup', 'not_a_server_error', /500/],
      ['PUT /api/groups', 'unsupported_method', /expected 405/],
    ];
    for (const [op, check, message] of expected) {
      const f = found(op, check);
      expect(f, `${op} ${check}`).toBeDefined();
      expect(f!.message).toMatch(message);
      expect(f!.curl).toMatch(new RegExp(`^curl -i -X \\w+ '?${base}/api/groups`));
      if (/without credentials/.test(f!.origin)) expect(f!.curl).not.toContain('Authorization');
      else expect(f!.curl).toContain('"Authorization: $AUTHORIZATION"');
      expect(f!.curl).not.toContain('t0ken-for-the-test');
    }
    expect(r.failed).toBe(true);
  });
});
