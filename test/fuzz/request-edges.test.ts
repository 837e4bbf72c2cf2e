/**
 * Fuzz of the request edges the main suite (fuzz.test.ts) missed and issue 21 found, over every
 * operation of every registered API, seeded:
 * - **absolute form**: the same random requests sent as `GET http://host/<api>/…` to one server
 *   and as `GET /<api>/…` to a twin get the same answers (RFC 9112 §3.2.2);
 * - **huge integers**: every integer parameter, in the path or the query, given numerals past 2^53,
 *   past int64 and past what a double holds — never a 5xx, and past a documented maximum the 4xx;
 * - **many issues**: the spec's example bodies with an array blown up to 150,000 bad values (as
 *   many as fit in the 1 MB limit), with and without credentials — never a 5xx, and at most
 *   `MAX_ISSUES` issues journaled (the megabyte's cost is request-cost.test.ts's).
 * Every answer is JSON in the vendor's envelope (the harness fails on a reply that breaks its spec).
 */
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { listen, type MockServer } from '../../src/engine/app.js';
import { deref, resolvePointer } from '../../src/engine/spec/load.js';
import type { OperationDoc } from '../../src/engine/spec/spec-index.js';
import { MAX_ISSUES } from '../../src/engine/types.js';
import { DEVICE } from '../apis/bold/bold-client.js';
import { HANG_GUARD_MS } from '../hang-guard.js';
import { testServer } from '../helpers.js';
import { ALICE, DEMO as KAZOO_ACCOUNT, SALES } from '../apis/kazoo/kazoo-client.js';
import { DEVICES as MDM_DEVICES, MDM_GROUP } from '../apis/mdm/mdm-client.js';
import { ACCOUNT as TS_ACCOUNT } from '../apis/thingspace/thingspace-client.js';
import { LOGINS } from './logins.js';

const SEED = 20261221;
const BODY_LIMIT = 1024 * 1024;

/** A value of the demo tenant for every path parameter, so that requests reach the handlers. */
const DEMO_PATH_VALUES: Record<string, Record<string, string>> = {
  kazoo: { ACCOUNT_ID: KAZOO_ACCOUNT, GROUP_ID: SALES, USER_ID: ALICE },
  thingspace: { aname: TS_ACCOUNT, gname: 'Fleet West' },
  plaspy: { groupId: 'grp-123' },
  mdm: { group_id: MDM_GROUP, member_id: MDM_DEVICES[0]! },
  bold: { id: '10', deviceId: String(DEVICE.of29) },
};

const NUMERALS = [
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '-9223372036854775809',
  `1${'0'.repeat(40)}`,
  '9'.repeat(309),
  '9'.repeat(400),
  `-${'9'.repeat(400)}`,
  `000${'9'.repeat(20)}`,
];

interface Reply {
  status: number;
  type: string;
  body: string;
}

function send(
  port: number,
  agent: Agent,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path: target,
        headers: {
          ...headers,
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
        },
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
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${target.slice(0, 200)}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** What is wrong with an answer: a 5xx, or a body that is not JSON. */
function brokenAnswer(reply: Reply, method: string): string | undefined {
  if (reply.status >= 500) return `${reply.status}: ${reply.body.slice(0, 300)}`;
  if (method === 'HEAD' || reply.body === '') return undefined;
  if (!/json/.test(reply.type)) return `not JSON (${reply.type})`;
  try {
    JSON.parse(reply.body);
  } catch {
    return `unparseable JSON: ${reply.body.slice(0, 200)}`;
  }
  return undefined;
}

const servers: Array<{ close: () => void }> = [];
afterAll(() => {
  for (const s of servers) s.close();
});

async function serve(name: string): Promise<{ server: MockServer; port: number; agent: Agent }> {
  const server = testServer({ apis: allApis.filter((a) => a.name === name) });
  const http = await listen(server, 0, '127.0.0.1');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  servers.push({
    close: () => {
      agent.destroy();
      http.close();
    },
  });
  return { server, port: (http.address() as AddressInfo).port, agent };
}

const pathOf = (name: string, op: OperationDoc, values: Record<string, string> = {}) =>
  `/${name}${op.pathTemplate.replace(/\{([^}]+)\}/g, (_m, p: string) => encodeURIComponent(values[p] ?? DEMO_PATH_VALUES[name]![p]!))}`;

/** The spec's example request bodies of an operation (JSON media type). */
function exampleBodies(server: MockServer, name: string, op: OperationDoc): unknown[] {
  const doc = server.apis.get(name)!.spec.doc;
  const pointer = op.requestBodies.get('application/json') ?? [...op.requestBodies.values()][0];
  if (!pointer) return [];
  const media = resolvePointer(doc, pointer.replace(/\/schema$/, ''));
  const out = Object.values<any>(media.examples ?? {}).map((e) => deref(doc, e, '').node?.value);
  if (media.example !== undefined) out.push(media.example);
  return out.filter((v) => v !== undefined);
}

/** The JSON pointers of a value's arrays (the root too), the places a body grows. */
function arraysIn(value: unknown, at: string[] = []): string[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => arraysIn(v, [...at, String(i)]))];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => arraysIn(v, [...at, k]));
  return [];
}

function replaced(value: unknown, at: string[], by: unknown): unknown {
  if (!at.length) return by;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[at[0]!] = replaced(copy[at[0]!], at.slice(1), by);
  return copy;
}

describe('request edges: every path parameter has a demo value', () => {
  it.each(allApis.map((a) => a.name))('%s', async (name) => {
    const { server } = await serve(name);
    const params = server.apis
      .get(name)!
      .spec.operations.flatMap((op) => op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
    for (const p of params)
      expect(
        DEMO_PATH_VALUES[name]?.[p],
        `add a demo value for ${name}'s path parameter ${p} to test/fuzz/request-edges.test.ts`,
      ).toBeTypeOf('string');
  });
});

describe.each(allApis.map((a) => a.name))('request edges: %s', (name) => {
  it('absolute-form targets get the answers the origin form gets, request for request', async () => {
    const origin = await serve(name);
    const absolute = await serve(name);
    const loginO = await LOGINS[name]!(origin.server, 'edges');
    const loginA = await LOGINS[name]!(absolute.server, 'edges');
    const ops = origin.server.apis.get(name)!.spec.operations;
    const examples = new Map(ops.map((op) => [op.operationId, exampleBodies(origin.server, name, op)]));
    const failures: string[] = [];
    await fc
      .assert(
        fc.asyncProperty(
          fc.constantFrom(...ops).chain((op) =>
            fc.record({
              op: fc.constant(op),
              query: fc.array(
                fc.tuple(
                  fc.constantFrom(...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'x'),
                  fc.oneof(fc.constantFrom('1', '0', '-1', 'abc', '', '9007199254740993'), fc.string({ maxLength: 8 })),
                ),
                { maxLength: 3 },
              ),
              body: examples.get(op.operationId)!.length
                ? fc.option(fc.constantFrom(...examples.get(op.operationId)!), { nil: undefined })
                : fc.constant(undefined),
              authenticated: fc.boolean(),
            }),
          ),
          async ({ op, query, body, authenticated }) => {
            const qs = query.length
              ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
              : '';
            const path = `${pathOf(name, op)}${qs}`;
            const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
            const headers = (login: { headers: Record<string, string> }) => ({
              'X-Mock-Namespace': 'edges',
              ...(authenticated ? login.headers : {}),
            });
            const a = await send(origin.port, origin.agent, op.method.toUpperCase(), path, headers(loginO), bytes);
            const b = await send(
              absolute.port,
              absolute.agent,
              op.method.toUpperCase(),
              `http://127.0.0.1:${absolute.port}${path}`,
              headers(loginA),
              bytes,
            );
            const broken = brokenAnswer(b, op.method);
            if (broken) failures.push(`${op.method} ${path}: ${broken}`);
            if (a.status !== b.status || a.body !== b.body)
              failures.push(
                `${op.method} ${path}: origin ${a.status} ${a.body.slice(0, 200)} ≠ absolute ${b.status} ${b.body.slice(0, 200)}`,
              );
            return failures.length === 0;
          },
        ),
        { seed: SEED, numRuns: 25, endOnFailure: true },
      )
      .catch((err: unknown) => failures.push(String(err).slice(0, 1500)));
    expect(failures).toEqual([]);
  });

  it('integers past 2^53, past int64 and past a double, in every integer parameter: the vendor answers, within its documented maximum', async () => {
    const { server, port, agent } = await serve(name);
    const login = await LOGINS[name]!(server, 'edges');
    const doc = server.apis.get(name)!.spec.doc;
    const failures: string[] = [];
    let sent = 0;
    for (const op of server.apis.get(name)!.spec.operations) {
      for (const p of op.parameters.filter(
        (x) => (x.type === 'integer' || x.type === 'number') && (x.in === 'path' || x.in === 'query'),
      )) {
        const schema = deref(doc, resolvePointer(doc, p.schemaPointer!), p.schemaPointer!).node;
        for (const numeral of NUMERALS) {
          const path =
            p.in === 'path' ? pathOf(name, op, { [p.name]: numeral }) : `${pathOf(name, op)}?${p.name}=${numeral}`;
          const body = op.requestBodies.size
            ? Buffer.from(JSON.stringify(exampleBodies(server, name, op)[0] ?? {}))
            : undefined;
          const reply = await send(
            port,
            agent,
            op.method.toUpperCase(),
            path,
            { 'X-Mock-Namespace': 'edges', ...login.headers },
            body,
          );
          sent++;
          const broken = brokenAnswer(reply, op.method);
          if (broken) failures.push(`${op.operationId} ${p.name}=${numeral.slice(0, 24)}: ${broken}`);
          const pastMaximum =
            typeof schema?.maximum === 'number' &&
            /^\d+$/.test(numeral) &&
            BigInt(numeral) > BigInt(Math.floor(schema.maximum));
          if (pastMaximum && (reply.status < 400 || reply.status >= 500))
            failures.push(
              `${op.operationId} ${p.name}=${numeral.slice(0, 24)} is past its maximum ${schema.maximum}, answered ${reply.status}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    // Plaspy's API has no integer parameter; every other has some.
    if (name !== 'plaspy') expect(sent).toBeGreaterThan(0);
  });

  it('example bodies blown up to hundreds of thousands of bad values: never a 5xx, at most MAX_ISSUES issues', async () => {
    const { server, port, agent } = await serve(name);
    const login = await LOGINS[name]!(server, 'edges');
    const ops = server.apis.get(name)!.spec.operations.filter((op) => op.requestBodies.size > 0);
    const failures: string[] = [];
    const candidates = ops.flatMap((op) =>
      exampleBodies(server, name, op).flatMap((example) => arraysIn(example).map((at) => ({ op, example, at }))),
    );
    // An operation whose examples have no array grows a field of its own (ignored or refused by the spec).
    for (const op of ops)
      if (!candidates.some((c) => c.op === op))
        candidates.push({ op, example: exampleBodies(server, name, op)[0] ?? {}, at: ['bulk'] });
    await fc
      .assert(
        fc.asyncProperty(
          fc.record({
            candidate: fc.constantFrom(...candidates),
            count: fc.constantFrom(2_000, 40_000, 150_000),
            filler: fc.constantFrom<unknown>(0, -1, '', 'x', null, true, {}, [], 1.5, '9007199254740993'),
            authenticated: fc.boolean(),
          }),
          async ({ candidate, count, filler, authenticated }) => {
            const unit = JSON.stringify(filler).length + 1;
            const fits = Math.max(
              1,
              Math.min(count, Math.floor((BODY_LIMIT - JSON.stringify(candidate.example).length - 16) / unit)),
            );
            const body = Buffer.from(
              JSON.stringify(
                replaced(
                  candidate.example,
                  candidate.at,
                  Array.from({ length: fits }, () => filler),
                ),
              ),
            );
            const { op } = candidate;
            const reply = await send(
              port,
              agent,
              op.method.toUpperCase(),
              pathOf(name, op),
              { 'X-Mock-Namespace': 'edges', ...(authenticated ? login.headers : {}) },
              body,
            );
            const what = `${op.operationId} /${candidate.at.join('/')} × ${fits} ${JSON.stringify(filler)} (${authenticated ? 'with' : 'without'} credentials)`;
            const broken = brokenAnswer(reply, op.method);
            if (broken) failures.push(`${what}: ${broken}`);
            const [entry] = server.runtime.journal.list(() => true, 'edges', 1);
            if ((entry?.validation.request.issues.length ?? 0) > MAX_ISSUES)
              failures.push(`${what}: ${entry!.validation.request.issues.length} issues journaled`);
            return failures.length === 0;
          },
        ),
        { seed: SEED, numRuns: 12, endOnFailure: true },
      )
      .catch((err: unknown) => failures.push(String(err).slice(0, 1500)));
    expect(failures).toEqual([]);
  });
});
