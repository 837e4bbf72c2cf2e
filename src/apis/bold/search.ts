/**
 * Bold's wildcard search, without building a RegExp from what the client typed: `*` is any run of
 * characters, `?` exactly one, everything else itself, compared without regard to case. A term with
 * a wildcard must match the whole field; a plain term matches anywhere in it (SQL `LIKE '%term%'`).
 * Matching is greedy segment by segment (the leftmost match of each `*`-free segment is always a
 * right choice), so the work is bounded by field length × term length — no backtracking blow-up.
 *
 * @example
 *   searchTerm('off*')?.matches('Office 1') // true
 *   searchTerm('ice')?.matches('Office 1')  // true (a plain term is a substring)
 *   searchTerm('o?fice')?.matches('Office') // true
 */

export interface SearchTerm {
  matches(field: string): boolean;
}

/** Code points, so that `?` stands for one character even outside the Basic Multilingual Plane. */
const chars = (s: string): string[] => Array.from(s.toLowerCase());

/** The first position ≥ from where `segment` (`?` = any one character) matches `text`, or -1. */
function find(text: string[], segment: string[], from: number): number {
  for (let at = from; at + segment.length <= text.length; at++) {
    let i = 0;
    while (i < segment.length && (segment[i] === '?' || segment[i] === text[at + i])) i++;
    if (i === segment.length) return at;
  }
  return -1;
}

function globMatches(text: string[], segments: string[][]): boolean {
  const first = segments[0]!;
  const last = segments.at(-1)!;
  if (segments.length === 1) return text.length === first.length && find(text, first, 0) === 0;
  // The first segment is anchored at the start, the last at the end; the ones between float.
  if (first.length > text.length || find(text.slice(0, first.length), first, 0) !== 0) return false;
  let at = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = find(text, segment, at);
    if (found < 0) return false;
    at = found + segment.length;
  }
  const tail = text.length - last.length;
  return tail >= at && find(text.slice(tail), last, 0) === 0;
}

/** The term as a matcher; undefined for an empty term (no filtering). */
export function searchTerm(term: string): SearchTerm | undefined {
  if (term === '') return undefined;
  if (!/[*?]/.test(term)) {
    const lower = term.toLowerCase();
    return { matches: (field) => field.toLowerCase().includes(lower) };
  }
  const segments: string[][] = [];
  let current: string[] = [];
  for (const c of chars(term)) {
    if (c === '*') {
      segments.push(current);
      current = [];
    } else current.push(c);
  }
  segments.push(current);
  return { matches: (field) => globMatches(chars(field), segments) };
}
