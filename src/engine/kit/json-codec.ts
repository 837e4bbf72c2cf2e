/**
 * How an API's JSON bodies are read and written. `plainJson` is `JSON`. `losslessJson` (the
 * lossless-json library) keeps integers past 2^53 exact: they are read as `bigint` and written back
 * digit for digit, so a 64-bit id such as MDM's 9007199254740993 survives a round trip — and a client
 * that rounds it is caught instead of copied. Validators see `toPlain(value)` (bigints as numbers:
 * the same types, as near as a double can say), handlers the exact value.
 *
 * @example
 *   defineApi<operations, Principal>()({ ..., json: losslessJson })
 *   losslessJson.parse('{"id":9007199254740993}') // → { id: 9007199254740993n }
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import type { JsonCodec } from '../types.js';

export const plainJson: JsonCodec = {
  parse: (text) => JSON.parse(text),
  stringify: (value) => JSON.stringify(value),
  toPlain: (value) => value,
};

/** Integers beyond the safe range as bigints; every other number as a number. */
function parseNumber(text: string): number | bigint {
  return !isSafeNumber(text) && isInteger(text) ? BigInt(text) : Number(text);
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, k, { value: plain(v), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Whether a value holds a bigint anywhere (plain values skip the copy). */
function holdsBigInt(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  return Array.isArray(value) ? value.some(holdsBigInt) : Object.values(value).some(holdsBigInt);
}

export const losslessJson: JsonCodec = {
  parse: (text) => parse(text, null, parseNumber),
  stringify: (value) => stringify(value) ?? 'null',
  toPlain: (value) => (holdsBigInt(value) ? plain(value) : value),
};
