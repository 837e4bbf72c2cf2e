/**
 * The validating proxy: a Kazoo client session through it, in front of our own mock, is journalled
 * with no violation and reported as passing testcases (and the bytes come back as the mock sent
 * them); in front of a deliberately broken Plaspy each breakage — and each bad request — is a
 * violation and a JUnit failure; an upstream that is down is a journalled 502. The command itself
 * (a child process: its report on SIGTERM, exit 2 for bad flags) is in proxy-command.system.test.ts.
 */
import { request as httpRequest, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/engine/app.js';
import type { JournalEntry } from '../../src/engine/qa/journal/entry.js';
import { createProxy, type Proxy } from '../../src/contract/proxy/server.js';
import { endToEnd, parseUpstream, targetUrl } from '../../src/contract/proxy/upstream.js';
import { HANG_GUARD_MS } from '../hang-guard.js';
import { moduleNamed, testServer } from '../helpers.js';
import { DEMO, md5 } from '../kazoo/kazoo-client.js';

const servers: Server[] = [];
const proxies: Proxy[] = [];

async function serveApp(app: Express): Promise<string> {
  const http = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(http);
  return `http://127.0.0.1:${(http.address() as { port: number }).port}`;
}

async function startProxy(api: string, upstream: string, strict = false): Promise<{ base: string; proxy: Proxy }> {
  // The upstream is in this process: its answer may be slow on a loaded machine, never missing.
  const proxy = createProxy({
    module: moduleNamed(api),
    upstream: parseUpstream(upstream),
    timeoutMs: HANG_GUARD_MS,
    strict,
  });
  proxies.push(proxy);
  return { base: await serveApp(proxy.app), proxy };
}

let mockRoot: string;
beforeAll(async () => {
  const http = await listen(testServer({ apis: [moduleNamed('kazoo')] }), 0, '127.0.0.1');
  servers.push(http);
  mockRoot = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => {
  proxies.forEach((p) => p.close());
  servers.forEach((s) => {
    s.closeAllConnections();
    s.close();
  });
});

const journal = async (base: string): Promise<JournalEntry[]> =>
  ((await (await fetch(`${base}/__admin/requests`)).json()) as { requests: JournalEntry[] }).requests;

describe('proxy in front of our own mock', () => {
  it('a Kazoo session (login, create, get, list, delete) is journalled without violations and passes in JUnit', async () => {
    const { base } = await startProxy('kazoo', `${mockRoot}/kazoo`);
    const ns = { 'X-Mock-Namespace': 'proxy-1' };
    const json = { ...ns, 'Content-Type': 'application/json' };
    const login = await fetch(`${base}/kazoo/v2/user_auth`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ data: { credentials: md5('demo-admin:demo-password'), account_name: 'demo' } }),
    });
    expect(login.status).toBe(201);
    const token = ((await login.json()) as { auth_token: string }).auth_token;
    const auth = { ...json, 'X-Auth-Token': token };
    const groups = `${base}/kazoo/v2/accounts/${DEMO}/groups`;
    const created = await fetch(groups, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ data: { name: 'Night shift', endpoints: {} } }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const got = await fetch(`${groups}/${id}`, { headers: auth });
    expect(got.status).toBe(200);
    // The body is the mock's, byte for byte: the same read straight from the mock has the same data.
    const viaProxy = (await got.json()) as { data: unknown };
    const direct = (await (
      await fetch(`${mockRoot}/kazoo/v2/accounts/${DEMO}/groups/${id}`, { headers: auth })
    ).json()) as { data: unknown };
    expect(viaProxy.data).toEqual(direct.data);
    expect(got.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const listed = await fetch(groups, { headers: auth });
    expect(((await listed.json()) as { data: Array<{ name: string }> }).data.map((g) => g.name)).toContain(
      'Night shift',
    );
    const head = await fetch(`${groups}/${id}`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(got.headers.get('content-length'));
    expect((await fetch(`${groups}/${id}`, { method: 'DELETE', headers: auth })).status).toBe(200);

    const entries = await journal(base);
    expect(entries.map((e) => `${e.operationId} ${e.response?.status}`)).toEqual([
      'createUserAuth 201',
      'createGroup 201',
      'getGroup 200',
      'listGroups 200',
      'getGroup 200',
      'deleteGroup 200',
    ]);
    expect(entries[4]!.method).toBe('HEAD');
    expect(entries.map((e) => [...e.validation.request.issues, ...e.validation.response.issues])).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(
      entries.every((e) => e.validation.request.checked && e.validation.response.checked && e.namespace === 'proxy-1'),
    ).toBe(true);
    // The proxy's journal is one session: a call naming no namespace covers every exchange; one that names a namespace, that one.
    expect(
      ((await (await fetch(`${base}/__admin/requests?namespace=default`)).json()) as { total: number }).total,
    ).toBe(0);
    expect(((await (await fetch(`${base}/__admin/requests`, { headers: ns })).json()) as { total: number }).total).toBe(
      6,
    );
    const junit = await (await fetch(`${base}/__admin/report`)).text();
    expect(junit).toContain('tests="6" failures="0"');
    expect((await (await fetch(`${base}/__admin/requests/violations`)).json()).count).toBe(0);
    // The HAR export works as on the mock, credentials masked.
    const har = await (await fetch(`${base}/__admin/requests?format=har`)).text();
    expect(JSON.parse(har).log.entries).toHaveLength(6);
    expect(har).not.toContain(token);
    expect(har).not.toContain(md5('demo-admin:demo-password'));
  });

  it('a query parameter the spec does not know is forwarded as sent and journalled as a warning, not a violation', async () => {
    const { base } = await startProxy('kazoo', `${mockRoot}/kazoo`);
    const headers = { 'Content-Type': 'application/json', 'X-Mock-Namespace': 'proxy-warn' };
    const login = await fetch(`${base}/kazoo/v2/user_auth?_=1718000000000`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ data: { credentials: md5('demo-admin:demo-password'), account_name: 'demo' } }),
    });
    expect(login.status).toBe(201);
    const [entry] = await journal(base);
    expect(entry!.url).toBe('/kazoo/v2/user_auth?_=1718000000000');
    expect(entry!.validation.request).toMatchObject({ checked: true, valid: true, issues: [] });
    expect(entry!.validation.warnings).toEqual([
      expect.objectContaining({ in: 'query', path: ['_'], keyword: 'unknownParameter' }),
    ]);
    expect(await (await fetch(`${base}/__admin/requests/violations`)).json()).toMatchObject({
      count: 0,
      warningCount: 1,
    });
    // The upstream got it too: the proxy forwards the URL as sent, not the one its check looked at.
    const upstream = (await (await fetch(`${mockRoot}/__admin/requests?namespace=proxy-warn`)).json()) as {
      requests: JournalEntry[];
    };
    expect(upstream.requests.map((e) => e.url)).toEqual(['/kazoo/v2/user_auth?_=1718000000000']);
  });

  it('a client that takes the proxy for its HTTP proxy (absolute-form targets, RFC 9112 §3.2.2) is checked and forwarded as the origin form', async () => {
    const { base } = await startProxy('kazoo', `${mockRoot}/kazoo`);
    const target = `${base}/kazoo/v2/accounts/${DEMO}/groups?page_size=1`;
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(base);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'GET',
          path: target,
          headers: { 'X-Mock-Namespace': 'proxy-absolute' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(401);
    const [entry] = await journal(base);
    expect(entry).toMatchObject({
      operationId: 'listGroups',
      url: `/kazoo/v2/accounts/${DEMO}/groups?page_size=1`,
      response: { status: 401 },
    });
    // Checked as the operation it names: the one thing wrong is the credential it left out.
    expect(entry!.validation.request.issues.map((i) => i.in)).toEqual(['security']);
    const upstream = (await (await fetch(`${mockRoot}/__admin/requests?namespace=proxy-absolute`)).json()) as {
      requests: JournalEntry[];
    };
    expect(upstream.requests.map((e) => e.url)).toEqual([`/kazoo/v2/accounts/${DEMO}/groups?page_size=1`]);
  });

  it('a Kazoo body not sent as JSON is a warning, as on the mock; --strict makes it and an unknown query parameter violations', async () => {
    const login = (base: string, ns: string) =>
      fetch(`${base}/kazoo/v2/user_auth?_=1`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Mock-Namespace': ns },
        body: JSON.stringify({ data: { credentials: md5('demo-admin:demo-password'), account_name: 'demo' } }),
      });
    const lenient = await startProxy('kazoo', `${mockRoot}/kazoo`);
    expect((await login(lenient.base, 'proxy-form')).status).toBe(201);
    const [warned] = await journal(lenient.base);
    expect(warned!.validation.request.issues).toEqual([]);
    expect(warned!.validation.warnings!.map((w) => `${w.in}.${w.path.join('.')} ${w.keyword}`)).toEqual([
      'header.content-type mediaType',
      'query._ unknownParameter',
    ]);

    const strict = await startProxy('kazoo', `${mockRoot}/kazoo`, true);
    expect((await login(strict.base, 'proxy-form-strict')).status).toBe(201); // the upstream (a lenient mock) still takes it
    const [broken] = await journal(strict.base);
    expect(broken!.validation.request.issues.map((i) => `${i.in}.${i.path.join('.')}: ${i.message}`)).toEqual([
      'header.content-type: content type "application/x-www-form-urlencoded" is not one the operation takes',
      "query._: Unknown query parameter '_'",
    ]);
    expect(broken!.validation.warnings ?? []).toEqual([]);
    expect((await (await fetch(`${strict.base}/__admin/requests/violations`)).json()).count).toBe(1);
  });

  it("a gzip'd body is forwarded as sent and checked decoded", async () => {
    const { base } = await startProxy('kazoo', `${mockRoot}/kazoo`);
    const headers = {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      'X-Mock-Namespace': 'proxy-gzip',
    };
    const login = await fetch(`${base}/kazoo/v2/user_auth`, {
      method: 'PUT',
      headers,
      body: gzipSync(JSON.stringify({ data: { credentials: md5('demo-admin:demo-password'), account_name: 'demo' } })),
    });
    expect(login.status).toBe(201);
    const bad = await fetch(`${base}/kazoo/v2/user_auth`, {
      method: 'PUT',
      headers,
      body: gzipSync(JSON.stringify({ data: 1 })),
    });
    expect(bad.status).toBe(400);
    const [ok, invalid] = await journal(base);
    expect(ok!.validation.request).toMatchObject({ checked: true, valid: true });
    expect(ok!.body).toMatchObject({ data: { account_name: 'demo' } });
    expect(invalid!.validation.request.issues.map((i) => `${[i.in, ...i.path].join('.')} ${i.keyword}`)).toEqual([
      'body.data type',
    ]);
  });

  it('an unknown route and a bad body are violations, and still forwarded', async () => {
    const { base } = await startProxy('kazoo', `${mockRoot}/kazoo/`);
    expect((await fetch(`${base}/kazoo/v2/nothing-here`)).status).toBe(404);
    const bad = await fetch(`${base}/kazoo/v2/accounts/${DEMO}/groups`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { name: 5 } }),
    });
    expect(bad.status).toBe(401); // the mock's answer (no credentials), not the proxy's
    // Named on the answer itself, as Prism's sl-violations does; a clean exchange has no such header.
    expect(bad.headers.get('x-groups-mock-violations')).toMatch(/^request: .*body\.data\.name: must be string/);
    const [unknown, invalid] = await journal(base);
    expect(unknown!.operationId).toBeNull();
    expect(unknown!.validation.request.issues.map((i) => i.keyword)).toEqual(['unknownPath']);
    expect(invalid!.validation.request.issues.map((i) => `${[i.in, ...i.path].join('.')} ${i.keyword}`)).toEqual(
      expect.arrayContaining(['body.data.name type', 'security security']),
    );
    expect(invalid!.validation.response.issues).toEqual([]);
    expect(await (await fetch(`${base}/__admin/report`)).text()).toContain('tests="2" failures="2"');
    const clean = await fetch(`${base}/kazoo/v2/accounts/${DEMO}/groups`, { headers: { 'X-Auth-Token': 'x' } });
    expect(clean.status).toBe(401);
    expect(clean.headers.get('x-groups-mock-violations')).toBeNull();
  });
});

describe('proxy: a body that is not JSON', () => {
  it('is reported by position, never quoted: the journal, the violations, the JUnit report and the exchange the CLI prints hold no part of it', async () => {
    const upstream = express();
    upstream.post(
      '/api/Auth/Token',
      (_req, res) => void res.status(401).json({ success: false, error: 'Invalid API key or username.' }),
    );
    const seen: JournalEntry[] = [];
    const proxy = createProxy({
      module: moduleNamed('plaspy'),
      upstream: parseUpstream(await serveApp(upstream)),
      timeoutMs: HANG_GUARD_MS,
      onExchange: (e) => seen.push(e),
    });
    proxies.push(proxy);
    const base = await serveApp(proxy.app);
    const res = await fetch(`${base}/plaspy/api/Auth/Token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"userName":"demo@plaspy.test","apiKey":sup3rs3cr3t}',
    });
    expect(res.status).toBe(401);
    const [entry] = await journal(base);
    expect(entry!.validation.request.issues.map((i) => i.message)).toEqual([
      'is not valid JSON: unexpected character at position 40',
    ]);
    const everything = [
      JSON.stringify(await journal(base)),
      await (await fetch(`${base}/__admin/requests/violations`)).text(),
      await (await fetch(`${base}/__admin/requests/violations?format=junit`)).text(),
      await (await fetch(`${base}/__admin/report`)).text(),
      JSON.stringify(seen),
    ].join('\n');
    expect(everything).not.toMatch(/sup3r|s3cr3/);
  });
});

describe('proxy in front of a broken server', () => {
  it('records each breakage as a violation and a JUnit failure', async () => {
    const { contractApi } = await import('../../src/contract/api-spec.js');
    const plaspy = contractApi(moduleNamed('plaspy'));
    const example = (op: string, status: string) =>
      Object.values(plaspy.spec.byId.get(op)!.responses.get(status)!.examples)[0];
    const app = express();
    app.get('/api/groups', (_req, res) => res.json({ ...(example('listGroups', '200') as object), apiUsage: 'lots' }));
    app.get('/api/groups/:id', (_req, res) => res.json(example('getGroup', '200')));
    app.put('/api/groups/:id', (_req, res) => res.type('text/plain').send('ok'));
    app.patch('/api/groups/:id', (_req, res) => res.status(299).json({}));
    app.delete('/api/groups/:id', (_req, res) => res.status(500).json({ error: 'boom' }));
    const { base, proxy } = await startProxy('plaspy', await serveApp(app));
    const auth = { Authorization: 'Bearer t0ken-for-the-test', 'Content-Type': 'application/json' };
    const list = await fetch(`${base}/plaspy/api/groups`, { headers: auth });
    expect(await list.json()).toMatchObject({ apiUsage: 'lots' }); // passed on unchanged
    expect((await fetch(`${base}/plaspy/api/groups/1`, { headers: auth })).status).toBe(200);
    const put = await fetch(`${base}/plaspy/api/groups/1`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ name: 'A' }),
    });
    expect(await put.text()).toBe('ok');
    expect(
      (
        await fetch(`${base}/plaspy/api/groups/1`, {
          method: 'PATCH',
          headers: auth,
          body: JSON.stringify([{ op: 'replace', path: '/name', value: 'B' }]),
        })
      ).status,
    ).toBe(299);
    expect((await fetch(`${base}/plaspy/api/groups/1`, { method: 'DELETE', headers: auth })).status).toBe(500);
    expect((await fetch(`${base}/plaspy/api/groups/1`)).status).toBe(200); // no credentials, and the server does not care

    const entries = await journal(base);
    const response = (i: number) => entries[i]!.validation.response.issues.map((x) => x.keyword);
    expect(response(0)).toEqual(['response_schema_conformance']);
    expect(entries[0]!.validation.response.issues[0]!.message).toMatch(/apiUsage/);
    expect(response(1)).toEqual([]);
    expect(response(2)).toEqual(['content_type_conformance']);
    expect(response(3)).toEqual(['status_code_conformance']);
    expect(response(4)).toEqual(expect.arrayContaining(['not_a_server_error']));
    expect(entries[5]!.validation.request.issues.map((x) => x.keyword)).toEqual(['security']);
    const junit = await (await fetch(`${base}/__admin/report`)).text();
    expect(junit).toContain('tests="6" failures="5"');
    // A passing testcase, timed.
    const time =
      /<testcase classname="plaspy.getGroup" name="#2 GET \/plaspy\/api\/groups\/1 \(getGroup\) → 200" time="([\d.]+)"\/>/.exec(
        junit,
      );
    expect(Number(time?.[1])).toBeGreaterThan(0);
    expect(junit).toMatch(
      /<failure type="response" message="response 299: response status 299 is not documented for patchGroup/,
    );
    expect(junit).not.toContain('t0ken-for-the-test');
    const violations = await (await fetch(`${base}/__admin/requests/violations?format=junit`)).text();
    expect(violations).toContain('failures="5"');
    expect(proxy.counts).toEqual({ exchanges: 6, violations: 5 });
  });

  it('an upstream that is down gets a journalled 502 with a JSON body, never a crash', async () => {
    const dead = await serveApp(express());
    const s = servers.pop()!;
    await new Promise((r) => s.close(r));
    const { base } = await startProxy('kazoo', `${dead}/kazoo`);
    const res = await fetch(`${base}/kazoo/v2/accounts/${DEMO}/groups`, {
      headers: { 'X-Auth-Token': 'whatever-token' },
    });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({
      error: 'upstream unreachable',
      upstream: `${dead}/kazoo`,
      detail: expect.stringMatching(/ECONNREFUSED/),
    });
    const [entry] = await journal(base);
    expect(entry!.response!.status).toBe(502);
    expect(entry!.validation.response.issues.map((i) => i.keyword)).toEqual(['upstream_unreachable']);
    // The proxy still answers.
    expect((await fetch(`${base}/__admin/health`)).status).toBe(200);
    // Its admin API is guarded as the mock's: not for another Host (DNS rebinding).
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const r = request(`${base}/__admin/requests`, { headers: { Host: 'evil.example' } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      r.on('error', reject);
      r.end();
    });
    expect(status).toBe(403);
  });
});

describe('a slow upstream', () => {
  it('past the timeout the client gets a journalled 504', async () => {
    const app = express();
    app.get('/api/groups', (_req, res) => void setTimeout(() => res.json({}), 1000));
    const proxy = createProxy({
      module: moduleNamed('plaspy'),
      upstream: parseUpstream(await serveApp(app)),
      timeoutMs: 100,
    });
    proxies.push(proxy);
    const base = await serveApp(proxy.app);
    const res = await fetch(`${base}/plaspy/api/groups`, { headers: { Authorization: 'Bearer abcdef' } });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: 'upstream timed out', detail: 'no answer within 100 ms' });
    const [entry] = await journal(base);
    expect(entry!.validation.response.issues.map((i) => i.keyword)).toEqual(['upstream_timeout']);
  });
});

describe('compressed answers', () => {
  it('are passed on byte for byte and checked decoded; an encoding the proxy cannot read is not held against the body', async () => {
    const { contractApi } = await import('../../src/contract/api-spec.js');
    const plaspy = contractApi(moduleNamed('plaspy'));
    const good = JSON.stringify(Object.values(plaspy.spec.byId.get('getGroup')!.responses.get('200')!.examples)[0]);
    const zipped = gzipSync(good);
    const app = express();
    app.get('/api/groups/1', (_req, res) =>
      res.set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).send(zipped),
    );
    app.get('/api/groups/2', (_req, res) =>
      res.set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).send(gzipSync('{"wrong":true}')),
    );
    app.get('/api/groups/3', (_req, res) =>
      res.set({ 'Content-Type': 'application/json', 'Content-Encoding': 'zstd' }).send(Buffer.from('not really zstd')),
    );
    const { base } = await startProxy('plaspy', await serveApp(app));
    const { request } = await import('node:http');
    const raw = (path: string) =>
      new Promise<Buffer>((resolve, reject) => {
        const r = request(`${base}${path}`, { headers: { Authorization: 'Bearer abcdef' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        });
        r.on('error', reject);
        r.end();
      });
    expect((await raw('/plaspy/api/groups/1')).equals(zipped)).toBe(true);
    await raw('/plaspy/api/groups/2');
    await raw('/plaspy/api/groups/3');
    const entries = await journal(base);
    expect(entries.map((e) => e.validation.response.issues.map((i) => i.keyword))).toEqual([
      [],
      ['response_schema_conformance'],
      [],
    ]);
    expect(entries[0]!.response!.body).toEqual(JSON.parse(good));
  });
});

describe('upstream URLs', () => {
  it('keeps the path prefix, with one slash before the vendor path and the query as sent', () => {
    expect(targetUrl(parseUpstream('http://127.0.0.1:4010/kazoo/'), '/v2/user_auth?a=1&a=2').href).toBe(
      'http://127.0.0.1:4010/kazoo/v2/user_auth?a=1&a=2',
    );
    expect(targetUrl(parseUpstream('https://api.plaspy.com'), '/api/groups').href).toBe(
      'https://api.plaspy.com/api/groups',
    );
    expect(() => parseUpstream('ftp://x')).toThrow(/http\(s\) URL/);
    expect(() => parseUpstream('http://x/a?b=1')).toThrow(/no query/);
    expect(() => parseUpstream('http://u:p@x/')).toThrow(/no user/);
  });

  it('drops hop-by-hop headers and those Connection names', () => {
    expect(
      endToEnd(
        [
          'Host',
          'h',
          'Connection',
          'keep-alive, X-Hop',
          'X-Hop',
          '1',
          'Transfer-Encoding',
          'chunked',
          'X-Auth-Token',
          't',
          'Set-Cookie',
          'a',
          'Set-Cookie',
          'b',
        ],
        ['host'],
      ),
    ).toEqual(['X-Auth-Token', 't', 'Set-Cookie', 'a', 'Set-Cookie', 'b']);
  });
});
