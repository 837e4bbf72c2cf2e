/**
 * Integer parameters past what a double holds exactly. A path or query value is text, and a client
 * may send any number of digits (`page_size=9007199254740992`, an offset of 400 nines). Read here,
 * in one place, for both the request check and the handlers:
 * - an `int64` parameter (an id) is read exactly: a bigint past 2^53, as the lossless JSON codec
 *   reads body ids; any other integer (a page size, an offset, a time) is read as the nearest
 *   double, at most ±`Number.MAX_VALUE` — what its value means ("more than there is") survives, and
 *   handlers typed `number` by the generated types get a number;
 * - the check (check-request.ts): Ajv's coercion reads a numeral as the nearest double, so a
 *   numeral of 309 digits or more is `Infinity`, and ajv-formats' `int64` is any integer a double
 *   holds (`2^64` passes). Every numeral past 2^53 is checked again here against the parameter's
 *   schema, and an `int64` one against the int64 range (rare, so free).
 */
import type { ValidationIssue } from '../types.js';
import type { SchemaSet } from './schemas.js';
import type { OperationDoc, ParameterDoc } from './spec-index.js';

const INTEGER = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether a path or query value is an integer numeral a double does not hold exactly. */
export function isHugeInteger(raw: string): boolean {
  return INTEGER.test(raw) && !Number.isSafeInteger(Number(raw));
}

/** An integer parameter's numeral as a handler gets it (see above); `undefined` when it is no integer numeral. */
export function readInteger(param: Pick<ParameterDoc, 'format'> | undefined, raw: string): number | bigint | undefined {
  if (!INTEGER.test(raw)) return undefined;
  const n = Number(raw);
  if (Number.isSafeInteger(n)) return n;
  if (param?.format === 'int64') return BigInt(raw);
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, n));
}

/** Issues of the operation's integer and number parameters whose values are huge numerals. */
export function hugeIntegerIssues(
  schemas: SchemaSet,
  op: OperationDoc,
  params: Record<string, string>,
  query: Record<string, string | string[]>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const p of op.parameters) {
    if ((p.type !== 'integer' && p.type !== 'number') || !p.schemaPointer || (p.in !== 'path' && p.in !== 'query'))
      continue;
    const source = p.in === 'path' ? params : query;
    const raw = Object.hasOwn(source, p.name) ? source[p.name] : undefined;
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (!values.some(isHugeInteger)) continue;
    const found = schemas.checkParam(p.schemaPointer, raw, p.in, p.name);
    const outOfInt64 =
      p.format === 'int64' && values.some((v) => INTEGER.test(v) && (BigInt(v) < INT64_MIN || BigInt(v) > INT64_MAX));
    if (!found.length && outOfInt64)
      found.push({
        in: p.in,
        path: [p.name],
        keyword: 'format',
        message: 'must match format "int64"',
        params: { format: 'int64' },
        value: raw,
      });
    for (const issue of found) issues.push(issue);
  }
  return issues;
}
