/**
 * One Ajv (JSON Schema 2020-12) instance per spec, holding the whole document, so any schema in it
 * can be checked by JSON Pointer: responses before they are sent, merged documents in handlers,
 * named examples in tests, fixtures and imported state.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SpecDoc } from './load.js';
import type { ValidationIssue } from '../types.js';
import { pointerSegments, valueAt } from '../util/value-path.js';

// ajv-formats is CommonJS with `exports.default`: under Node's ESM loader the plugin is `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export function newAjv(extra: { coerceTypes?: 'array' } = {}) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, discriminator: false, ...extra });
  addFormats(ajv);
  return ajv;
}

export class SchemaSet {
  private ajv = newAjv();
  /** Parameters arrive as strings: this one coerces them like express-openapi-validator does. */
  private paramAjv = newAjv({ coerceTypes: 'array' });
  private cache = new Map<string, ValidateFunction>();
  private readonly id: string;

  constructor(doc: SpecDoc, id: string) {
    this.id = `mock:${id}`;
    this.ajv.addSchema(doc as object, this.id);
    this.paramAjv.addSchema(doc as object, this.id);
  }

  /** Validates one request parameter's raw value against its schema, with type coercion. */
  checkParam(pointer: string, raw: unknown, where: string, name: string): ValidationIssue[] {
    const key = `param:${pointer}`;
    let fn = this.cache.get(key);
    if (!fn) {
      // Wrapped in an object so that coercion has a parent to write the coerced value into.
      fn = this.paramAjv.compile({ type: 'object', properties: { v: { $ref: `${this.id}${pointer}` } } }) as ValidateFunction;
      this.cache.set(key, fn);
    }
    if (fn({ v: raw })) return [];
    return toIssues(fn.errors ?? [], where).map((i) => ({ ...i, path: [name, ...i.path.slice(1)], value: raw }));
  }

  /** Validates `value` against the schema at `pointer` (`#/components/schemas/Group`). */
  check(pointer: string, value: unknown, where = 'value'): ValidationIssue[] {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${this.id}${pointer}` }) as ValidateFunction;
      this.cache.set(pointer, fn);
    }
    return fn(value) ? [] : toIssues(fn.errors ?? [], where, value);
  }
}

/** Turns Ajv errors into engine issues, with `required` pointing at the missing field itself. */
export function toIssues(errors: ErrorObject[], where: string, root?: unknown): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const e of errors) {
    // Composite keywords only repeat what their branches said.
    if (['allOf', 'anyOf', 'if', 'then', 'else'].includes(e.keyword)) continue;
    const path = pointerSegments(e.instancePath);
    if (e.keyword === 'required') path.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties') path.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const key = `${path.join('.')}|${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A missing field has no value (not its parent's: that would be the whole body at the root).
    const value = e.keyword === 'required' ? undefined : valueAt(root, path).value;
    issues.push({ in: where, path, keyword: e.keyword, message: e.message ?? e.keyword, params: e.params as Record<string, unknown>, ...(value !== undefined ? { value } : {}) });
  }
  return issues;
}
