/**
 * Reading an OpenAPI document and following its local references (`#/components/...`), once, at
 * start-up. Nothing here knows HTTP.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { pointerSegments } from '../util/value-path.js';

export type SpecDoc = Record<string, any>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Where the build keeps a spec as JSON (`openapi/kazoo.yaml` → `dist/openapi/kazoo.json`): parsing
 * YAML was a quarter of the start-up, JSON parses about ten times faster.
 */
export function specCacheFile(file: string): string {
  return join(dirname(file), '..', 'dist', 'openapi', `${basename(file).replace(/\.ya?ml$/i, '')}.json`);
}

/** Writes the JSON copy of a spec (run by `npm run build`). */
export function writeSpecCache(file: string, to = specCacheFile(file)): void {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, JSON.stringify(parse(readFileSync(file, 'utf8'))));
}

/** The spec: its JSON copy when the build made one since the YAML last changed, else the YAML itself. */
export function loadSpec(file: string): SpecDoc {
  const cached = specCacheFile(file);
  if (existsSync(cached) && statSync(cached).mtimeMs >= statSync(file).mtimeMs)
    return JSON.parse(readFileSync(cached, 'utf8')) as SpecDoc;
  return parse(readFileSync(file, 'utf8')) as SpecDoc;
}

export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows a local `#/...` JSON Pointer. */
export function resolvePointer(doc: SpecDoc, pointer: string): any {
  if (!pointer.startsWith('#')) throw new Error(`only local references are supported: ${pointer}`);
  let node: any = doc;
  for (const part of pointerSegments(pointer.slice(1))) {
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, part) ? node[part] : undefined;
    if (node === undefined) throw new Error(`unresolvable reference ${pointer}`);
  }
  return node;
}

/** Resolves `$ref` chains at the top of a node; returns the node and the pointer it lives at. */
export function deref(doc: SpecDoc, node: any, pointer: string): { node: any; pointer: string } {
  let guard = 0;
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (++guard > 32) throw new Error(`reference loop at ${pointer}`);
    pointer = node.$ref;
    node = resolvePointer(doc, pointer);
  }
  return { node, pointer };
}

/** A copy of a schema with every local `$ref` replaced by its target (for json-schema-faker). */
export function inlineRefs(doc: SpecDoc, node: any, depth = 0): any {
  if (depth > 40) return {};
  if (Array.isArray(node)) return node.map((n) => inlineRefs(doc, n, depth + 1));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') return inlineRefs(doc, resolvePointer(doc, node.$ref), depth + 1);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-') || k === 'example' || k === 'examples') continue;
    out[k] = inlineRefs(doc, v, depth + 1);
  }
  return out;
}
