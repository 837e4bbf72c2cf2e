/**
 * Requests that must be refused, built from a valid case: a body or a parameter made schema-invalid
 * (`negative_data_rejection`: the answer must be a 4xx), the credentials left out (`ignored_auth`: not
 * a 2xx), and a method the path does not take (`unsupported_method`: a 405). Every mutation is checked
 * with the engine's schemas first, so what is sent as invalid really is invalid. A query parameter the
 * operation does not take is no negative case: real gateways, and the mock unless `--strict`, accept it.
 */
import { deref, HTTP_METHODS, resolvePointer } from '../engine/spec/load.js';
import type { OperationDoc } from '../engine/spec/spec-index.js';
import { parameterSchema, type ContractApi } from './api-spec.js';
import type { RequestCase } from './cases.js';
import { requestValueIssues } from './request-values.js';

/** A value of another JSON type than the schema's. */
function wrongTypeFor(schema: Record<string, any> | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema!.type[0] : schema?.type;
  if (type === 'string') return 12345;
  if (type === 'integer' || type === 'number') return 'not-a-number';
  if (type === 'boolean') return 'not-a-boolean';
  if (type === 'array') return 'not-an-array';
  if (type === 'object') return 'not-an-object';
  return undefined;
}

/** The schema of a body (its top, `$ref`s followed), for picking mutations. */
function topSchema(api: ContractApi, pointer: string): Record<string, any> {
  const node = deref(api.spec.doc, resolvePointer(api.spec.doc, pointer), pointer).node ?? {};
  if (Array.isArray(node.allOf) && !node.properties) {
    const parts = node.allOf.map((s: any) => (typeof s?.$ref === 'string' ? topSchema(api, s.$ref) : (s ?? {})));
    return {
      ...node,
      properties: Object.assign({}, ...parts.map((s: any) => s.properties ?? {})),
      required: parts.flatMap((s: any) => s.required ?? []),
      type: parts.find((s: any) => s.type)?.type,
    };
  }
  return node;
}

const formEncoded = (body: unknown) =>
  body && typeof body === 'object' && !Array.isArray(body)
    ? Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
    : body;

/** Candidate invalid bodies, most telling first: a required field dropped, a field of the wrong type, the whole body of the wrong type. */
function bodyMutations(
  api: ContractApi,
  pointer: string,
  body: unknown,
  form: boolean,
): Array<{ body: unknown; what: string }> {
  const schema = topSchema(api, pointer);
  const out: Array<{ body: unknown; what: string }> = [];
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (obj) {
    for (const name of (schema.required as string[] | undefined) ?? []) {
      const copy = { ...obj };
      delete copy[name];
      out.push({ body: copy, what: `the required field "${name}" left out` });
    }
    if (!form) {
      for (const [name, prop] of Object.entries<any>(schema.properties ?? {})) {
        const sub = typeof prop?.$ref === 'string' ? topSchema(api, prop.$ref) : prop;
        const wrong = wrongTypeFor(sub);
        if (wrong !== undefined)
          out.push({ body: { ...obj, [name]: wrong }, what: `"${name}" of the wrong type (${JSON.stringify(wrong)})` });
      }
    }
  }
  if (!form) {
    const wrong = wrongTypeFor(schema);
    if (wrong !== undefined) out.push({ body: wrong, what: `a body of the wrong type (${JSON.stringify(wrong)})` });
  }
  return out.filter((m) => requestValueIssues(api, { body: pointer }, form ? formEncoded(m.body) : m.body).length > 0);
}

/** Candidate invalid parameters: a value that breaks the parameter's schema. */
function paramMutations(
  api: ContractApi,
  op: OperationDoc,
  c: RequestCase,
): Array<{ change: Partial<RequestCase>; what: string }> {
  const out: Array<{ change: Partial<RequestCase>; what: string }> = [];
  for (const p of op.parameters) {
    if (!p.schemaPointer || (p.in !== 'query' && p.in !== 'path')) continue;
    const schema = parameterSchema(api, p);
    for (const bad of ['not-a-valid-value', '-1', 'x'.repeat(300), '']) {
      if (p.in === 'path' && bad === '') continue;
      if (requestValueIssues(api, { param: p }, bad).length === 0) continue;
      // A string that merely breaks a pattern a server need not check (free text) is weak evidence; typed and enumerated ones are not.
      if (schema.type === 'string' && !schema.enum && !schema.format && schema.maxLength === undefined && bad !== '')
        continue;
      const change =
        p.in === 'query'
          ? { query: { ...c.query, [p.name]: bad } }
          : { pathParams: { ...c.pathParams, [p.name]: bad } };
      out.push({
        change,
        what: `${p.in} parameter "${p.name}" = ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 20)}…` : bad)}`,
      });
      break;
    }
  }
  return out;
}

/** Up to `max` schema-invalid variants of a valid case. */
export function invalidCases(
  api: ContractApi,
  op: OperationDoc,
  valid: RequestCase,
  max = 3,
): Array<RequestCase & { what: string }> {
  const out: Array<RequestCase & { what: string }> = [];
  const pointer = valid.mediaType ? op.requestBodies.get(valid.mediaType) : undefined;
  if (pointer && valid.body !== undefined) {
    for (const m of bodyMutations(api, pointer, valid.body, valid.mediaType === 'application/x-www-form-urlencoded')) {
      out.push({ ...valid, body: m.body, origin: `negative: ${m.what}`, what: m.what });
    }
  }
  for (const m of paramMutations(api, op, valid))
    out.push({ ...valid, ...m.change, origin: `negative: ${m.what}`, what: m.what });
  return out.slice(0, max);
}

const CANDIDATE_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** For each path of the spec, one method it does not take (HEAD goes with GET, OPTIONS is CORS), with a case to fill it. */
export function unsupportedMethods(
  api: ContractApi,
): Array<{ template: string; method: string; sample: OperationDoc }> {
  const byPath = new Map<string, OperationDoc[]>();
  for (const op of api.spec.operations) byPath.set(op.pathTemplate, [...(byPath.get(op.pathTemplate) ?? []), op]);
  const out: Array<{ template: string; method: string; sample: OperationDoc }> = [];
  for (const [template, ops] of byPath) {
    const taken = new Set(ops.map((o) => o.method));
    const method = CANDIDATE_METHODS.find((m) => !taken.has(m) && (HTTP_METHODS as readonly string[]).includes(m));
    if (method) out.push({ template, method, sample: ops[0]! });
  }
  return out;
}
