/**
 * The spec is the truth: every spec has a module, every operation a handler, every named example
 * validates against its schema, and every engine answer a vendor gives is documented.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { loadApi } from '../../../src/engine/app.js';
import { renderProblem, type Problem, type RequestInfo } from '../../../src/engine/types.js';
import { Clock } from '../../../src/engine/state/clock.js';
import { Rng } from '../../../src/engine/state/random.js';
import { deref } from '../../../src/engine/spec/load.js';

const specs = readdirSync(new URL('../../../openapi/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('every spec is served', () => {
  it('each openapi/*.yaml has a registered module of the same name', () => {
    expect(allApis.map((a) => a.name).sort()).toEqual([...specs].sort());
  });
});

describe.each(allApis.map((m) => [m.name, m] as const))('%s', (_name, mod) => {
  const { api: runtime } = loadApi(mod);

  it('has a handler for every operation, and no handler without an operation', () => {
    const ops = runtime.spec.operations.map((o) => o.operationId).sort();
    expect(Object.keys(mod.handlers).sort()).toEqual(ops);
  });

  it('every named example validates against its schema', () => {
    const broken: string[] = [];
    for (const op of runtime.spec.operations) {
      for (const r of op.responses.values()) {
        for (const [name, value] of Object.entries(r.examples)) {
          if (!r.schemaPointer) continue;
          const issues = runtime.schemas.check(r.schemaPointer, value);
          if (issues.length) broken.push(`${op.operationId} ${r.status} ${name}: ${JSON.stringify(issues)}`);
        }
      }
    }
    for (const r of runtime.spec.engineResponses.values()) {
      for (const [name, value] of Object.entries(r.examples)) {
        const issues = r.schemaPointer ? runtime.schemas.check(r.schemaPointer, value) : [];
        if (issues.length) broken.push(`x-mock-responses ${r.status} ${name}: ${JSON.stringify(issues)}`);
      }
    }
    expect(broken).toEqual([]);
    expect(
      runtime.spec.operations.every((o) => [...o.responses.values()].some((r) => Object.keys(r.examples).length)),
    ).toBe(true);
  });

  it('documents the engine answers it renders (unknown path, wrong method, too large, media type, 429, internal, headers too large, malformed HTTP)', () => {
    const req: RequestInfo<unknown> = {
      method: 'GET',
      path: '/',
      params: {},
      query: {},
      headers: {},
      body: undefined,
      ns: { name: 'default', state: {}, clock: new Clock('fixed', 0), rng: new Rng(1) },
    };
    const kinds: Array<[string, Problem]> = [
      ['unknownPath', { kind: 'unknownPath' }],
      ['methodNotAllowed', { kind: 'methodNotAllowed', allow: ['GET'] }],
      ['payloadTooLarge', { kind: 'payloadTooLarge', limit: '1mb' }],
      ['unsupportedMediaType', { kind: 'unsupportedMediaType', contentType: 'text/csv' }],
      ['rateLimited', { kind: 'rateLimited', retryAfterSeconds: 3 }],
      ['internalError', { kind: 'internal', detail: 'x' }],
      ['headersTooLarge', { kind: 'headersTooLarge', limitBytes: 16384 }],
      [
        'malformedRequest',
        { kind: 'malformedRequest', detail: 'a header name has a character header names cannot have' },
      ],
    ];
    for (const [kind, problem] of kinds) {
      const doc = runtime.spec.engineResponses.get(kind);
      expect(doc, `x-mock-responses.${kind}`).toBeDefined();
      const reply = renderProblem(mod, problem, req);
      expect(runtime.schemas.check(doc!.schemaPointer!, reply.body), kind).toEqual([]);
      // The status fault rules answer with is the one the vendor renders.
      expect(reply.status, `x-mock-responses.${kind}.x-mock-status`).toBe(doc!.mockStatus);
    }
  });

  it('every operation documents the engine answers any operation can get (413, 415, 429, 500), in the body the vendor renders', () => {
    // Prism, Dredd and client generators read the operations, not x-mock-responses: a status the
    // engine can answer on any operation must be on each one, with the schema of what is sent.
    const kinds: Array<[string, Problem]> = [
      ['payloadTooLarge', { kind: 'payloadTooLarge', limit: '1mb' }],
      ['unsupportedMediaType', { kind: 'unsupportedMediaType', contentType: 'text/csv' }],
      ['rateLimited', { kind: 'rateLimited', retryAfterSeconds: 3 }],
      ['internalError', { kind: 'internal', detail: 'x' }],
    ];
    const missing: string[] = [];
    for (const op of runtime.spec.operations) {
      const req: RequestInfo<unknown> = {
        method: op.method.toUpperCase(),
        path: op.pathTemplate,
        operationId: op.operationId,
        params: {},
        query: {},
        headers: {},
        body: undefined,
        ns: { name: 'default', state: {}, clock: new Clock('fixed', 0), rng: new Rng(1) },
      };
      for (const [kind, problem] of kinds) {
        // The status the vendor renders for this operation (ThingSpace's token call answers a body it
        // cannot read with OAuth's 400, not 415).
        const reply = renderProblem(mod, problem, req);
        const status = reply.status;
        const own = op.responses.get(String(status));
        if (!own?.schemaPointer) {
          missing.push(`${op.operationId} documents no ${status} (${kind})`);
          continue;
        }
        const issues = runtime.schemas.check(own.schemaPointer, reply.body);
        if (issues.length)
          missing.push(`${op.operationId} ${status}: the ${kind} body breaks its schema: ${JSON.stringify(issues)}`);
        if (kind === 'rateLimited' && !Object.keys(own.headers).some((h) => h.toLowerCase() === 'retry-after'))
          missing.push(`${op.operationId} 429 documents no Retry-After`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every path parameter has an example that names a resource of the demo fixture', () => {
    // Prism and Dredd build requests from these examples: they must hit something that exists.
    const known = new Set<string>();
    const collect = (node: unknown) => {
      if (node === null || node === undefined) return;
      if (typeof node !== 'object') return void known.add(String(node));
      for (const [k, v] of Object.entries(node)) {
        known.add(k);
        collect(v);
      }
    };
    collect(JSON.parse(readFileSync(mod.fixtureFile, 'utf8')));
    const doc = runtime.spec.doc;
    const bad: string[] = [];
    for (const [template, item] of Object.entries<any>(doc.paths)) {
      const params = [
        ...(item.parameters ?? []),
        ...Object.values<any>(item).flatMap((op) =>
          op && typeof op === 'object' && !Array.isArray(op) ? (op.parameters ?? []) : [],
        ),
      ];
      for (const raw of params) {
        const p = deref(doc, raw, '').node;
        if (p.in !== 'path') continue;
        if (p.example === undefined) bad.push(`${template} {${p.name}} has no example`);
        else if (!known.has(String(p.example)))
          bad.push(`${template} {${p.name}}: example ${JSON.stringify(p.example)} is not in ${mod.fixtureFile}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('marks what the vendor does not document: x-mock-inferred comes with a description', () => {
    const unexplained: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const obj = node as Record<string, unknown>;
      if (obj['x-mock-inferred'] === true && typeof obj.description !== 'string' && typeof obj.summary !== 'string')
        unexplained.push(at);
      for (const [k, v] of Object.entries(obj)) walk(v, `${at}/${k}`);
    };
    walk(runtime.spec.doc, '#');
    expect(unexplained).toEqual([]);
  });
});
