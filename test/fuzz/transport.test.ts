/**
 * The fuzz suite's transport half (issue 21, item 7): requests Node's HTTP parser refuses before
 * Express sees them — a request line and headers over 16 KB, a method the parser does not know,
 * CONNECT, a bad request line, a bad header, a doubled Content-Length, a broken chunk, bytes that are
 * no HTTP at all — over every prefix (each API, the admin plane, an unknown one, absolute form),
 * written in one piece or in several, through a real socket. Every one gets an answer, never
 * silence: under an API's prefix the status and body that API's spec documents for it
 * (`x-mock-responses`), valid against its schema; under `/__admin` the admin envelope; elsewhere
 * plain JSON. No answer quotes the request (a secret in it never comes back), and the server
 * answers normally afterwards. The proxy answers them too, in its own JSON.
 */
import { connect } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { createProxy } from '../../src/contract/proxy/server.js';
import { parseUpstream } from '../../src/contract/proxy/upstream.js';
import { answerClientErrors, listen, type MockServer } from '../../src/engine/app.js';
import type { LoadedApi } from '../../src/engine/spec/compiled.js';
import { moduleNamed, testServer } from '../helpers.js';

const RUNS = 200;
const SEED = 20261221;
const SECRET = 'sup3rs3cr3t-transport';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole answer, as bytes read. */
  text: string;
}

/** Writes `pieces` to a new connection (a pause between them) and reads until the server closes it. */
function exchange(port: number, pieces: string[]): Promise<RawAnswer | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    const done = () => {
      socket.destroy();
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return resolve(undefined);
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({
        status: Number(statusLine!.split(' ')[1]),
        headers,
        body: Buffer.from(text.slice(split + 4), 'latin1').toString('utf8'),
        text,
      });
    };
    socket.on('end', done);
    // A reset after the answer (the rest of a huge header unread) still leaves the answer read.
    socket.on('error', done);
    socket.on('connect', async () => {
      for (const [i, piece] of pieces.entries()) {
        if (i) await new Promise((r) => setTimeout(r, 5));
        if (socket.destroyed) return;
        socket.write(piece, 'latin1');
      }
    });
  });
}

/** A request as the fuzzer builds it, and what it must get. */
interface Case {
  label: string;
  bytes: string;
  /** `vendor`: the engine response of this kind of the API named; else the admin or plain answer. */
  expect: { kind: 'headersTooLarge' | 'malformedRequest' | 'method'; method?: string; rest?: string };
}

const vendors = allApis.map((a) => a.name);
/** A path under an API: one of its path templates with values filled in, or no path of its spec. */
const vendorPath = (server: MockServer) =>
  fc
    .tuple(fc.constantFrom(...vendors), fc.nat(), fc.constantFrom('', '?a=1', `?auth_token=${SECRET}`))
    .map(([name, i, query]) => {
      const ops = server.apis.get(name)!.spec.operations;
      const rest = i % 5 === 0 ? '/no/such/path' : ops[i % ops.length]!.pathTemplate.replace(/\{[^}]+\}/g, 'x1');
      return { where: 'vendor' as const, name, prefix: i % 7 === 0 ? name.toUpperCase() : name, rest, query };
    });
const otherPath = fc.constantFrom(
  { where: 'admin' as const, name: '', prefix: '__admin', rest: '/health', query: '' },
  { where: 'admin' as const, name: '', prefix: '__admin', rest: '/faults', query: '?namespace=x' },
  { where: 'plain' as const, name: '', prefix: 'nothing', rest: '/here', query: '' },
  { where: 'plain' as const, name: '', prefix: '', rest: '', query: '' },
);

const UNKNOWN_METHODS = ['FOO', 'BREW', 'get', 'Post', 'X-CUSTOM', 'PROPFIND2', 'A'];
const BAD_HEADER_LINES = ['Bad Header: 1', 'X(y): 1', '\u0001X: 1', `X-Sec ret: ${SECRET}`];

function caseArb(server: MockServer, port: number) {
  return fc
    .record({
      at: fc.oneof({ weight: 5, arbitrary: vendorPath(server) }, { weight: 2, arbitrary: otherPath }),
      absolute: fc.boolean(),
      kind: fc.constantFrom(
        'bigHeader',
        'longUrl',
        'badMethod',
        'connect',
        'badVersion',
        'badHeader',
        'twoLengths',
        'badChunk',
      ),
      size: fc.integer({ min: 17_000, max: 120_000 }),
      method: fc.constantFrom(...UNKNOWN_METHODS),
      badHeader: fc.constantFrom(...BAD_HEADER_LINES),
      version: fc.constantFrom('HTTP/1.1 extra', 'HTTP/9.9', 'HTTX/1.1', 'HTTP/1.1\u0000'),
    })
    .map(({ at, absolute, kind, size, method, badHeader, version }): Case => {
      const path = `${at.prefix ? `/${at.prefix}` : ''}${at.rest}` || '/';
      const target = `${absolute ? `http://127.0.0.1:${port}` : ''}${path}${at.query}`;
      const host = 'Host: 127.0.0.1\r\n';
      const where = { rest: at.rest || '/' };
      const c = (bytes: string, expect: Case['expect']): Case => ({
        label: `${kind} ${JSON.stringify(bytes.slice(0, 90))}…`,
        bytes,
        expect: { ...where, ...expect },
      });
      switch (kind) {
        case 'bigHeader':
          return c(`GET ${target} HTTP/1.1\r\n${host}X-Big: ${SECRET}${'a'.repeat(size)}\r\n\r\n`, {
            kind: 'headersTooLarge',
          });
        case 'longUrl':
          return c(
            `GET ${target}${target.includes('?') ? '&' : '?'}q=${SECRET}${'b'.repeat(size)} HTTP/1.1\r\n${host}\r\n`,
            { kind: 'headersTooLarge' },
          );
        case 'badMethod':
          return c(`${method} ${target} HTTP/1.1\r\n${host}X-Secret: ${SECRET}\r\n\r\n`, { kind: 'method', method });
        case 'connect':
          return c(`CONNECT ${target} HTTP/1.1\r\n${host}X-Secret: ${SECRET}\r\n\r\n`, {
            kind: 'method',
            method: 'CONNECT',
          });
        case 'badVersion':
          return c(`GET ${target} ${version}\r\n${host}X-Secret: ${SECRET}\r\n\r\n`, { kind: 'malformedRequest' });
        case 'badHeader':
          return c(`GET ${target} HTTP/1.1\r\n${host}${badHeader}\r\nX-Secret: ${SECRET}\r\n\r\n`, {
            kind: 'malformedRequest',
          });
        case 'twoLengths':
          return c(
            `POST ${target} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
            { kind: 'malformedRequest' },
          );
        default:
          return c(
            `POST ${target} HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz${SECRET}\r\n{}\r\n0\r\n\r\n`,
            { kind: 'malformedRequest' },
          );
      }
    })
    .chain((c) => fc.constantFrom(1, 1, 1, 3).map((pieces) => ({ ...c, pieces })));
}

/** What a case must get from the mock, by the prefix its request line names. */
function check(server: MockServer, c: Case & { pieces: number }, answer: RawAnswer | undefined): string[] {
  if (!answer) return [`no answer to ${c.label}`];
  const label = (p: string) => `${c.label} (${c.pieces} piece(s)): ${p}`;
  const problems: string[] = [];
  if (!/^application\/json/.test(answer.headers['content-type'] ?? ''))
    problems.push(`not JSON: ${answer.headers['content-type']}`);
  if (answer.text.includes(SECRET)) problems.push('the answer quotes the request');
  let body: any;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [...problems, `unparseable body ${answer.body.slice(0, 200)}`].map(label);
  }
  const line = c.bytes.slice(0, c.bytes.indexOf('\r\n'));
  const target = line.split(' ')[1] ?? '';
  const path = target.replace(/^http:\/\/[^/]+/, '').split('?')[0]!;
  const segment = path.split('/')[1]?.toLowerCase() ?? '';
  const rt = path.startsWith('/') ? server.apis.get(segment) : undefined;
  const owner = rt
    ? vendorProblems(rt, c, path.slice(segment.length + 1) || '/', answer, body)
    : /^\/__admin(\/|$)/i.test(path)
      ? adminProblems(c, answer, body)
      : plainProblems(c, answer, body);
  // Sent in pieces, the request may be refused in a later piece than its request line: Node then
  // hands over only that piece, and the answer is the plain one.
  const owned = c.pieces > 1 && owner.length && !plainProblems(c, answer, body).length ? [] : owner;
  return [...problems, ...owned].map(label);
}

function vendorProblems(rt: LoadedApi, c: Case, rest: string, answer: RawAnswer, body: unknown): string[] {
  const found = rt.spec.find(c.expect.method ?? 'GET', rest);
  const kind = c.expect.kind === 'method' ? (found.allow.length ? 'methodNotAllowed' : 'unknownPath') : c.expect.kind;
  const doc = rt.spec.engineResponses.get(kind);
  if (!doc) return [`${rt.module.name} documents no ${kind} in x-mock-responses`];
  const problems: string[] = [];
  if (answer.status !== doc.mockStatus)
    problems.push(`${rt.module.name}: status ${answer.status}, not ${kind}'s ${doc.mockStatus}`);
  const issues = rt.schemas.check(doc.schemaPointer!, body);
  if (issues.length)
    problems.push(`${rt.module.name} ${kind}: the body breaks its schema: ${JSON.stringify(issues).slice(0, 300)}`);
  if (kind === 'methodNotAllowed' && answer.headers.allow !== found.allow.join(', '))
    problems.push(`Allow: ${answer.headers.allow}, not ${found.allow.join(', ')}`);
  return problems;
}

function adminProblems(c: Case, answer: RawAnswer, body: any): string[] {
  const problems: string[] = [];
  if (typeof body.error !== 'string' || !Array.isArray(body.problems))
    problems.push(`not the admin envelope: ${JSON.stringify(body).slice(0, 200)}`);
  const status = c.expect.kind === 'headersTooLarge' ? 431 : c.expect.kind === 'malformedRequest' ? 400 : 404;
  if (answer.status !== status) problems.push(`admin: status ${answer.status}, not ${status}`);
  return problems;
}

function plainProblems(c: Case, answer: RawAnswer, body: any): string[] {
  const problems: string[] = [];
  if (typeof body.error !== 'string') problems.push(`no error in ${JSON.stringify(body).slice(0, 200)}`);
  // Outside every API the 404 may come before a body is read: a broken chunk then ends the connection only.
  const statuses =
    c.expect.kind === 'headersTooLarge'
      ? [431]
      : c.expect.kind === 'malformedRequest'
        ? c.label.startsWith('badChunk')
          ? [400, 404]
          : [400]
        : [404, 405];
  if (!statuses.includes(answer.status)) problems.push(`status ${answer.status}, not ${statuses.join(' or ')}`);
  return problems;
}

const piecesOf = (bytes: string, n: number): string[] => {
  if (n === 1) return [bytes];
  const size = Math.ceil(bytes.length / n);
  return Array.from({ length: n }, (_, i) => bytes.slice(i * size, (i + 1) * size)).filter(Boolean);
};

describe('transport refusals: every prefix, every kind, never silence', () => {
  let server: MockServer;
  let http: Server;
  let port: number;
  beforeAll(async () => {
    server = testServer();
    http = await listen(server, 0, '127.0.0.1');
    port = (http.address() as { port: number }).port;
  });
  afterAll(() => {
    http.closeAllConnections();
    http.close();
  });

  it(`${RUNS} seeded refusals are each answered as the prefix's owner documents`, async () => {
    const failures: string[] = [];
    const seen = new Map<number, number>();
    await fc
      .assert(
        fc.asyncProperty(caseArb(server, port), async (c) => {
          const answer = await exchange(port, piecesOf(c.bytes, c.pieces));
          if (answer) seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
          failures.push(...check(server, c, answer));
          return failures.length === 0;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      )
      .catch((err: unknown) => failures.push(String(err).slice(0, 1500)));
    expect(failures).toEqual([]);
    // Every kind of answer came up.
    for (const status of [400, 404, 405, 431])
      expect(seen.get(status), `statuses seen: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    // The server is unharmed: a normal request is answered as before.
    const health = await fetch(`http://127.0.0.1:${port}/__admin/health`);
    expect(health.status).toBe(200);
  });

  it('no HTTP at all (a TLS hello, HTTP/2 with prior knowledge, a method alone) gets plain JSON', async () => {
    for (const [bytes, status] of [
      ['\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003', 400],
      ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 505],
      ['GET\r\n\r\n', 400],
      ['CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n', 405],
    ] as const) {
      const answer = await exchange(port, [bytes]);
      expect(answer?.status, JSON.stringify(bytes)).toBe(status);
      expect(typeof JSON.parse(answer!.body).error).toBe('string');
    }
  });

  it('a refusal under an API names the engine clock and the request id as every answer of that API does', async () => {
    const answer = await exchange(port, [`FOO /kazoo/v2/accounts/x1/groups HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`]);
    expect(answer?.status).toBe(405);
    const body = JSON.parse(answer!.body);
    expect(body.timestamp).toBe(
      server.store
        .clock('default')
        .iso()
        .replace(/\.\d{3}Z$/, 'Z'),
    );
    expect(answer!.headers['x-request-id']).toBe(body.request_id);
    expect(answer!.headers.allow).toBe('GET, PUT');
  });
});

describe('the proxy answers transport refusals too, in its own JSON', () => {
  it('431, 400, an unknown method and CONNECT each get an answer', async () => {
    const proxy = createProxy({ module: moduleNamed('plaspy'), upstream: parseUpstream('http://127.0.0.1:9/plaspy') });
    const http = proxy.app.listen(0, '127.0.0.1');
    // What `groups-mock proxy` does with the server it listens on.
    answerClientErrors(http);
    await new Promise((r) => http.once('listening', r));
    const port = (http.address() as { port: number }).port;
    try {
      for (const [bytes, status] of [
        [`GET /plaspy/api/groups HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`, 431],
        ['GET /plaspy/api/groups HTTP/1.1 extra\r\nHost: x\r\n\r\n', 400],
        ['FOO /plaspy/api/groups HTTP/1.1\r\nHost: x\r\n\r\n', 405],
        ['CONNECT /plaspy/api/groups HTTP/1.1\r\nHost: x\r\n\r\n', 405],
        ['CONNECT upstream:443 HTTP/1.1\r\nHost: upstream:443\r\n\r\n', 405],
        ['GET /__admin/health HTTP/1.1 extra\r\nHost: x\r\n\r\n', 400],
      ] as const) {
        const answer = await exchange(port, [bytes]);
        expect(answer?.status, bytes.slice(0, 40)).toBe(status);
        expect(typeof JSON.parse(answer!.body).error).toBe('string');
      }
    } finally {
      proxy.close();
      http.closeAllConnections();
      http.close();
    }
  });
});
