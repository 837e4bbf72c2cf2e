/**
 * Every documented response is reachable: for every API in allApis, every operation, every
 * documented status and every named example (and statuses without one), a `respond` fault rule
 * produces it — the example's body exactly, the documented headers, valid against the spec. The
 * engine responses (`x-mock-responses`) are reachable the same way, every operation can be
 * throttled with the vendor's 429 (or the refusal says why not), and for Kazoo the same responses
 * come through `Prefer` on valid, authenticated requests.
 */
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import type { LoadedApi } from '../../../src/engine/spec/compiled.js';
import type { MockServer } from '../../../src/engine/app.js';
import { engineResponsesOf } from '../../../src/engine/spec/engine-responses.js';
import { resolvePointer } from '../../../src/engine/spec/load.js';
import type { OperationDoc, ResponseDoc } from '../../../src/engine/spec/spec-index.js';
import { api, testServer } from '../../helpers.js';
import { ALICE, DEMO, SALES, login } from '../../apis/kazoo/kazoo-client.js';

/** A concrete status for a response key: `404` → 404, `4XX` → 400, `default` → one the operation does not document. */
function statusOf(key: string, op: OperationDoc): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100;
  return [500, 503, 502, 418].find((s) => !op.responses.has(String(s)))!;
}

/** The operation's path with each parameter filled (from the parameter's example, a value, or a placeholder). */
function fillPath(rt: LoadedApi, op: OperationDoc, values: Record<string, string> = {}): string {
  return `/${rt.module.name}${op.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (values[name]) return values[name]!;
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const schema = param?.schemaPointer ? resolvePointer(rt.spec.doc, param.schemaPointer) : undefined;
    return encodeURIComponent(String(schema?.example ?? schema?.examples?.[0] ?? `x-${name}`));
  })}`;
}

interface Case {
  label: string;
  status: number;
  example?: string;
  response: ResponseDoc;
}

/** Every (status, example) of an operation; a status without examples once, with no example. */
function casesOf(op: OperationDoc): Case[] {
  return [...op.responses.entries()].flatMap(([key, response]) => {
    const status = statusOf(key, op);
    const names = Object.keys(response.examples);
    return names.length
      ? names.map((example) => ({ label: `${op.operationId} ${key} ${example}`, status, example, response }))
      : [{ label: `${op.operationId} ${key} (no example)`, status, response }];
  });
}

function send(server: MockServer, method: string, path: string, namespace: string) {
  const agent = api(server) as unknown as Record<string, (p: string) => ReturnType<ReturnType<typeof api>['get']>>;
  return agent[method.toLowerCase()]!(path).set('X-Mock-Namespace', namespace);
}

/**
 * What of a body says which example it is, when the vendor puts the request's own values in it
 * (issue 21, item 13): Crossbar's envelope (token, request id, time, node) and the values an error
 * names (`cause`, a rule's `cause`/`value`, a 415's content type) are the request's; the rest is
 * the example's.
 */
function exampleIdentity(api: string, body: unknown): unknown {
  if (api !== 'kazoo' || body === null || typeof body !== 'object') return body;
  const { auth_token: _t, request_id: _r, timestamp: _s, node: _n, version: _v, ...rest } = body as Record<string, any>;
  if (rest.status !== 'error' || rest.data === null || typeof rest.data !== 'object') return rest;
  const { cause: _c, ...data } = rest.data as Record<string, any>;
  // A 415 names the content type sent.
  if (rest.message === 'unsupported_media_type') delete data.message;
  const rules = (r: unknown) =>
    r && typeof r === 'object'
      ? Object.fromEntries(
          Object.entries(r).map(([k, d]) => [
            k,
            d && typeof d === 'object'
              ? (({ cause: _x, value: _y, ...keep }) => keep)(d as Record<string, unknown>)
              : d,
          ]),
        )
      : r;
  return { ...rest, data: Object.fromEntries(Object.entries(data).map(([field, r]) => [field, rules(r)])) };
}

/** The reply is the documented response: status, example body (in the request's words), documented headers, valid against the schema. */
function expectDocumented(
  rt: LoadedApi,
  res: { status: number; body: unknown; text: string; headers: Record<string, string> },
  c: Case,
  method: string,
) {
  expect(res.status, c.label).toBe(c.status);
  for (const [name, h] of Object.entries(c.response.headers)) {
    const value = h.example ?? h.schema?.example;
    if (value !== undefined) expect(res.headers[name.toLowerCase()], `${c.label} header ${name}`).toBe(String(value));
  }
  if (method === 'head' || !c.response.schemaPointer) {
    if (!c.response.schemaPointer) expect(res.text ?? '', c.label).toBe('');
    return;
  }
  if (c.example !== undefined)
    expect(exampleIdentity(rt.module.name, res.body), c.label).toEqual(
      exampleIdentity(rt.module.name, c.response.examples[c.example]),
    );
  expect(rt.schemas.check(c.response.schemaPointer, res.body), c.label).toEqual([]);
}

describe.each(allApis.map((m) => [m.name] as const))('%s: every documented response is reachable', (name) => {
  it('through a respond fault rule, for every operation × status × example', async () => {
    const server = testServer();
    const rt = server.apis.get(name)!;
    let n = 0;
    for (const op of rt.spec.operations) {
      for (const c of casesOf(op)) {
        const namespace = `reach-${++n}`;
        const rule = await api(server)
          .post('/__admin/faults')
          .send({
            api: name,
            operationId: op.operationId,
            namespace,
            times: 1,
            action: { respond: { status: c.status, ...(c.example ? { example: c.example } : {}) } },
          });
        expect(rule.status, `${c.label}: ${JSON.stringify(rule.body)}`).toBe(201);
        const res = await send(server, op.method, fillPath(rt, op), namespace);
        expectDocumented(rt, res, c, op.method);
      }
    }
    expect(n).toBeGreaterThan(rt.spec.operations.length);
    expect((await api(server).get('/__admin/faults')).body.faults, 'every rule fired once').toEqual([]);
  });

  it('the engine responses (x-mock-responses), from a rule for the whole API', async () => {
    const server = testServer();
    const rt = server.apis.get(name)!;
    let n = 0;
    for (const { kind, status, response } of engineResponsesOf(rt.spec)) {
      expect(response.mockStatus, `x-mock-responses.${kind}.x-mock-status`).toBe(status);
      for (const example of Object.keys(response.examples)) {
        const namespace = `engine-${++n}`;
        const rule = await api(server)
          .post('/__admin/faults')
          .send({ api: name, namespace, times: 1, action: { respond: { status, example } } });
        expect(rule.status, JSON.stringify(rule.body)).toBe(201);
        const res = await api(server).get(`/${name}/no/such/path`).set('X-Mock-Namespace', namespace);
        expectDocumented(rt, res, { label: `${kind} ${example}`, status, example, response }, 'get');
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it("every operation answers the vendor's 429 with Retry-After under a rate limit, or the refusal says what is missing", async () => {
    const server = testServer();
    const rt = server.apis.get(name)!;
    let n = 0;
    for (const op of rt.spec.operations) {
      const namespace = `throttle-${++n}`;
      const rule = await api(server)
        .post('/__admin/faults')
        .send({
          api: name,
          operationId: op.operationId,
          namespace,
          action: { rateLimit: { limit: 0, windowMs: '90s' } },
        });
      if (!rt.spec.engineResponses.has('rateLimited') && !op.responses.has('429')) {
        expect(rule.status).toBe(400);
        expect(rule.body.problems.join(' ')).toContain('add a rateLimited response to the root x-mock-responses');
        continue;
      }
      expect(rule.status, JSON.stringify(rule.body)).toBe(201);
      const res = await send(server, op.method, fillPath(rt, op), namespace);
      expect(res.status, op.operationId).toBe(429);
      expect(res.headers['retry-after'], op.operationId).toBe('90');
      const pointer =
        op.responses.get('429')?.schemaPointer ?? rt.spec.engineResponses.get('rateLimited')?.schemaPointer;
      if (pointer) expect(rt.schemas.check(pointer, res.body), op.operationId).toEqual([]);
    }
  });
});

describe('kazoo: every documented response is reachable through Prefer too', () => {
  it('Prefer: code=S, example=E on a valid, authenticated request of every operation', async () => {
    const server = testServer();
    const rt = server.apis.get('kazoo')!;
    const token = await login(server);
    const ids = { ACCOUNT_ID: DEMO, GROUP_ID: SALES, USER_ID: ALICE };
    for (const op of rt.spec.operations) {
      // A valid request: the first example of the request body the spec documents.
      const requestBody = rt.spec.doc.paths[op.pathTemplate][op.method].requestBody;
      const bodyDoc = requestBody?.$ref ? resolvePointer(rt.spec.doc, requestBody.$ref) : requestBody;
      const firstExample = Object.values<{ value?: unknown; $ref?: string }>(
        bodyDoc?.content?.['application/json']?.examples ?? {},
      )[0];
      const body = firstExample?.$ref ? resolvePointer(rt.spec.doc, firstExample.$ref).value : firstExample?.value;
      for (const c of casesOf(op)) {
        const req = send(server, op.method, fillPath(rt, op, ids), 'default')
          .set('X-Auth-Token', token)
          .set('Prefer', `code=${c.status}${c.example ? `, example=${c.example}` : ''}`);
        const res = body === undefined ? await req : await req.send(body as object);
        expectDocumented(rt, res, c, op.method);
      }
    }
  });
});
