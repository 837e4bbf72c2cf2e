/**
 * Shared examples fit every operation that uses them: an error example that names a request field
 * (Kazoo's `data: {name: {required: …}}`, ThingSpace's `groupName: …`) is documented only on
 * operations whose request has that field — a login operation must not show "name is required".
 * Each vendor names the failing field in its own place; `namedFields` reads it from there.
 * (That every example validates against its operation's response schema is in spec-coverage.)
 */
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { loadApi } from '../../../src/engine/app.js';
import { deref, resolvePointer, type SpecDoc } from '../../../src/engine/spec/load.js';

/** The request fields an error body names, where each vendor's error renderer puts them. */
const namedFields: Record<string, (body: any) => string[]> = {
  // kazoo_json_schema: `data` keyed by the field's dotted path.
  kazoo: (b) => (b?.message === 'validation error' && b.data && typeof b.data === 'object' ? Object.keys(b.data) : []),
  // `groupName: must NOT have fewer than 1 characters`
  thingspace: (b) => leading(b?.errorMessage, /^([A-Za-z_][\w.[\]]*): /),
  // `name: is required`
  mdm: (b) => leading(b?.error_description, /^([A-Za-z_][\w.[\]]*): /),
  // `Invalid input: name must be a non-empty string.`
  plaspy: (b) => leading(b?.error, /^Invalid input: ([A-Za-z_][\w.[\]]*) /),
  // `Invalid request: id must be an integer`, `Invalid request: query parameter organizationId …`
  bold: (b) => leading(b?.message, /^Invalid request: (?:(?:query|path) parameter )?([A-Za-z_][\w.[\]]*) /),
};

function leading(text: unknown, re: RegExp): string[] {
  const m = typeof text === 'string' ? re.exec(text) : null;
  return m ? [m[1]!] : [];
}

/** Every property name a schema can hold, through `$ref`, combinators, items and maps. */
function propertyNames(doc: SpecDoc, node: any, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (!node || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  if (node.$ref) return propertyNames(doc, deref(doc, node, '').node, out, seen);
  for (const [k, v] of Object.entries<any>(node.properties ?? {})) {
    out.add(k);
    propertyNames(doc, v, out, seen);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) for (const s of node[key] ?? []) propertyNames(doc, s, out, seen);
  if (node.items) propertyNames(doc, node.items, out, seen);
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    propertyNames(doc, node.additionalProperties, out, seen);
  return out;
}

/**
 * A JSON Patch body changes fields its schema does not name: those are the first segments of the
 * `path`s of the request's examples (`/devices/-` → `devices`).
 */
function patchPaths(doc: SpecDoc, template: string, method: string): string[] {
  const body = deref(doc, doc.paths?.[template]?.[method]?.requestBody, '').node;
  const out: string[] = [];
  for (const media of Object.values<any>(body?.content ?? {})) {
    for (const ex of Object.values<any>(media?.examples ?? {})) {
      const value = deref(doc, ex, '').node?.value;
      if (!Array.isArray(value)) continue;
      for (const operation of value)
        if (typeof operation?.op === 'string' && typeof operation?.path === 'string')
          out.push(operation.path.split('/')[1] ?? '');
    }
  }
  return out.filter(Boolean);
}

/** `devicesToAdd[0].kind` → `devicesToAdd`, `kind`. */
const segments = (path: string) => path.split(/[.[\]]/).filter((s) => s && !/^\d+$/.test(s));

describe.each(allApis.map((m) => [m.name, m] as const))('%s', (name, mod) => {
  const { api } = loadApi(mod);
  const doc = api.spec.doc;
  const fieldsOf = new Map(
    api.spec.operations.map((op) => {
      const fields = new Set(op.parameters.map((p) => p.name));
      for (const pointer of op.requestBodies.values()) propertyNames(doc, resolvePointer(doc, pointer), fields);
      for (const path of patchPaths(doc, op.pathTemplate, op.method)) fields.add(path);
      return [op.operationId, fields] as const;
    }),
  );
  const anyField = new Set([...fieldsOf.values()].flatMap((s) => [...s]));

  it('has a reader for the fields its errors name', () => {
    expect(namedFields[name]).toBeTypeOf('function');
  });

  it('an example that names a request field is only on operations whose request has it', () => {
    const read = namedFields[name]!;
    const wrong: string[] = [];
    let checked = 0;
    for (const op of api.spec.operations) {
      const own = fieldsOf.get(op.operationId)!;
      for (const r of op.responses.values()) {
        for (const [example, value] of Object.entries(r.examples)) {
          for (const field of read(value)) {
            // A word that is no request field of the API at all is prose ("the body is not JSON").
            const parts = segments(field);
            if (!parts.some((p) => anyField.has(p))) continue;
            checked++;
            const missing = parts.filter((p) => !own.has(p));
            if (missing.length)
              wrong.push(
                `${op.operationId} ${r.status} ${example} names ${field}, which ${op.operationId}'s request does not have`,
              );
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // The reader found fields at all (a renamed error shape would otherwise pass by finding none).
    expect(checked).toBeGreaterThan(0);
  });
});
