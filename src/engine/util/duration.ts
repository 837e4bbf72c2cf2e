/**
 * Durations as people write them in admin calls and rule files: a number of milliseconds, or
 * `"500ms"`, `"90s"`, `"20m"`, `"1h"`, `"1h30m"`, `"2d"` (optionally negative: `"-5m"`).
 *
 * @example
 *   parseDuration('1h30m') // → 5_400_000
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/** Milliseconds, or undefined when the value is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // A number too large for a double ("9" × 400) is no duration, not Infinity.
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number.isFinite(Number(text)) ? Number(text) : undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/, '');
  if (!body) return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let at = 0;
  for (let m = PART.exec(body); m; m = PART.exec(body)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = PART.lastIndex;
  }
  return at === body.length && Number.isFinite(total) ? sign * total : undefined;
}
