/**
 * Where a JSON text stops being JSON, said without quoting it. V8's own messages quote the text
 * around the error ("Unexpected token 'h', ...\"dentials\":hunter2hun\"..."), which would copy a
 * client's credentials into the journal and the vendor's error body.
 *
 * @example
 *   describeJsonError('{"a":hunter2}') // → 'unexpected character at position 5'
 */

/**
 * The offset of the first character that breaks JSON's grammar (`text.length` at a premature end);
 * undefined for valid JSON, -1 when the text nests too deep to walk.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c !== 0x5c) {
        i++;
        continue;
      }
      i++;
      if (text[i] === 'u') {
        for (let k = 1; k <= 4; k++) {
          if (/[0-9a-fA-F]/.test(text[i + k] ?? '')) continue;
          i += k;
          fail();
        }
        i += 5;
      } else if ('"\\/bfnrt'.includes(text[i] ?? '!')) i++;
      else fail();
    }
    fail();
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          str();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') {
      str();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (!text.startsWith(word, i)) continue;
      i += word.length;
      return;
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.exec(text)) fail();
    i = NUMBER.lastIndex;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (e) {
    if (e instanceof JsonStop) return e.offset;
    return -1; // nested too deep to walk
  }
}

class JsonStop {
  constructor(readonly offset: number) {}
}

/** A message about a body that does not parse, with the position but none of the body's text. */
export function describeJsonError(text: string | undefined): string {
  if (text === undefined) return 'invalid JSON';
  const at = jsonErrorOffset(text);
  if (at === -1) return 'invalid JSON';
  // Valid JSON refused all the same (a strict parser wants an object or an array): blame its start.
  const offset = at ?? text.length - text.trimStart().length;
  return offset >= text.length
    ? `unexpected end of input at position ${offset}`
    : `unexpected character at position ${offset}`;
}

/** How deep a JSON body may nest: far past any vendor's documents, short of any recursive walker's limit. */
export const MAX_JSON_DEPTH = 256;

/**
 * The offset at which the text opens its `max + 1`-th level of nesting, or undefined if it never
 * does. One linear pass, strings skipped; the text need not be valid JSON.
 *
 * @example
 *   tooDeepAt('[[[1]]]', 2) // → 2
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number | undefined {
  return deepAt(text.length, (i) => text.charCodeAt(i), max);
}

/**
 * How many objects and arrays a request body may hold: far past any document a vendor takes under
 * the 1 MB body limit (a ThingSpace device is 40 bytes, so a megabyte of them is 25,000 objects),
 * short of where V8's parse stops being linear. Measured with the mock loaded: 200,000 arrays parse
 * in 17–25 ms, 400,000 in 196–246 ms (the young generation overflows and the whole heap is
 * collected), so a megabyte of `[[[0]]]` cost twenty times a tenth of it.
 */
export const MAX_JSON_CONTAINERS = 100_000;

/**
 * How many members one object of a request body may have: more than a megabyte holds of any
 * vendor's maps (a Kazoo endpoint entry is about 50 bytes: 20,000 of them), short of where V8 stops
 * being linear on one object (it keeps a large one as a hash table: measured, 10,000 members parse
 * in 13 ms and list their keys in 1.3 ms, 100,000 in 216 ms and 83 ms).
 */
export const MAX_JSON_MEMBERS = 20_000;

/**
 * Why a body is refused before it is parsed — nested deeper than `MAX_JSON_DEPTH`, more than
 * `MAX_JSON_CONTAINERS` objects and arrays, or an object of more than `MAX_JSON_MEMBERS` members —
 * with the offset where it went past; undefined when it does not. One linear pass, strings skipped;
 * the text need not be valid JSON.
 */
export function jsonShapeProblem(
  text: string,
  limits: { depth?: number; containers?: number; members?: number } = {},
): { at: number; detail: string } | undefined {
  const {
    depth: maxDepth = MAX_JSON_DEPTH,
    containers: maxContainers = MAX_JSON_CONTAINERS,
    members: maxMembers = MAX_JSON_MEMBERS,
  } = limits;
  /** Per open level: the members of that object so far, or -1 for an array. */
  const members: number[] = [];
  let depth = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { at: i, detail: `nested deeper than ${maxDepth} levels at position ${i}` };
      if (++containers > maxContainers)
        return { at: i, detail: `more than ${maxContainers} objects and arrays at position ${i}` };
      members.push(c === 0x7b ? 0 : -1);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      members.pop();
    } else if (c === 0x3a && members.length && members[members.length - 1]! >= 0) {
      // A colon outside a string ends an object's key.
      if (++members[members.length - 1]! > maxMembers)
        return { at: i, detail: `an object of more than ${maxMembers} members at position ${i}` };
    }
  }
  return undefined;
}

/**
 * `tooDeepAt` over UTF-8 bytes, without decoding them into a second copy of a large body (every byte
 * of a multi-byte character is ≥ 0x80, so none is taken for a bracket or a quote). The offset is the
 * character offset, as `tooDeepAt` of the decoded text gives it.
 */
export function tooDeepAtBytes(bytes: Buffer, max = MAX_JSON_DEPTH): number | undefined {
  const at = deepAt(bytes.length, (i) => bytes[i]!, max);
  return at === undefined ? undefined : bytes.subarray(0, at).toString('utf8').length;
}

function deepAt(length: number, codeAt: (i: number) => number, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = codeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}
