/**
 * Value matchers shared by fault rules (`match`) and the request journal's count matcher
 * (WireMock style). A matcher is written in JSON:
 *
 * - `"text"` — equal to this string; `"/^Bearer .+/i"` (slashes) — matches this regular expression;
 * - `42`, `true` — equal (a header or query value `"42"` too); in a body, `null`, `{...}`, `[...]`
 *   — deeply equal to this value;
 * - WireMock's words: `{ "equalTo": value }` (`"caseInsensitive": true` beside it for text),
 *   `{ "contains": "text" }`, `{ "doesNotContain": "text" }`, `{ "matches": "regex" }`,
 *   `{ "doesNotMatch": "regex" }`, `{ "absent": true }`, and `{ "present": true }`.
 *
 * What cannot match is refused with the forms that can, never taken as a literal that matches
 * nothing: an object for a header (a header is text), WireMock's other words (`equalToJson`,
 * `matchesJsonPath`, `before`, `and`, …), or matcher words mixed with other fields.
 *
 * @example
 *   compileMatcher('/^Bearer /', 'headers.authorization')('Bearer abc', true) // → true
 *   compileMatcher({ contains: 'okhttp' }, 'headers.user-agent', 'headers')('okhttp/4.12', true) // → true
 */
import { dotted, valueAt, type Found } from '../../util/value-path.js';
import { ExactInteger } from '../../util/exact-integer.js';
import { compileLinearRegex } from './linear-regex.js';

/** Tests a value; `present` is false when the header, parameter or field is missing. */
export type ValueTest = (value: unknown, present: boolean) => boolean;

/** Where a matcher looks: a header (case-insensitive), a query parameter, a body field (dotted path). */
export type MatchPlace = 'headers' | 'query' | 'body';

const SLASHED = /^\/(.*)\/([dgimsuy]*)$/s;
/** The matcher words taken (WireMock's, and `present`), with what each takes. */
const OPERATORS: Record<string, string> = {
  equalTo: '{"equalTo": value} (with "caseInsensitive": true for text)',
  contains: '{"contains": "text"}',
  doesNotContain: '{"doesNotContain": "text"}',
  matches: '{"matches": "regex"}',
  doesNotMatch: '{"doesNotMatch": "regex"}',
  absent: '{"absent": true}',
  present: '{"present": true}',
};
/** WireMock's matcher words this mock does not take: refused by name rather than compared as data. */
const OTHER_WIREMOCK_WORDS = [
  'binaryEqualTo',
  'equalToJson',
  'matchesJsonPath',
  'equalToXml',
  'matchesXPath',
  'before',
  'after',
  'equalToDateTime',
  'and',
  'or',
  'not',
  'hasExactly',
  'includes',
  'caseInsensitive',
];

/** The forms a matcher may take in a place, for error messages. */
export function acceptedForms(place?: MatchPlace): string[] {
  const plain =
    place === 'body'
      ? ['"text" (equal)', '"/regex/flags"', 'any JSON value (deeply equal)']
      : ['"text" (equal)', '"/regex/flags"', 'a number or true/false (equal to its text)'];
  return [...plain, ...Object.values(OPERATORS)];
}

/** An error naming `where`, with the forms accepted there. */
export class MatcherError extends Error {
  constructor(
    message: string,
    readonly accepted: string[],
  ) {
    super(message);
  }
}

const fail = (where: string, message: string, place?: MatchPlace): never => {
  throw new MatcherError(`${where}: ${message}`, acceptedForms(place));
};

/** Compiles a matcher; throws a MatcherError naming `where` when it is not a usable one. */
export function compileMatcher(spec: unknown, where: string, place?: MatchPlace): ValueTest {
  if (typeof spec === 'string') {
    const slashed = SLASHED.exec(spec);
    return slashed ? regexTest(slashed[1]!, slashed[2]!, where) : (v, present) => present && stringOf(v) === spec;
  }
  if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
    const keys = Object.keys(spec);
    const words = keys.filter((k) => Object.hasOwn(OPERATORS, k));
    const foreign = keys.filter((k) => OTHER_WIREMOCK_WORDS.includes(k) && k !== 'caseInsensitive');
    if (foreign.length) fail(where, `${foreign.join(', ')} is a WireMock matcher this mock does not take`, place);
    if (words.length) return operatorTest(spec as Record<string, unknown>, words, where, place);
    if (keys.includes('caseInsensitive')) fail(where, 'caseInsensitive goes beside equalTo or contains', place);
    if (place === 'headers' || place === 'query')
      fail(
        where,
        `an object never equals a ${place === 'headers' ? 'header' : 'query parameter'}, which is text: ${JSON.stringify(spec).slice(0, 80)}`,
        place,
      );
  }
  if (place === 'headers' && (spec === null || Array.isArray(spec)))
    fail(where, `${JSON.stringify(spec).slice(0, 80)} never equals a header, which is text`, place);
  // Headers and query parameters are strings: 5 matches "5".
  const asText = typeof spec === 'number' || typeof spec === 'boolean' ? String(spec) : undefined;
  return (v, present) => present && (deepEqual(v, spec) || (asText !== undefined && v === asText));
}

/** `{equalTo | contains | doesNotContain | matches | doesNotMatch | absent | present}` (one of them, caseInsensitive beside the first two). */
function operatorTest(spec: Record<string, unknown>, words: string[], where: string, place?: MatchPlace): ValueTest {
  const keys = Object.keys(spec);
  const key = words[0]!;
  const others = keys.filter(
    (k) => k !== key && !(k === 'caseInsensitive' && (key === 'equalTo' || key === 'contains')),
  );
  if (words.length > 1) fail(where, `one matcher word at a time, not ${words.join(' and ')}`, place);
  if (others.length) {
    fail(
      where,
      `${key} takes no other field beside it (${others.join(', ')})${place === 'body' ? `; to match an object with such fields, use {"equalTo": {...}}` : ''}`,
      place,
    );
  }
  const arg = spec[key];
  const caseInsensitive = spec.caseInsensitive;
  if (caseInsensitive !== undefined && typeof caseInsensitive !== 'boolean')
    fail(where, 'caseInsensitive takes true or false', place);
  const fold = caseInsensitive === true ? (t: string) => t.toLowerCase() : (t: string) => t;
  const text = (what: string): string =>
    typeof arg === 'string' ? arg : fail(where, `"${key}" takes ${what} as a string`, place);
  switch (key) {
    case 'matches':
      return regexTest(text('a regular expression'), '', where);
    case 'doesNotMatch': {
      const test = regexTest(text('a regular expression'), '', where);
      return (v, present) => present && isText(v) && !test(v, present);
    }
    case 'contains': {
      const part = fold(text('text'));
      return (v, present) => present && isText(v) && fold(stringOf(v)).includes(part);
    }
    case 'doesNotContain': {
      const part = text('text');
      return (v, present) => present && isText(v) && !stringOf(v).includes(part);
    }
    case 'absent':
    case 'present': {
      if (typeof arg !== 'boolean') fail(where, `"${key}" takes true or false`, place);
      const wantPresent = key === 'present' ? arg : !arg;
      return (_v, present) => present === wantPresent;
    }
    default: {
      if (
        (place === 'headers' || place === 'query') &&
        arg !== null &&
        typeof arg === 'object' &&
        !(place === 'query' && Array.isArray(arg))
      ) {
        fail(
          where,
          `equalTo: an object never equals a ${place === 'headers' ? 'header' : 'query parameter'}, which is text`,
          place,
        );
      }
      if (caseInsensitive === true) {
        const wanted = fold(
          typeof arg === 'string' ? arg : fail(where, 'caseInsensitive compares text: equalTo must be a string', place),
        );
        return (v, present) => present && isText(v) && fold(stringOf(v)) === wanted;
      }
      const asText = typeof arg === 'number' || typeof arg === 'boolean' ? String(arg) : undefined;
      return (v, present) => present && (deepEqual(v, arg) || (asText !== undefined && v === asText));
    }
  }
}

/** A value matched as text: a string, a number, true/false, or an exact integer (not an object or null). */
const isText = (v: unknown): boolean =>
  v !== null && v !== undefined && (typeof v !== 'object' || v instanceof ExactInteger || Array.isArray(v));

/** Compiles `{ name: matcher }`; throws when the object or one of its matchers is unusable. */
export function compileMatchers(
  spec: unknown,
  where: string,
  place?: MatchPlace,
): Array<{ key: string; test: ValueTest }> {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec))
    throw new MatcherError(`${where} must be an object of name → matcher`, acceptedForms(place));
  return Object.entries(spec).map(([key, m]) => ({ key, test: compileMatcher(m, `${where}.${key}`, place) }));
}

function regexTest(source: string, flags: string, where: string): ValueTest {
  let test: (text: string) => boolean;
  try {
    test = compileLinearRegex(source, flags, where);
  } catch (err) {
    throw new MatcherError((err as Error).message, acceptedForms());
  }
  return (v, present) =>
    present && v !== null && (typeof v !== 'object' || v instanceof ExactInteger) && test(stringOf(v));
}

function stringOf(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** The value a matcher for `key` in `where` is tested against, and whether it is there. */
export function fieldOf(
  where: MatchPlace,
  req: { headers: Record<string, unknown>; query: Record<string, unknown>; body: unknown },
  key: string,
): Found {
  if (where === 'headers') return headerValue(req.headers, key);
  if (where === 'query') return valueAt(req.query, [key]);
  return valueAt(req.body, dotted(key));
}

/** A header's value by case-insensitive name. */
export function headerValue(headers: Record<string, unknown>, name: string): Found {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() === wanted && v !== undefined) return { value: stringOf(v), present: true };
  return { value: undefined, present: false };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
