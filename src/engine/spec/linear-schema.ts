/**
 * A schema of the spec with its `$ref`s inlined, for Ajv to compile into one function.
 *
 * Why: Ajv compiles a referenced schema that itself has references into a function of its own, and
 * with `allErrors` it gathers that function's errors with `vErrors = vErrors.concat(refErrors)` —
 * a copy of every error so far at each call. One error per array item then costs time quadratic in
 * the items: 20,000 ThingSpace `devicesToAdd` of `0` took 2.6 s, 40,000 took 24 s (measured). Inlined,
 * each error is one `push`, and the check is linear. Only a reference back into a schema being
 * inlined (recursion) stays a reference, written absolute so that it resolves against the document
 * registered under `id`.
 */
import { resolvePointer, type SpecDoc } from './load.js';

/** Keywords whose values are data, not schemas: a `$ref` key in them is not a reference. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'const', 'enum', 'default', 'required']);
/** Keywords whose values map names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/** The schema at `pointer` with its local references inlined (`id`: the document's id in the Ajv instance). */
export function linearSchema(doc: SpecDoc, pointer: string, id: string): unknown {
  const open: string[] = [pointer];
  /** A keyword's value: a schema, a list of schemas, or plain data. */
  const value = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(value) : v && typeof v === 'object' ? schema(v as Record<string, unknown>) : v;
  const schema = (node: Record<string, unknown>): unknown => {
    const ref = typeof node.$ref === 'string' && node.$ref.startsWith('#') ? node.$ref : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && ref) continue;
      if (DATA_KEYWORDS.has(k) || k.startsWith('x-') || !v || typeof v !== 'object') out[k] = v;
      else if (SCHEMA_MAPS.has(k)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, value(s)]));
      else out[k] = value(v);
    }
    if (!ref) return out;
    let target: unknown;
    if (open.includes(ref)) target = { $ref: `${id}${ref}` };
    else {
      open.push(ref);
      target = value(resolvePointer(doc, ref));
      open.pop();
    }
    // A reference with sibling keywords (OpenAPI 3.1 allows them) applies both: as `allOf`.
    return Object.keys(out).length
      ? { ...out, allOf: [...(Array.isArray(out.allOf) ? out.allOf : []), target] }
      : target;
  };
  return value(resolvePointer(doc, pointer));
}
