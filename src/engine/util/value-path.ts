/**
 * Walking into a JSON value by a path — a JSON Pointer, a dotted path (`data.endpoints.0.type`) or
 * segments — in one place. Paths come from clients (fault-rule matchers, Kazoo's `filter_*` keys),
 * so only a value's own properties are followed: `toString` or `__proto__` find nothing.
 *
 * @example
 *   valueAt({ data: { name: 'x' } }, dotted('data.name')) // → { present: true, value: 'x' }
 *   valueAt({}, dotted('constructor'))                    // → { present: false, value: undefined }
 */

export interface Found {
  present: boolean;
  value: unknown;
}

const NOTHING: Found = { present: false, value: undefined };

/** `a.b.0` → ['a', 'b', '0'] (empty segments dropped). */
export function dotted(path: string): string[] {
  return path.split('.').filter(Boolean);
}

/** `/a/b~1c` → ['a', 'b/c']: a JSON Pointer's segments, unescaped. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** ['a', 'b/c'] → `/a/b~1c`. */
export function toPointer(segments: readonly string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The value at `segments` inside `root`, following own properties only. */
export function valueAt(root: unknown, segments: readonly string[]): Found {
  let node: unknown = root;
  for (const part of segments) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return NOTHING;
    node = (node as Record<string, unknown>)[part];
  }
  return node === undefined ? NOTHING : { present: true, value: node };
}

/** The object holding the last segment (the `{kind, id}` whose `id` failed), if it is one. */
export function parentAt(root: unknown, segments: readonly string[]): Record<string, unknown> | undefined {
  const parent = segments.length ? valueAt(root, segments.slice(0, -1)) : NOTHING;
  return parent.present && parent.value !== null && typeof parent.value === 'object'
    ? (parent.value as Record<string, unknown>)
    : undefined;
}
