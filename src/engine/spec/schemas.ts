/**
 * One Ajv (JSON Schema 2020-12) instance per spec, holding the whole document, so any schema in it
 * can be checked by JSON Pointer: requests, responses before they are sent, merged documents in
 * handlers, named examples in tests, fixtures and imported state.
 *
 * Every check costs time linear in the value and lists at most `MAX_ISSUES` issues (see
 * linear-schema.ts for why each schema is compiled with its references inlined). A check can ask
 * for the first issue only (`first`): Ajv then stops at it, which is what a request answered
 * without its issues (a failed login, a fault rule) or a body too large to list pays for.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SpecDoc } from './load.js';
import { MAX_ISSUES, type ValidationIssue } from '../types.js';
import { pointerSegments, valueAt } from '../util/value-path.js';
import { linearSchema } from './linear-schema.js';

// ajv-formats is CommonJS with `exports.default`: under Node's ESM loader the plugin is `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export function newAjv(extra: { coerceTypes?: 'array'; allErrors?: boolean } = {}) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, discriminator: false, ...extra });
  addFormats(ajv);
  return ajv;
}

/** What a check found: the issues (at most `MAX_ISSUES`), and whether more may exist than are listed. */
export interface CheckResult {
  issues: ValidationIssue[];
  incomplete: boolean;
}

export class SchemaSet {
  private ajv = newAjv();
  /** Stops at the first error: the cheap answer to "is it valid, and what is the first thing wrong". */
  private firstAjv = newAjv({ allErrors: false });
  /** Parameters arrive as strings: this one coerces them (`"5"` → 5, `"true"` → true) as it checks them. */
  private paramAjv = newAjv({ coerceTypes: 'array' });
  private cache = new Map<string, ValidateFunction>();
  private readonly id: string;
  private readonly doc: SpecDoc;

  constructor(doc: SpecDoc, id: string) {
    this.id = `mock:${id}`;
    this.doc = doc;
    for (const ajv of [this.ajv, this.firstAjv, this.paramAjv]) ajv.addSchema(doc as object, this.id);
  }

  /** Validates one request parameter's raw value against its schema, with type coercion. */
  checkParam(pointer: string, raw: unknown, where: string, name: string): ValidationIssue[] {
    return this.readParam(pointer, raw, where, name).issues;
  }

  /**
   * One request parameter's raw value (text, repeated text, or a bracket key's object) against its
   * schema, coerced as Ajv coerces (`"5"` → 5, `"true"` → true): the issues, and the value as read.
   * Never changes `raw`.
   */
  readParam(pointer: string, raw: unknown, where: string, name: string): { issues: ValidationIssue[]; value: unknown } {
    const key = `param:${pointer}`;
    let fn = this.cache.get(key);
    if (!fn) {
      // Wrapped in an object so that coercion has a parent to write the coerced value into.
      fn = this.paramAjv.compile({
        type: 'object',
        properties: { v: linearSchema(this.doc, pointer, this.id) },
      }) as ValidateFunction;
      this.cache.set(key, fn);
    }
    // A copy of an array: coercion writes into the wrapper (and into an array it holds).
    const holder = { v: Array.isArray(raw) ? [...raw] : raw };
    if (fn(holder)) return { issues: [], value: holder.v };
    const issues = toIssues(fn.errors ?? [], where).issues.map((i) => ({
      ...i,
      path: [name, ...i.path.slice(1)],
      value: raw,
    }));
    return { issues, value: raw };
  }

  /** Validates `value` against the schema at `pointer` (`#/components/schemas/Group`); at most `MAX_ISSUES` issues. */
  check(pointer: string, value: unknown, where = 'value'): ValidationIssue[] {
    return this.checkBounded(pointer, value, where, 'all').issues;
  }

  /**
   * `check`, saying whether the list is whole; `first` looks for the first issue only (Ajv stops
   * there), `all` lists them up to `MAX_ISSUES` (Ajv still visits the whole value: linear, not capped).
   */
  checkBounded(pointer: string, value: unknown, where: string, listing: 'first' | 'all'): CheckResult {
    const key = `${listing}:${pointer}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = (listing === 'first' ? this.firstAjv : this.ajv).compile(
        linearSchema(this.doc, pointer, this.id) as object,
      ) as ValidateFunction;
      this.cache.set(key, fn);
    }
    if (fn(value)) return { issues: [], incomplete: false };
    const found = toIssues(fn.errors ?? [], where, value);
    return { issues: found.issues, incomplete: found.incomplete || listing === 'first' };
  }
}

/** Composite keywords only repeat what their branches said. */
const COMPOSITE = new Set(['allOf', 'anyOf', 'if', 'then', 'else']);

/**
 * Turns Ajv errors into engine issues, with `required` pointing at the missing field itself; stops
 * at `MAX_ISSUES` (`incomplete` then). An error list of composites only still gives one issue.
 */
export function toIssues(errors: ErrorObject[], where: string, root?: unknown): CheckResult {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  let incomplete = false;
  const add = (e: ErrorObject) => {
    const path = pointerSegments(e.instancePath);
    if (e.keyword === 'required') path.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties')
      path.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const key = `${path.join('.')}|${e.keyword}`;
    if (seen.has(key)) return;
    seen.add(key);
    // A missing field has no value (not its parent's: that would be the whole body at the root).
    const value = e.keyword === 'required' ? undefined : valueAt(root, path).value;
    issues.push({
      in: where,
      path,
      keyword: e.keyword,
      message: e.message ?? e.keyword,
      params: e.params as Record<string, unknown>,
      ...(value !== undefined ? { value } : {}),
    });
  };
  for (const e of errors) {
    if (issues.length >= MAX_ISSUES) {
      incomplete = true;
      break;
    }
    if (!COMPOSITE.has(e.keyword)) add(e);
  }
  if (!issues.length && errors.length) add(errors[0]!);
  return { issues, incomplete };
}
