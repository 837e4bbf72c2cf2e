/**
 * 64-bit integer ids (MDM's group, device and user ids), which may be past 2^53. With the lossless
 * codec a body or path id arrives as a `number` when it is safe and as a `bigint` when it is not; the
 * generated types can only say `number`. These helpers are the one place that bridges the two:
 * state keeps ids as decimal strings (exact, and JSON for the admin API), and replies write them as
 * exact integers again.
 *
 * @example
 *   const key = idKey(ctx.params.group_id);   // 9007199254740993n → '9007199254740993'
 *   return { status: 200, body: { group_id: wireId(key) } };   // written as 9007199254740993
 */

/** An id as it may arrive: a number, a bigint past 2^53 (the lossless codec), or digits. */
export type Int64Like = number | bigint | string;

const DIGITS = /^-?\d{1,19}$/;
const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/** Whether the value is an integer within the signed 64-bit range. */
export function isInt64(value: unknown): value is Int64Like {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return false;
    big = BigInt(value);
  } else if (typeof value === 'string' && DIGITS.test(value)) big = BigInt(value);
  else return false;
  return big >= MIN && big <= MAX;
}

/** The id as exact decimal digits (the form state keeps). Throws on a non-integer. */
export function idKey(value: Int64Like): string {
  if (!isInt64(value)) throw new TypeError(`not a 64-bit integer: ${String(value)}`);
  return BigInt(value).toString();
}

/**
 * The id as a reply carries it: a number while it is safe, else a bigint that the lossless codec
 * writes digit for digit. Typed `number` because that is what the generated types say an int64 is.
 */
export function wireId(key: string | bigint): number {
  const big = BigInt(key);
  return (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big) as unknown as number;
}

/** Compares two ids numerically (for sorting listings by id). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
