/**
 * The project's own fuzz suite (issue 14): seeded fast-check runs over every operation of every
 * registered API — hostile path parameters, query keys and values (prototype names, brackets,
 * repeats), headers (content types, charsets, encodings, namespaces), bodies (random JSON, the
 * spec's examples mutated, invalid text, deep nesting, prototype keys), with and without valid
 * credentials — through a real socket. Every answer must be a non-5xx JSON body in the vendor's
 * envelope (the harness fails on any response that breaks its spec); afterwards Object.prototype
 * has no new keys, a fresh namespace answers exactly as on a fresh server, and no secret the
 * logins used is anywhere in the journal.
 */
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { listen, type MockServer } from '../../src/engine/app.js';
import type { OperationDoc } from '../../src/engine/spec/spec-index.js';
import { testServer } from '../helpers.js';
import { LOGINS, type FuzzLogin } from './logins.js';
import { HANG_GUARD_MS } from '../hang-guard.js';

const RUNS_PER_API = 600;
const SEED = 20261203;

interface Reply {
  status: number;
  type: string;
  body: string;
}

function send(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A hang guard only: the answer may be slow on a loaded machine (test/hang-guard.ts).
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        agent,
        timeout: HANG_GUARD_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  '.',
  '..',
  '%',
  '%00',
  '%zz',
  '\u0000',
  '😀',
  'a'.repeat(5000),
  '0',
  '-1',
  '1e309',
  'null',
  'true',
  '[]',
  '{}',
  "'; DROP TABLE groups;--",
  '<script>',
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

/** A path segment: a value of the demo tenant (so requests get past the gates), hostile text encoded, or raw (a stray `%`). */
const segmentFrom = (known: string[]) =>
  fc.oneof(
    ...(known.length ? [{ weight: 5, arbitrary: fc.constantFrom(...known).map((s) => encodeURIComponent(s)) }] : []),
    { weight: 3, arbitrary: hostileString.map((s) => encodeURIComponent(s)) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '..%2F..', 'a%2Fb', '%2e%2e') },
  );

/** Short strings of a state: map keys first (ids usually are), then values (names, account names). */
function stateStrings(state: unknown): string[] {
  const keys = new Set<string>();
  const values = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (typeof v === 'string' && v.length > 0 && v.length <= 64) values.add(v);
    else if (v && typeof v === 'object' && depth < 8)
      for (const [k, x] of Object.entries(v)) {
        if (!Array.isArray(v) && k.length <= 64 && /\d/.test(k)) keys.add(k);
        walk(x, depth + 1);
      }
  };
  walk(state, 0);
  // Keys twice: a path parameter is more often an id than a name.
  return [...keys, ...keys, ...values].slice(0, 1000);
}

function pathFor(mount: string, op: OperationDoc, known: string[]) {
  const names = [...op.pathTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return fc.array(segmentFrom(known), { minLength: names.length, maxLength: names.length }).map((values) => {
    let i = 0;
    return `/${mount}${op.pathTemplate.replace(/\{[^}]+\}/g, () => values[i++]!)}`;
  });
}

function queryFor(op: OperationDoc) {
  const known = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const key = fc.oneof(
    ...(known.length ? [fc.constantFrom(...known)] : []),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype[x]',
      '__proto__[polluted]',
      'a[b][c]',
      'filter_x',
      'has_key',
      '_',
    ),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.oneof(
    hostileString,
    fc.integer().map(String),
    fc.constantFrom('true', '-0', '1.5', '99999999999999999999'),
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 5 })
    .map((pairs) =>
      pairs.length
        ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&')}`
        : '',
    );
}

const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);

/** Values at random places of a JSON document (the spec's example, or anything). */
function mutate(doc: unknown, edits: Array<[number, unknown]>): unknown {
  const copy = structuredClone(doc);
  for (const [pick, value] of edits) {
    const targets: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (v: unknown, depth: number) => {
      if (depth > 6 || v === null || typeof v !== 'object') return;
      for (const k of Object.keys(v)) {
        targets.push([v as Record<string, unknown>, k]);
        walk((v as Record<string, unknown>)[k], depth + 1);
      }
    };
    walk(copy, 0);
    if (!targets.length) return value;
    const [parent, k] = targets[pick % targets.length]!;
    (parent as Record<string, unknown>)[k] = value;
  }
  return copy;
}

function bodyFor(examples: unknown[]) {
  const json = fc.jsonValue({ maxDepth: 4 });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: json.map((v) => JSON.stringify(v)) },
    ...(examples.length
      ? [{ weight: 3, arbitrary: fc.constantFrom(...examples).map((ex) => JSON.stringify(ex)) }]
      : []),
    ...(examples.length
      ? [
          {
            weight: 5,
            arbitrary: fc
              .tuple(
                fc.constantFrom(...examples),
                fc.array(fc.tuple(fc.nat(), fc.oneof(json, fc.constantFrom(...HOSTILE))), { maxLength: 3 }),
              )
              .map(([ex, edits]) => JSON.stringify(mutate(ex, edits))),
          },
        ]
      : []),
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        deep(300, '[', ']'),
        `${deep(3000, '{"a":', '}').replace(/\{"a":\}+$/, '')}1${'}'.repeat(3000)}`,
        `{"data":${deep(2600, '[', ']')}}`,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"data":{"__proto__":{"polluted":1},"name":"x"}}',
        '{"name":"x","__proto__":[]}',
      ),
    },
  );
}

const headersArb = fc.record({
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    '',
  ),
  encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown'),
  namespace: fc.oneof(
    { weight: 6, arbitrary: fc.constant('fuzz') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'fuzz-2', 'a'.repeat(80), 'bad name', '') },
  ),
  accept: fc.constantFrom(undefined, 'application/json', 'text/html', '*/*', 'application/xml'),
  extra: fc.array(
    fc.tuple(
      fc.constantFrom(
        'X-Auth-Token',
        'Authorization',
        'VZ-M2M-Token',
        'X-Forwarded-For',
        'Prefer',
        '__proto__',
        'constructor',
      ),
      fc.constantFrom('x', 'Bearer', 'Bearer ', 'Basic Og==', 'code=500', 'example=__proto__', 'a'.repeat(300)),
    ),
    { maxLength: 2 },
  ),
  authenticated: fc.constantFrom(true, true, true, false),
});

function requestExamples(server: MockServer, api: string, op: OperationDoc): unknown[] {
  const doc = server.apis.get(api)!.spec.doc as any;
  const resolve = (node: any): any => {
    for (let i = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && i < 10; i++) {
      node = node.$ref
        .slice(2)
        .split('/')
        .reduce((n: any, k: string) => n?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    }
    return node;
  };
  const body = resolve(doc.paths?.[op.pathTemplate]?.[op.method.toLowerCase()]?.requestBody);
  const media = body?.content?.['application/json'] ?? Object.values<any>(body?.content ?? {})[0];
  if (!media) return [];
  const out = Object.values<any>(media.examples ?? {})
    .map((e) => resolve(e)?.value)
    .filter((v) => v !== undefined);
  if (media.example !== undefined) out.push(media.example);
  return out;
}

async function listening(server: MockServer): Promise<{ port: number; close: () => void }> {
  const http = await listen(server, 0, '127.0.0.1');
  return { port: (http.address() as AddressInfo).port, close: () => http.close() };
}

/** What a fresh namespace answers to the documented login and one read of each GET without parameters. */
async function probe(server: MockServer, api: string, namespace: string): Promise<unknown[]> {
  const login = await LOGINS[api]!(server, namespace);
  const { port, close } = await listening(server);
  const agent = new Agent({ keepAlive: true });
  try {
    const out: unknown[] = [];
    for (const op of server.apis.get(api)!.spec.operations.filter((o) => o.method === 'GET')) {
      const path = `/${api}${op.pathTemplate.replace(/\{[^}]+\}/g, 'probe-id')}`;
      const r = await send(port, agent, 'GET', path, { ...login.headers, 'X-Mock-Namespace': namespace });
      out.push([
        op.operationId,
        r.status,
        r.body.replace(/"(auth_token|request_id|node|timestamp)":"[^"]*"/g, '"$1":"…"'),
      ]);
    }
    return out;
  } finally {
    agent.destroy();
    close();
  }
}

describe('fuzz: every registered API has a login for the fuzz suite', () => {
  it.each(allApis.map((a) => a.name))('%s', (name) => {
    expect(LOGINS[name], `register a demo module for ${name} in src/apis/index.ts`).toBeTypeOf('function');
  });
});

describe.each(allApis.map((a) => a.name))('fuzz: %s', (name) => {
  it(`${RUNS_PER_API} seeded malformed requests: no 5xx, vendor JSON, no pollution, no secret in the journal`, async () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const baseline = await probe(testServer({ apis: allApis.filter((a) => a.name === name) }), name, 'fresh-check');

    const server = testServer({ apis: allApis.filter((a) => a.name === name) });
    let login: FuzzLogin = await LOGINS[name]!(server, 'fuzz');
    const secrets = new Set(login.secrets);
    let runs = 0;
    const { port, close } = await listening(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const ops = server.apis.get(name)!.spec.operations;
    const examples = new Map(ops.map((op) => [op.operationId, requestExamples(server, name, op)]));
    // The state's passwords are left out: sent as a path segment they are not credentials, and the journal keeps paths.
    const known = stateStrings(server.store.exportState(name, 'fuzz')).filter(
      (v) => !login.secrets.some((secret) => secret.includes(v) || v.includes(secret)),
    );
    const failures: string[] = [];
    const seen = new Map<number, number>();
    const requestArb = fc
      .constantFrom(...ops)
      .chain((op) =>
        fc.record({
          op: fc.constant(op),
          method: fc.oneof(
            { weight: 9, arbitrary: fc.constant(op.method) },
            {
              weight: 1,
              arbitrary: fc.constantFrom('GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'),
            },
          ),
          path: pathFor(name, op, known),
          query: queryFor(op),
          headers: headersArb,
          body: bodyFor(examples.get(op.operationId)!),
          // Half the requests change one thing only (the path values, or the spec's example body
          // mutated), so that they reach the handlers; the other half change everything at once.
          tame: fc.boolean(),
          tameBody: examples.get(op.operationId)!.length
            ? fc.oneof(
                fc.constantFrom(...examples.get(op.operationId)!).map((e) => JSON.stringify(e)),
                fc.constant(undefined),
              )
            : fc.constant(undefined),
        }),
      )
      .map((r) =>
        r.tame
          ? {
              ...r,
              method: r.op.method,
              query: '',
              body: r.body?.startsWith('{') && r.tameBody === undefined ? r.body : r.tameBody,
              headers: {
                ...r.headers,
                contentType: 'application/json',
                encoding: undefined,
                namespace: 'fuzz',
                accept: undefined,
                extra: [],
                authenticated: true,
              },
            }
          : r,
      );
    try {
      await fc.assert(
        fc.asyncProperty(requestArb, async (r) => {
          // A fuzzed logout or token revocation ends the session: log in again now and then.
          if (++runs % 25 === 0) {
            login = await LOGINS[name]!(server, 'fuzz');
            for (const s of login.secrets) secrets.add(s);
          }
          const headers: Record<string, string> = {};
          if (r.headers.authenticated) Object.assign(headers, login.headers);
          for (const [k, v] of r.headers.extra) headers[k] = v;
          if (r.headers.namespace) headers['X-Mock-Namespace'] = r.headers.namespace;
          if (r.headers.accept) headers.Accept = r.headers.accept;
          const body =
            r.body === undefined || r.method === 'GET' || r.method === 'HEAD' ? undefined : Buffer.from(r.body, 'utf8');
          if (body && r.headers.contentType) headers['Content-Type'] = r.headers.contentType;
          if (body && r.headers.encoding) headers['Content-Encoding'] = r.headers.encoding;
          const url = `${r.path}${r.query}`;
          const reply = await send(port, agent, r.method, url, headers, body);
          seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
          const what = `${r.method} ${url.slice(0, 200)} [${JSON.stringify(headers).slice(0, 200)}] body=${JSON.stringify(r.body?.slice(0, 120))}`;
          // A 500 the request asked for (`Prefer: code=500`: every operation documents the engine's 500) is no crash.
          const asked = headers.Prefer === 'code=500' && reply.status === 500;
          if (reply.status >= 500 && !asked) failures.push(`${reply.status} for ${what}: ${reply.body.slice(0, 300)}`);
          if (r.method !== 'HEAD' && reply.body !== '') {
            if (!/json/.test(reply.type)) failures.push(`not JSON (${reply.type}) for ${what}`);
            else {
              try {
                JSON.parse(reply.body);
              } catch {
                failures.push(`unparseable JSON for ${what}: ${reply.body.slice(0, 200)}`);
              }
            }
          }
          return failures.length === 0;
        }),
        { seed: SEED, numRuns: RUNS_PER_API, endOnFailure: true },
      );
    } catch (err) {
      failures.push(String(err).slice(0, 2000));
    } finally {
      agent.destroy();
      close();
    }
    expect(failures).toEqual([]);
    // The run reached past the gates: some requests were answered 2xx (authenticated, valid enough).
    const succeeded = [...seen].filter(([s]) => s >= 200 && s < 300 && s !== 204).reduce((n, [, c]) => n + c, 0);
    expect(succeeded, `statuses seen: ${JSON.stringify([...seen])}`).toBeGreaterThanOrEqual(RUNS_PER_API / 20);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const journal = JSON.stringify(server.runtime.journal.list());
    for (const secret of secrets)
      expect(journal.includes(secret), `secret ${secret.slice(0, 4)}… in the journal`).toBe(false);

    // The process is unharmed: a fresh namespace of the fuzzed server, and a new server, answer as before.
    expect(await probe(server, name, 'fresh-check')).toEqual(baseline);
    expect(await probe(testServer({ apis: allApis.filter((a) => a.name === name) }), name, 'fresh-check')).toEqual(
      baseline,
    );
  });
});
