/**
 * Test harness: a mock server with a frozen clock and a fixed seed, a supertest agent, and a check
 * that no response of ours broke its spec during the test.
 */
import request from 'supertest';
import { allApis } from '../src/apis/index.js';
import { createMockServer, type AppOptions, type MockServer } from '../src/engine/app.js';
import type { ApiModule } from '../src/engine/types.js';
import { demoCredentials, type DemoLogin, type DemoSend } from '../src/engine/kit/demo.js';
import { demoOf } from '../src/apis/index.js';

export const CLOCK_START = Date.parse('2026-03-01T09:00:00Z');

const servers: MockServer[] = [];

/** A server as the tests use it: deterministic clock and seed; every API unless told otherwise. */
export function testServer(opts: Partial<AppOptions> = {}): MockServer {
  const server = createMockServer({ apis: allApis, seed: 42, clockMode: 'fixed', clockStart: CLOCK_START, ...opts });
  servers.push(server);
  return server;
}

export function api(server: MockServer) {
  return request(server.app);
}

/** A supertest agent whose every request carries these headers (credentials, a namespace). */
export function signedAgent(server: MockServer, headers: Record<string, string>) {
  const http = api(server);
  const sign = <T extends { set(k: string, v: string): T }>(req: T): T =>
    Object.entries(headers).reduce((r, [k, v]) => r.set(k, v), req);
  return {
    get: (url: string) => sign(http.get(url)),
    post: (url: string) => sign(http.post(url)),
    put: (url: string) => sign(http.put(url)),
    patch: (url: string) => sign(http.patch(url)),
    delete: (url: string) => sign(http.delete(url)),
  };
}

/** The namespace header, when there is a namespace. */
export const withNamespace = (namespace?: string): Record<string, string> =>
  namespace ? { 'X-Mock-Namespace': namespace } : {};

/**
 * A vendor demo module's `send` over supertest: requests to `/<api><path>` of the in-process server
 * (in `namespace`, if given), answers with their text and parsed JSON.
 */
export function demoSend(server: MockServer, apiName: string, namespace?: string): DemoSend {
  return async ({ method, path, headers, body }) => {
    let req = api(server)[method.toLowerCase() as 'get'](`/${apiName}${path}`).buffer(true);
    for (const [k, v] of Object.entries({ ...headers, ...withNamespace(namespace) })) req = req.set(k, v);
    const res = await (body === undefined ? req : req.send(body));
    let json: unknown;
    try {
      json = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text: res.text, json };
  };
}

/** The API's documented login (its demo module), with the demo tenant's credentials unless told. */
export function demoLogin(
  server: MockServer,
  apiName: string,
  opts: { credentials?: Record<string, string>; namespace?: string } = {},
): Promise<DemoLogin> {
  const demo = demoOf(apiName);
  if (!demo) throw new Error(`no demo module for ${apiName}`);
  return demo.login(demoSend(server, apiName, opts.namespace), opts.credentials ?? demoCredentials(demo));
}

export function moduleNamed(name: string): ApiModule<any, any> {
  const mod = allApis.find((a) => a.name === name);
  if (!mod) throw new Error(`no api ${name}`);
  return mod;
}

/**
 * `GET /__admin/requests?format=har`, its body read as text (it is served as a download, which
 * supertest would not parse); `host` fixes the origin of the URLs in it, so two exports compare.
 */
export function harExport(server: MockServer, host?: string) {
  const req = api(server).get('/__admin/requests?format=har');
  if (host) req.set('Host', host);
  return req.buffer(true).parse((res, done) => {
    let text = '';
    res.on('data', (c: Buffer) => (text += c.toString('utf8')));
    res.on('end', () => done(null, text));
  });
}

/** Everything the admin API shows about the requests so far (journal, violations, JUnit), as text. */
export async function everything(server: MockServer): Promise<string> {
  const journal = await api(server).get('/__admin/requests');
  const violations = await api(server).get('/__admin/requests/violations');
  const junit = await api(server).get('/__admin/requests/violations?format=junit');
  return [JSON.stringify(journal.body), JSON.stringify(violations.body), junit.text].join('\n');
}

/** The servers made since the last check (test/setup.ts checks and empties it after each test). */
export function takeServers(): MockServer[] {
  return servers.splice(0);
}
