/**
 * Requests generated from the spec, as Schemathesis makes them: each operation's documented examples
 * first, then schema-valid values from json-schema-faker. Everything is seeded (`--seed`) by the
 * operation's name and the case's index, so one seed replays one failure exactly. A generated value
 * is checked with the engine's own schemas before it is sent: what goes out as "valid" is valid.
 */
import { generate } from 'json-schema-faker';
import { FAKER_OPTIONS, fakerSchema } from '../engine/spec/fake-body.js';
import type { OperationDoc, ParameterDoc } from '../engine/spec/spec-index.js';
import { hashSeed, Rng } from '../engine/state/random.js';
import {
  parameterExamples,
  parameterSchema,
  requestBodyExamples,
  requestMediaType,
  type ContractApi,
} from './api-spec.js';
import { joinUrl, type WireRequest } from './http.js';
import { requestValueIssues } from './request-values.js';

/** One request to make, before credentials are added. */
export interface RequestCase {
  operationId: string;
  method: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
  mediaType?: string;
  /** `example "demo"`, `generated #3`, … — where it came from, for the report. */
  origin: string;
}

/** Values known for path parameters before any generation (from `--login`: Kazoo's account id). */
export type KnownParams = Record<string, string>;

/** How a parameter's value is written in a URL or header. */
export function paramText(value: unknown): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'object') return undefined;
  return String(value);
}

/** The path with its parameters filled in (percent-encoded). */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The request on the wire: base URL, filled path, query, headers (case's, then `extra`), encoded body. */
export function toWire(
  api: ContractApi,
  c: RequestCase,
  baseUrl: string,
  extra: Record<string, string> = {},
): WireRequest {
  const headers: Record<string, string> = { Accept: 'application/json', ...c.headers, ...extra };
  let body: string | undefined;
  if (c.body !== undefined) {
    const type = c.mediaType ?? 'application/json';
    headers['Content-Type'] = type;
    body =
      type === 'application/x-www-form-urlencoded' && c.body && typeof c.body === 'object'
        ? new URLSearchParams(
            Object.entries(c.body as Record<string, unknown>).map(([k, v]) => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          ).toString()
        : api.codec.stringify(c.body);
  }
  return {
    method: c.method.toUpperCase(),
    url: joinUrl(baseUrl, fillPath(c.pathTemplate, c.pathParams), c.query),
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** A schema-valid value for a schema pointer, or undefined after a few seeds that did not validate. */
export async function fake(
  api: ContractApi,
  pointer: string,
  seed: number,
  check: (v: unknown) => boolean,
): Promise<unknown> {
  // The schema as the mock's own generated bodies prepare it (constraints kept at any depth).
  const schema = fakerSchema(api.spec.doc, pointer) as Parameters<typeof generate>[0];
  for (let attempt = 0; attempt < 4; attempt++) {
    let value: unknown;
    try {
      value = await generate(schema, {
        ...FAKER_OPTIONS,
        seed: hashSeed(seed, attempt),
        maxDefaultItems: 2,
        maxItems: 3,
        optionalsProbability: 0.5,
      });
    } catch {
      continue;
    }
    if (check(value)) return value;
  }
  return undefined;
}

const paramOk = (api: ContractApi, p: ParameterDoc, text: string | string[]) =>
  requestValueIssues(api, { param: p }, text).length === 0;

/** A value for one parameter: a documented example (if `preferExample`), else a generated one. */
async function paramValue(
  api: ContractApi,
  p: ParameterDoc,
  rng: Rng,
  preferExample: boolean,
): Promise<string | string[] | undefined> {
  if (preferExample) {
    for (const ex of parameterExamples(api, p)) {
      const text = paramText(ex);
      if (text !== undefined && paramOk(api, p, text)) return text;
    }
  }
  if (!p.schemaPointer) return undefined;
  const v = await fake(api, p.schemaPointer, rng.seed(), (v) => {
    const text = paramText(v);
    return text !== undefined && text !== '' && paramOk(api, p, text);
  });
  return paramText(v);
}

/**
 * Parameters of one case: path parameters always (known values first), required query and header
 * parameters always, optional ones on a coin toss in generated cases.
 */
async function parametersOf(
  api: ContractApi,
  op: OperationDoc,
  rng: Rng,
  examples: boolean,
  known: KnownParams,
): Promise<Pick<RequestCase, 'pathParams' | 'query' | 'headers'> | undefined> {
  const out = {
    pathParams: {} as Record<string, string>,
    query: {} as Record<string, string | string[]>,
    headers: {} as Record<string, string>,
  };
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    if (p.in === 'path' && Object.hasOwn(known, p.name)) {
      out.pathParams[p.name] = known[p.name]!;
      continue;
    }
    if (!p.required && (examples || rng.next() < 0.5)) continue;
    const value = await paramValue(api, p, rng, examples || (p.in === 'path' && rng.next() < 0.5));
    if (value === undefined) {
      if (p.required) return undefined;
      continue;
    }
    if (p.in === 'path') out.pathParams[p.name] = [value].flat().join(',');
    else if (p.in === 'query') out.query[p.name] = value;
    else if (p.in === 'header') out.headers[p.name] = [value].flat().join(',');
  }
  return out;
}

export interface GenerateOptions {
  seed: number;
  /** Generated cases per operation, after its examples. */
  maxExamples: number;
  known?: KnownParams;
}

/** Every case of one operation: one per documented body example (or one without a body), then the generated ones. */
export async function casesFor(api: ContractApi, op: OperationDoc, opts: GenerateOptions): Promise<RequestCase[]> {
  const known = opts.known ?? {};
  const mediaType = requestMediaType(op);
  const bodyPointer = mediaType ? op.requestBodies.get(mediaType) : undefined;
  const bodyOk = (v: unknown) => !bodyPointer || requestValueIssues(api, { body: bodyPointer }, v).length === 0;
  const base = { operationId: op.operationId, method: op.method, pathTemplate: op.pathTemplate };
  const out: RequestCase[] = [];
  const exampleRng = new Rng(hashSeed(opts.seed, api.name, op.operationId, 'examples'));
  const bodies = mediaType ? requestBodyExamples(api, op, mediaType).filter((e) => bodyOk(e.value)) : [];
  const params = await parametersOf(api, op, exampleRng, true, known);
  if (params) {
    if (bodies.length)
      for (const b of bodies) out.push({ ...base, ...params, body: b.value, mediaType, origin: `example "${b.name}"` });
    else if (!op.bodyRequired) out.push({ ...base, ...params, origin: 'examples' });
  }
  for (let i = 0; i < opts.maxExamples; i++) {
    const rng = new Rng(hashSeed(opts.seed, api.name, op.operationId, i));
    const p = await parametersOf(api, op, rng, false, known);
    if (!p) continue;
    let body: unknown;
    if (bodyPointer) {
      body = await fake(api, bodyPointer, rng.seed(), bodyOk);
      if (body === undefined && op.bodyRequired) continue;
    }
    out.push({
      ...base,
      ...p,
      ...(body !== undefined ? { body, mediaType } : {}),
      origin: `generated #${i + 1} (seed ${opts.seed})`,
    });
  }
  return [...out, ...enumCases(api, op, out)];
}

/**
 * Every value of an enumerated query parameter that no case sent yet, each in a copy of the first
 * case: a server that fails on one `sortBy` value is found whatever the seed (at most 20 more).
 */
function enumCases(api: ContractApi, op: OperationDoc, cases: RequestCase[]): RequestCase[] {
  const first = cases[0];
  if (!first) return [];
  const out: RequestCase[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'query') continue;
    const values = parameterSchema(api, p).enum;
    if (!Array.isArray(values)) continue;
    for (const v of values) {
      const text = paramText(v);
      if (text === undefined || typeof text !== 'string' || !paramOk(api, p, text)) continue;
      if (cases.some((c) => c.query[p.name] === text) || out.length >= 20) continue;
      out.push({
        ...first,
        query: { ...first.query, [p.name]: text },
        origin: `${first.origin}, ${p.name}=${text} (each enumerated value once)`,
      });
    }
  }
  return out;
}
