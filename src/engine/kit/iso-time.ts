/**
 * ISO 8601 times, strictly: reading the date-times clients send (an offset or `Z` required, no
 * impossible dates such as 2024-02-30), and writing engine-clock times the ways vendors write them —
 * UTC with or without milliseconds, or local time with the offset of an IANA time zone.
 *
 * @example
 *   parseIsoDateTime('2026-03-01T10:00:00+01:00') // → 1772355600000
 *   parseIsoDateTime('2026-02-30T10:00:00Z')      // → undefined
 *   isoInZone(1772355600000, 'Europe/Amsterdam')  // → '2026-03-01T10:00:00+01:00'
 */

/** An ISO 8601 date and time with seconds and fractions optional and the offset (or Z) required. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant a strict ISO 8601 date-time stands for, in ms since the epoch; undefined for anything
 * else, including impossible dates and times without an offset, whose instant would depend on the
 * time zone of the process.
 */
export function parseIsoDateTime(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
    return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offset;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * What is wrong with a date-time `parseIsoDateTime` refuses, in words an operator can act on;
 * undefined when it is fine. Never more than the first 40 characters of the value are quoted.
 *
 * @example
 *   isoDateTimeProblem('2026-03-01T10:00:00')  // → '"2026-03-01T10:00:00" has no offset: …'
 *   isoDateTimeProblem('2026-02-30T10:00:00Z') // → '"2026-02-30T10:00:00Z" is not a date: February 2026 has 28 days'
 */
export function isoDateTimeProblem(value: string): string | undefined {
  if (parseIsoDateTime(value) !== undefined) return undefined;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const example = 'such as 2026-03-01T10:00:00Z or 2026-03-01T11:00:00+01:00';
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!local) return `${shown} is not an ISO 8601 date-time ${example}`;
  const [year, month, day, hour, minute, second] = [
    local[1],
    local[2],
    local[3],
    local[4],
    local[5],
    local[6] ?? '0',
  ].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return `${shown} is not a date: there is no month ${month}`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `${shown} is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`;
  if (hour > 23 || minute > 59 || second > 59)
    return `${shown} is not a time of day: hours go to 23, minutes and seconds to 59`;
  if (local[8] === undefined)
    return `${shown} has no offset: add Z (UTC) or one such as +01:00 — without it the instant would depend on the time zone of the machine`;
  return `${shown} has an impossible offset: its hours go to 23, its minutes to 59`;
}

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * An instant as operators and clients write one: milliseconds since the epoch (a number, or a
 * string of digits), or a strict ISO 8601 date-time with its offset. The error says what is wrong.
 *
 * @example
 *   parseInstant('2026-03-01T10:00:00+01:00') // → { ms: 1772355600000 }
 *   parseInstant(1772355600000)               // → { ms: 1772355600000 }
 *   parseInstant('2026-03-01 10:00')          // → { error: '"2026-03-01 10:00" is not an ISO 8601 date-time …' }
 */
export function parseInstant(value: unknown): { ms: number } | { error: string } {
  if (typeof value === 'number')
    return Number.isFinite(value) ? { ms: value } : { error: `${value} is not a number of milliseconds` };
  if (typeof value !== 'string')
    return { error: `a time is a string or a number, not ${value === null ? 'null' : typeof value}` };
  if (/^\d{1,16}$/.test(value)) return { ms: Number(value) };
  const ms = parseIsoDateTime(value);
  return ms === undefined ? { error: isoDateTimeProblem(value)! } : { ms };
}

/** `2026-03-01T09:00:00.000Z`. */
export const isoUtc = (ms: number): string => new Date(ms).toISOString();

/** `2026-03-01T09:00:00Z`: UTC without milliseconds. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(timeZone, f);
  }
  return f;
}

/** Whether Node knows the IANA time zone (`Europe/Amsterdam`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    zoneFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The offset of `timeZone` from UTC at the instant `ms`, in minutes (east positive). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    zoneFormat(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((local - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

/** Local time in `timeZone` with its offset: `2026-03-01T10:00:00+01:00` (`withMs` adds `.000`). */
export function isoInZone(ms: number, timeZone: string, opts: { withMs?: boolean } = {}): string {
  const offset = zoneOffsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, opts.withMs ? 23 : 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
