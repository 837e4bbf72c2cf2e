/**
 * Bodies generated from a spec's schema with json-schema-faker (`Prefer: dynamic=true`, documented
 * responses without an example), made to fit the schema for every seed. json-schema-faker 0.6 has
 * two gaps our specs meet, both closed here for any schema, not for one vendor:
 * - past `maxDepth` (default 5) it stops honouring constraints and fills required properties with
 *   the type's zero (`0` for an integer with `minimum: 1`: Bold's `deviceModel.id` in a device list
 *   in a group list). Our schemas are inlined trees (`inlineRefs` ends any cycle), so the depth is
 *   raised past any tree `inlineRefs` makes;
 * - an object with `additionalProperties: false` and a `minProperties` that its `required` does
 *   not meet throws when the optional properties drawn fall short. Such an object gets the first
 *   declared properties it needs as required: still valid, never a throw.
 */
import { generate } from 'json-schema-faker';
import { inlineRefs, resolvePointer, type SpecDoc } from './load.js';

/** Deeper than any tree `inlineRefs` makes (it stops at 40 levels of nodes, half of them schemas). */
const MAX_DEPTH = 64;

/** The options every generated body uses. */
export const FAKER_OPTIONS = { maxDefaultItems: 3, useDefaultValue: false, maxDepth: MAX_DEPTH } as const;

/** Makes `minProperties` reachable without extra properties where the schema forbids them. */
function reachableMinProperties(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(reachableMinProperties);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const min = schema.minProperties;
  const props = schema.properties;
  if (schema.additionalProperties === false && typeof min === 'number' && props && typeof props === 'object') {
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const name of Object.keys(props)) {
      if (required.size >= min) break;
      required.add(name);
    }
    schema.required = [...required];
  }
  for (const value of Object.values(schema)) reachableMinProperties(value);
}

const prepared = new WeakMap<SpecDoc, Map<string, unknown>>();

/** The schema at `pointer`, inlined and prepared for the faker, once per spec and pointer. */
export function fakerSchema(doc: SpecDoc, pointer: string): unknown {
  let byPointer = prepared.get(doc);
  if (!byPointer) prepared.set(doc, (byPointer = new Map()));
  let schema = byPointer.get(pointer);
  if (schema === undefined) {
    schema = inlineRefs(doc, resolvePointer(doc, pointer));
    reachableMinProperties(schema);
    byPointer.set(pointer, schema);
  }
  return schema;
}

/** A body for the schema at `pointer`: the same seed gives the same body. */
export function fakeBody(doc: SpecDoc, pointer: string, seed: number): Promise<unknown> {
  // The faker does not change the schema it is given; a shared prepared copy is safe.
  return generate(fakerSchema(doc, pointer) as Parameters<typeof generate>[0], { ...FAKER_OPTIONS, seed });
}
