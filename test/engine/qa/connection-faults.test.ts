/**
 * Connection faults as a client sees them: the mock on a real ephemeral port, requests from
 * node:http, and the errors an SDK would get (reset, hang up, short body, unparseable JSON).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/engine/app.js';
import { api, testServer } from '../../helpers.js';

const AUTH_BODY = JSON.stringify({ data: { credentials: '5045874ca3d884481423f1e4ccf1c21b', account_name: 'demo' } });

interface Outcome {
  error?: NodeJS.ErrnoException;
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  /** The response ended before Content-Length bytes arrived. */
  aborted?: boolean;
}

const listeners: http.Server[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => new Promise((resolve) => l.close(resolve))));
});

async function listen(server: MockServer): Promise<number> {
  const listener = http.createServer(server.app);
  listeners.push(listener);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return (listener.address() as AddressInfo).port;
}

/** One login request on a fresh connection (no keep-alive agent), and what came back. */
function login(port: number, namespace: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: '/kazoo/v2/user_auth',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'X-Mock-Namespace': namespace },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('aborted', () => resolve({ status: res.statusCode, headers: res.headers, body, aborted: true }));
        res.on('error', (error) =>
          resolve({ status: res.statusCode, headers: res.headers, body, aborted: true, error }),
        );
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, aborted: !res.complete }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    req.end(AUTH_BODY);
  });
}

async function withRule(connection: string, namespace: string) {
  const server = testServer();
  const rule = await api(server)
    .post('/__admin/faults')
    .send({ api: 'kazoo', operationId: 'createUserAuth', namespace, times: 1, action: { connection } });
  expect(rule.status).toBe(201);
  return { server, port: await listen(server) };
}

describe('connection faults, seen from a client socket', () => {
  it('reset: the connection is reset (ECONNRESET), with no response', async () => {
    const { server, port } = await withRule('reset', 'r');
    const out = await login(port, 'r');
    expect(out.status).toBeUndefined();
    expect(out.error?.code).toBe('ECONNRESET');
    expect(out.error?.message).toMatch(/^read ECONNRESET$/); // a TCP RST, not a mere close
    // the rule was used up: the next login works
    expect((await login(port, 'r')).status).toBe(201);
    const [entry] = (await api(server).get('/__admin/requests?namespace=r')).body.requests;
    expect(entry).toMatchObject({
      operationId: 'createUserAuth',
      response: null,
      faults: [{ ruleId: 'f1', action: 'connection', connection: 'reset' }],
    });
  });

  it('empty: the server closes without a byte (socket hang up)', async () => {
    const { port } = await withRule('empty', 'e');
    const out = await login(port, 'e');
    expect(out.status).toBeUndefined();
    expect(out.error?.message).toBe('socket hang up');
    expect(out.error?.code).toBe('ECONNRESET');
  });

  it('truncated: the status and headers arrive, then fewer bytes than Content-Length', async () => {
    const { port } = await withRule('truncated', 't');
    const out = await login(port, 't');
    expect(out.status).toBe(201);
    expect(out.aborted).toBe(true);
    const declared = Number(out.headers!['content-length']);
    expect(Buffer.byteLength(out.body!)).toBeGreaterThan(0);
    expect(Buffer.byteLength(out.body!)).toBeLessThan(declared);
    expect(() => JSON.parse(out.body!)).toThrow();
  });

  it('malformed: a complete response whose JSON body does not parse', async () => {
    const { server, port } = await withRule('malformed', 'm');
    const out = await login(port, 'm');
    expect(out.status).toBe(201);
    expect(out.aborted).toBe(false);
    expect(out.headers!['content-type']).toMatch(/^application\/json/);
    expect(Buffer.byteLength(out.body!)).toBe(Number(out.headers!['content-length']));
    expect(out.body!.startsWith('{"auth_token":')).toBe(true);
    expect(() => JSON.parse(out.body!)).toThrow(SyntaxError);
    // the request itself was served (a token exists); the journal has the real response
    const [entry] = (await api(server).get('/__admin/requests?namespace=m')).body.requests;
    expect(entry.response.status).toBe(201);
    expect(entry.response.body.auth_token).toBe('***');
  });

  it('a connection rule in one namespace does not touch the others', async () => {
    const { port } = await withRule('reset', 'only-here');
    expect((await login(port, 'elsewhere')).status).toBe(201);
    expect((await login(port, 'only-here')).error?.code).toBe('ECONNRESET');
  });
});
