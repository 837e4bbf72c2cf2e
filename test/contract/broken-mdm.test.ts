/**
 * A deliberately broken MDM, as a CI user would write one: our mock behind a forwarding app that
 * plants one breakage at a time. Ids past 2^53 rounded by a plain JSON round trip (the create's
 * group_id comes back as the nearest double) are caught by ensure_resource_availability — the
 * created group cannot be read by the id it was given — with the whole sequence as curl; a 500 on
 * one value of a query parameter is caught with the request that reaches it.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { ALL_CHECKS } from '../../src/contract/checks.js';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, listen } from '../../src/engine/app.js';

const api = contractApi(allApis.find((a) => a.name === 'mdm')!);
let breakage = '';
const servers: Server[] = [];
let base: string;

beforeAll(async () => {
  const mock = await listen(createMockServer({ apis: allApis, seed: 9 }), 0, '127.0.0.1');
  servers.push(mock);
  const mockRoot = `http://127.0.0.1:${(mock.address() as { port: number }).port}`;
  const app = express();
  app.use(express.raw({ type: '*/*', limit: '2mb' }));
  app.use(async (req, res) => {
    if (breakage === '500-on-include-memberdetails' && req.method === 'GET' && req.query.include === 'memberdetails')
      return void res.status(500).json({ error_code: 'COM0000', error_description: 'boom' });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
    const body = Buffer.isBuffer(req.body) && req.body.length ? req.body : undefined;
    const up = await fetch(`${mockRoot}${req.originalUrl}`, {
      method: req.method,
      headers,
      body: body ? new Uint8Array(body) : undefined,
    });
    let text = await up.text();
    // A server whose JSON goes through doubles: ids past 2^53 come out rounded.
    if (breakage === 'round-ids' && /json/.test(up.headers.get('content-type') ?? '') && text.trim())
      text = JSON.stringify(JSON.parse(text));
    res.status(up.status);
    up.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) res.setHeader(k, v);
    });
    res.send(text);
  });
  const http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  servers.push(http);
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}/mdm`;
});
afterAll(() => servers.forEach((s) => s.close()));

const run = (name: string) => {
  breakage = name;
  return runContract({
    api,
    baseUrl: base,
    auth: { Authorization: 'Zoho-oauthtoken demo-mdm-token' },
    headers: { 'X-Mock-Namespace': `broken-mdm-${name}` },
    seed: 1,
    maxExamples: 0,
    checks: new Set(ALL_CHECKS),
    target: 'live',
  });
};

const listed = (r: Awaited<ReturnType<typeof run>>) =>
  r.failures.map((x) => `${x.operation} ${x.check} ${x.message}`).join('\n');

describe('a broken MDM, one breakage at a time', () => {
  it('ids past 2^53 rounded: the created group is not readable by its id (ensure_resource_availability)', async () => {
    const r = await run('round-ids');
    const f = r.failures.find((x) => x.check === 'ensure_resource_availability');
    expect(f, listed(r)).toBeDefined();
    expect(f!.sequence?.[0]).toMatch(/^curl -i -X POST .*\/api\/v1\/mdm\/groups /);
    expect(f!.sequence?.length).toBeGreaterThan(1);
  });

  it('a 500 on one value of a query parameter: not_a_server_error, with the request that reaches it', async () => {
    const r = await run('500-on-include-memberdetails');
    const f = r.failures.find((x) => x.check === 'not_a_server_error');
    expect(f, listed(r)).toBeDefined();
    expect(f!.curl).toMatch(/include=memberdetails/);
    // One defect, reported once: the 500 does not also fail the status, content type or schema checks.
    expect(r.failures.filter((x) => x.status === 500 && x.check !== 'not_a_server_error')).toEqual([]);
  });

  it('nothing broken: no failure, every operation covered', async () => {
    const r = await run('');
    expect(listed(r)).toBe('');
    expect(r.uncovered).toEqual([]);
  });
});
