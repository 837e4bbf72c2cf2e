/**
 * What the contract tools read from a vendor's spec, over the engine's compiled spec (index and Ajv
 * schema set, src/engine/spec/) — never a second validator: the raw nodes of a parameter, a request
 * body's media types and examples, and the documented response (own or engine) for a status.
 */
import { allApis } from '../apis/index.js';
import { plainJson } from '../engine/kit/json-codec.js';
import { compileSpec } from '../engine/spec/compiled.js';
import { documentedResponse, engineResponseFor } from '../engine/spec/engine-responses.js';
import { deref, escapePointer as esc, resolvePointer } from '../engine/spec/load.js';
import type { SchemaSet } from '../engine/spec/schemas.js';
import type { OperationDoc, ParameterDoc, ResponseDoc, SpecIndex } from '../engine/spec/spec-index.js';
import type { ApiModule, JsonCodec } from '../engine/types.js';

export interface ContractApi {
  name: string;
  module: ApiModule<any, any>;
  spec: SpecIndex;
  schemas: SchemaSet;
  codec: JsonCodec;
}

export function contractApi(mod: ApiModule<any, any>): ContractApi {
  const { spec, schemas } = compileSpec(mod.specFile, mod.name);
  return { name: mod.name, module: mod, spec, schemas, codec: mod.json ?? plainJson };
}

/** The registered API of that name, or undefined. */
export function findApi(name: string): ContractApi | undefined {
  const mod = allApis.find((a) => a.name === name);
  return mod && contractApi(mod);
}

/** The parameter's own node (`example`, `examples`, `style`…), from its schema pointer. */
export function parameterNode(api: ContractApi, p: ParameterDoc): Record<string, any> {
  if (!p.schemaPointer) return {};
  return resolvePointer(api.spec.doc, p.schemaPointer.replace(/\/schema$/, '')) ?? {};
}

/** The schema of a parameter, `$ref`s at its top followed. */
export function parameterSchema(api: ContractApi, p: ParameterDoc): Record<string, any> {
  return p.schemaPointer
    ? (deref(api.spec.doc, resolvePointer(api.spec.doc, p.schemaPointer), p.schemaPointer).node ?? {})
    : {};
}

/** Documented example values of a parameter: its `example`, `examples`, its schema's `example(s)`, `default`, first `enum`. */
export function parameterExamples(api: ContractApi, p: ParameterDoc): unknown[] {
  const node = parameterNode(api, p);
  const schema = parameterSchema(api, p);
  const out: unknown[] = [];
  if (node.example !== undefined) out.push(node.example);
  for (const ex of Object.values<any>(node.examples ?? {})) {
    const v = deref(api.spec.doc, ex, '').node?.value;
    if (v !== undefined) out.push(v);
  }
  if (schema.example !== undefined) out.push(schema.example);
  if (Array.isArray(schema.examples)) out.push(...schema.examples);
  if (schema.default !== undefined) out.push(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length) out.push(schema.enum[0]);
  return out;
}

/** The media type a request body is sent in: JSON when the operation takes it, else the first documented. */
export function requestMediaType(op: OperationDoc): string | undefined {
  const types = [...op.requestBodies.keys()];
  return types.find((t) => t === 'application/json') ?? types.find((t) => t.includes('json')) ?? types[0];
}

/** The named examples of the request body in one media type (`example` as `default`). */
export function requestBodyExamples(
  api: ContractApi,
  op: OperationDoc,
  mediaType: string,
): Array<{ name: string; value: unknown }> {
  const pointer = op.requestBodies.get(mediaType);
  if (!pointer) return [];
  const media = resolvePointer(api.spec.doc, pointer.replace(/\/schema$/, '')) ?? {};
  const out = Object.entries<any>(media.examples ?? {}).map(([name, ex]) => ({
    name,
    value: deref(api.spec.doc, ex, '').node?.value,
  }));
  if ('example' in media && out.length === 0) out.push({ name: 'default', value: media.example });
  return out.filter((e) => e.value !== undefined);
}

/**
 * The documented response for a status: the operation's own (exact, NXX, default), else — when
 * `engine` (the target is groups-mock itself) — the spec's engine response (`x-mock-responses`, the
 * mock's own answers: never the vendor's word for an operation that does not list them).
 */
export function responseFor(
  api: ContractApi,
  op: OperationDoc | undefined,
  status: number,
  engine = true,
): { response: ResponseDoc; pointer: string; engineKind?: string } | undefined {
  const own = op && documentedResponse(op, status);
  if (own && op)
    return {
      response: own,
      pointer: derefPointer(api, `#/paths/${esc(op.pathTemplate)}/${op.method}/responses/${esc(own.status)}`),
    };
  const mockOwn = engine ? engineResponseFor(api.spec, status) : undefined;
  return (
    mockOwn && {
      response: mockOwn.response,
      pointer: derefPointer(api, `#/x-mock-responses/${esc(mockOwn.kind)}`),
      engineKind: mockOwn.kind,
    }
  );
}

/** Where a node's `$ref` chain ends. */
function derefPointer(api: ContractApi, pointer: string): string {
  return deref(api.spec.doc, resolvePointer(api.spec.doc, pointer), pointer).pointer;
}

/** The pointer of a documented response header's schema (through `$ref`s), if it has one. */
export function headerSchemaPointer(api: ContractApi, responsePointer: string, name: string): string | undefined {
  const node = resolvePointer(api.spec.doc, responsePointer);
  if (!node?.headers || !Object.hasOwn(node.headers, name)) return undefined;
  const at = deref(api.spec.doc, node.headers[name], `${responsePointer}/headers/${esc(name)}`);
  return at.node?.schema ? `${at.pointer}/schema` : undefined;
}

/** The documented media types of a response (empty: it documents no body). */
export function responseMediaTypes(api: ContractApi, pointer: string): string[] {
  const node = resolvePointer(api.spec.doc, pointer) ?? {};
  return Object.keys(node.content ?? {}).map((t) => t.toLowerCase());
}
