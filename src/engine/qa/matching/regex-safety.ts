/**
 * A simple check for regular expressions that can backtrack exponentially (ReDoS), in the manner of
 * `safe-regex`: a quantified group that itself holds a quantifier — `(a+)+`, `(\w*\s?)*`,
 * `(?:x+y){2,}` — or a backreference. Client regexes run on the server's only thread: one bad
 * pattern against a 30-character header can hold every request for seconds.
 *
 * @example
 *   regexHazard('^(a+)+$') // → 'a quantified group that itself holds a quantifier: (a+)+'
 *   regexHazard('^mobile-') // → undefined
 */

/** Quantifiers counted: `*`, `+` and `{n}`, `{n,}`, `{n,m}` (a `?` cannot repeat anything). */
const BRACES = /\{\d+(?:,\d*)?\}/y;

/** Why the regex (its source, without slashes) is unsafe, or undefined. */
export function regexHazard(source: string): string | undefined {
  /** Per open group: where it starts and whether anything in it (nested groups too) is quantified. */
  const open: Array<{ start: number; holds: boolean }> = [];
  let holds = false;
  /** The atom just read is a group that holds a quantifier: [start, end) of that group. */
  let heldGroup: [number, number] | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const quantifierLength = c === '*' || c === '+' ? 1 : c === '{' ? braces(source, i) : 0;
    if (quantifierLength) {
      const end = i + quantifierLength;
      if (heldGroup) return `a quantified group that itself holds a quantifier: ${source.slice(heldGroup[0], end)}`;
      holds = true;
      i = end - 1 + (source[end] === '?' ? 1 : 0);
      continue;
    }
    heldGroup = undefined;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) return `a backreference: \\${next}${next === 'k' ? '<…>' : ''}`;
      i++;
    } else if (c === '[') {
      i = classEnd(source, i);
    } else if (c === '(') {
      open.push({ start: i, holds });
      holds = false;
      i = groupBodyStart(source, i) - 1;
    } else if (c === ')') {
      const group = open.pop();
      const inner: boolean = holds;
      holds = (group?.holds ?? false) || inner;
      if (inner && group) heldGroup = [group.start, i + 1];
    }
  }
  return undefined;
}

function braces(source: string, at: number): number {
  BRACES.lastIndex = at;
  const m = BRACES.exec(source);
  return m ? m[0].length : 0;
}

/** The index of the `]` closing the class that opens at `at`. */
function classEnd(source: string, at: number): number {
  let i = at + 1;
  if (source[i] === '^') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

/** Past a group's opening `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupBodyStart(source: string, at: number): number {
  if (source[at + 1] !== '?') return at + 1;
  const kind = source[at + 2];
  if (kind === '<' && source[at + 3] !== '=' && source[at + 3] !== '!') {
    const close = source.indexOf('>', at + 3);
    return close < 0 ? source.length : close + 1;
  }
  return at + (kind === '<' ? 4 : 3);
}
