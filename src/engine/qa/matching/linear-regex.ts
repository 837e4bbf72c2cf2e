/**
 * Regular expressions from clients (fault-rule matchers, journal filters) run on the server's only
 * thread, so they run on a linear-time engine: re2js, a port of RE2. No pattern can backtrack —
 * `^(a|aa)+$` against a long header takes microseconds, where JavaScript's own engine would take
 * years. What RE2 cannot do in linear time (backreferences, lookaround) is refused with the reason.
 * A regex sees at most the first 4096 characters of a value.
 *
 * @example
 *   const test = compileLinearRegex('^(a|aa)+$', 'i', 'match.headers.X-Client');
 *   test('a'.repeat(4000) + 'b') // → false, at once
 */
import { RE2JS } from 're2js';

/** A regex is tested against at most this many characters of a value. */
export const MAX_REGEX_INPUT = 4096;

/** JavaScript flags RE2 has a counterpart for; `g`, `y` and `d` mean nothing to a yes/no test. */
const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE };

/** Why RE2 refused a pattern, in words a rule author can act on. */
function reason(message: string): string {
  if (/invalid escape sequence: `\\[1-9k]/.test(message))
    return 'backreferences are not supported (they cannot run in linear time)';
  if (/\(\?[=!<]/.test(message)) return 'lookahead and lookbehind are not supported (they cannot run in linear time)';
  return message.replace(/^error parsing regexp: /, '');
}

/** A test of `source` (flags as in JavaScript) that finds a match anywhere in the value; throws naming `where`. */
export function compileLinearRegex(source: string, flags: string, where: string): (text: string) => boolean {
  let bits = 0;
  for (const f of flags) {
    if (f === 'g' || f === 'y' || f === 'd' || f === 'u') continue;
    const bit = FLAGS[f];
    if (bit === undefined) throw new Error(`${where}: unknown regular expression flag "${f}"`);
    bits |= bit;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, bits);
  } catch (err) {
    throw new Error(`${where}: regular expression not accepted: ${reason((err as Error).message)}`);
  }
  return (text) => re.matcher(text.slice(0, MAX_REGEX_INPUT)).find();
}
