/**
 * Value matchers shared by fault rules (`match`) and the request journal's count matcher
 * (WireMock style). A matcher is written in JSON:
 *
 * - `"text"` — equal to this string; `"/^Bearer .+/i"` (slashes) — matches this regular expression;
 * - `42`, `true`, `null`, `{...}`, `[...]` — deeply equal to this value;
 * - `{ "matches": "regex" }`, `{ "equalTo": value }`, `{ "absent": true }`, `{ "present": true }`.
 *
 * @example
 *   compileMatcher('/^Bearer /', 'headers.authorization')('Bearer abc', true) // → true
 */
import { dotted, valueAt, type Found } from '../../util/value-path.js';
import { ExactInteger } from '../../util/exact-integer.js';
import { compileLinearRegex } from './linear-regex.js';

/** Tests a value; `present` is false when the header, parameter or field is missing. */
export type ValueTest = (value: unknown, present: boolean) => boolean;

const SLASHED = /^\/(.*)\/([dgimsuy]*)$/s;
const OPERATORS = ['matches', 'equalTo', 'absent', 'present'];

/** Compiles a matcher; throws an Error naming `where` when it is not a usable one. */
export function compileMatcher(spec: unknown, where: string): ValueTest {
  if (typeof spec === 'string') {
    const slashed = SLASHED.exec(spec);
    return slashed ? regexTest(slashed[1]!, slashed[2]!, where) : (v, present) => present && stringOf(v) === spec;
  }
  if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
    const keys = Object.keys(spec);
    if (keys.length === 1 && OPERATORS.includes(keys[0]!)) {
      const [key, arg] = Object.entries(spec)[0]!;
      if (key === 'matches') {
        if (typeof arg !== 'string') throw new Error(`${where}: "matches" takes a regular expression as a string`);
        return regexTest(arg, '', where);
      }
      if (key === 'equalTo') return (v, present) => present && deepEqual(v, arg);
      if (key === 'absent' || key === 'present') {
        if (typeof arg !== 'boolean') throw new Error(`${where}: "${key}" takes true or false`);
        const wantPresent = key === 'present' ? arg : !arg;
        return (_v, present) => present === wantPresent;
      }
    }
  }
  // Headers and query parameters are strings: 5 matches "5".
  const asText = typeof spec === 'number' || typeof spec === 'boolean' ? String(spec) : undefined;
  return (v, present) => present && (deepEqual(v, spec) || (asText !== undefined && v === asText));
}

/** Compiles `{ name: matcher }`; throws when the object or one of its matchers is unusable. */
export function compileMatchers(spec: unknown, where: string): Array<{ key: string; test: ValueTest }> {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new Error(`${where} must be an object of name → value (or /regex/)`);
  return Object.entries(spec).map(([key, m]) => ({ key, test: compileMatcher(m, `${where}.${key}`) }));
}

function regexTest(source: string, flags: string, where: string): ValueTest {
  const test = compileLinearRegex(source, flags, where);
  return (v, present) => present && v !== null && (typeof v !== 'object' || v instanceof ExactInteger) && test(stringOf(v));
}

function stringOf(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Where a matcher looks: a header (case-insensitive), a query parameter, a body field (dotted path). */
export type MatchPlace = 'headers' | 'query' | 'body';

/** The value a matcher for `key` in `where` is tested against, and whether it is there. */
export function fieldOf(where: MatchPlace, req: { headers: Record<string, unknown>; query: Record<string, unknown>; body: unknown }, key: string): Found {
  if (where === 'headers') return headerValue(req.headers, key);
  if (where === 'query') return valueAt(req.query, [key]);
  return valueAt(req.body, dotted(key));
}

/** A header's value by case-insensitive name. */
export function headerValue(headers: Record<string, unknown>, name: string): Found {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted && v !== undefined) return { value: stringOf(v), present: true };
  return { value: undefined, present: false };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as any)[k], (b as any)[k]));
}
