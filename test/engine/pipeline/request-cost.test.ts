/**
 * The cost of a request grows like its body, whatever the body's shape (issue 21): a 1 MB body
 * costs no more than about ten times a 100 KB one — deep, wide, one issue per value, one long
 * string, refused or answered, valid or not. A ratio of CPU time measured in this process (the
 * server and its client), the least of several interleaved runs (other work only ever adds CPU time,
 * so the least is the truest reading; a median still caught a busy moment now and then), so that it
 * holds on a loaded machine; no wall-clock limit (the absolute figures are `npm run bench`'s, part `bodies`).
 * Before the fix, one issue per value was quadratic: 10× the body cost hundreds of times more.
 */
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type MockServer } from '../../../src/engine/app.js';
import { LOGINS } from '../../fuzz/logins.js';
import { testServer } from '../../helpers.js';
import { DEMO as KAZOO_ACCOUNT } from '../../apis/kazoo/kazoo-client.js';

const SMALL = 100_000;
const LARGE = 1_000_000;
const RUNS = 5;
/** "About ten times": the bodies are ten times apart; a quadratic cost would be a hundred. */
const MAX_RATIO = 13;

/** `unit` repeated to about `size` characters, as JSON array items. */
const items = (unit: string, size: number) =>
  Array.from({ length: Math.max(1, Math.floor(size / (unit.length + 1))) }, () => unit).join(',');

interface Shape {
  name: string;
  api: string;
  method: string;
  path: string;
  body(size: number): string;
  /** The statuses it may answer (never a 5xx). */
  status: number[];
  /** Sent with the API's demo credentials (a fresh namespace per request when it creates). */
  authenticated: boolean;
  fresh?: boolean;
}

const SHAPES: Shape[] = [
  {
    name: 'one issue per value, refused by authentication (ThingSpace create)',
    api: 'thingspace',
    method: 'POST',
    path: '/thingspace/api/m2m/v1/groups',
    body: (n) =>
      `{"accountName":"0000123456-00001","groupName":"g","groupDescription":"d","devicesToAdd":[${items('0', n)}]}`,
    status: [401],
    authenticated: false,
  },
  {
    name: 'one issue per value, answered with its issues (MDM create)',
    api: 'mdm',
    method: 'POST',
    path: '/mdm/api/v1/mdm/groups',
    body: (n) => `{"name":"g","group_type":6,"member_ids":[${items('0', n)}]}`,
    status: [400],
    authenticated: true,
  },
  {
    name: 'deep: values nested 200 levels (Kazoo create)',
    api: 'kazoo',
    method: 'PUT',
    path: `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups`,
    body: (n) => `{"data":{"name":"g","endpoints":{},"flags":[${items(`${'['.repeat(200)}0${']'.repeat(200)}`, n)}]}}`,
    status: [400],
    authenticated: true,
  },
  {
    name: 'wide: a key per value (Kazoo create, endpoints)',
    api: 'kazoo',
    method: 'PUT',
    path: `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups`,
    body: (n) => {
      const keys: string[] = [];
      for (let size = 0, i = 0; size < n - 40; i++) size += keys[keys.push(`"e${i}":0`) - 1]!.length + 1;
      return `{"data":{"name":"g","endpoints":{${keys.join(',')}}}}`;
    },
    status: [400],
    authenticated: true,
  },
  {
    name: 'one long string (Kazoo create, name)',
    api: 'kazoo',
    method: 'PUT',
    path: `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups`,
    body: (n) => JSON.stringify({ data: { name: 'n'.repeat(n - 40), endpoints: {} } }),
    status: [400],
    authenticated: true,
  },
  {
    name: 'valid: a created group that big (Kazoo create, flags)',
    api: 'kazoo',
    method: 'PUT',
    path: `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups`,
    body: (n) => `{"data":{"name":"g","endpoints":{},"flags":[${items('"flag"', n)}]}}`,
    status: [201],
    authenticated: true,
    fresh: true,
  },
];

function send(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('request cost: linear in the body, whatever its shape', () => {
  let server: MockServer;
  let port: number;
  let close: () => void;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    server = testServer({ journalSize: 1 });
    const http = await listen(server, 0, '127.0.0.1');
    port = (http.address() as AddressInfo).port;
    close = () => http.close();
  });
  afterAll(() => {
    agent.destroy();
    close();
  });

  it.each(SHAPES.map((s) => [s.name, s] as const))('%s: 1 MB costs at most about 10× 100 KB', async (_name, shape) => {
    const bodies = { small: Buffer.from(shape.body(SMALL)), large: Buffer.from(shape.body(LARGE)) };
    expect(bodies.small.length).toBeGreaterThan(SMALL * 0.9);
    expect(bodies.large.length).toBeGreaterThan(LARGE * 0.9);
    expect(bodies.large.length).toBeLessThanOrEqual(1024 * 1024);
    let namespaces = 0;
    /** CPU microseconds of one request (the login of a fresh namespace is not counted). */
    const cost = async (body: Buffer) => {
      const namespace = shape.fresh ? `cost-${shape.api}-${namespaces++}` : `cost-${shape.api}`;
      const headers = {
        'X-Mock-Namespace': namespace,
        ...(shape.authenticated ? (await LOGINS[shape.api]!(server, namespace)).headers : {}),
      };
      const before = process.cpuUsage();
      const res = await send(port, agent, shape.method, shape.path, headers, body);
      const used = process.cpuUsage(before);
      expect(shape.status, `${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
      if (shape.fresh) server.store.reset(shape.api, namespace);
      return used.user + used.system;
    };
    // Warm: compiled validators, JIT; then interleaved, so that a busy moment hits both sizes alike.
    await cost(bodies.small);
    await cost(bodies.large);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      small.push(await cost(bodies.small));
      large.push(await cost(bodies.large));
    }
    const ratio = Math.min(...large) / Math.min(...small);
    expect(
      ratio,
      `least CPU ${(Math.min(...small) / 1000).toFixed(1)} ms for 100 KB, ${(Math.min(...large) / 1000).toFixed(1)} ms for 1 MB`,
    ).toBeLessThanOrEqual(MAX_RATIO);
  });
});
