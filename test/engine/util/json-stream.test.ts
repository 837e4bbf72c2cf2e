/**
 * The streamed JSON reader gives what the admin plane gave a body read whole: `JSON.parse`'s value,
 * or the refusal of json-syntax.ts (the depth refusal first, then the syntax error's position) —
 * whatever the size of the pieces the text arrives in.
 */
import { describe, expect, it } from 'vitest';
import { JsonStreamReader } from '../../../src/engine/util/json-stream.js';
import { MAX_JSON_DEPTH, describeJsonError, tooDeepAt } from '../../../src/engine/util/json-syntax.js';

/** What reading the whole text gave: express.json's strict parse, as the admin errors describe it. */
function whole(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const deep = tooDeepAt(text);
  if (deep !== undefined)
    return { ok: false, message: `nested deeper than ${MAX_JSON_DEPTH} levels at position ${deep}` };
  const first = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/.exec(text)?.[1];
  try {
    if (first !== '{' && first !== '[') throw new Error('strict');
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: describeJsonError(text) };
  }
}

function streamed(text: string, piece: number) {
  const reader = new JsonStreamReader();
  for (let i = 0; i < text.length; i += piece) reader.write(text.slice(i, i + piece));
  const r = reader.end();
  return r.ok ? { ok: true as const, value: r.value } : { ok: false as const, message: r.message };
}

const VALID = [
  '{}',
  '[]',
  ' \n\t{ "a" : [ 1 , -2.5e+3 , 0 , true , false , null , "x" ] } \r\n',
  '{"a":{"b":{"c":[[],[{}],"é\\u00e9\\n\\"\\\\\\/"]}},"a":2}',
  '{"__proto__":{"polluted":1},"constructor":{"prototype":1}}',
  '{"1":1,"b":2,"0":3}',
  '[1e400,-0,12345678901234567890,0.1,"\\ud800",""]',
  `{"deep":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`,
];
const INVALID = [
  '',
  '   ',
  '"a string"',
  '  42 ',
  'true',
  'tru',
  'nul',
  '{"a":tru}',
  '{"a":nulx}',
  '{"a":truex}',
  '{"a":1,}',
  '[1,]',
  '[1 2]',
  '{"a" 1}',
  '{a:1}',
  '{"a":-}',
  '{"a":01}',
  '{"a":1.}',
  '{"a":1.e5}',
  '{"a":+1}',
  '{"a":.5}',
  '{"a":"b',
  '{"a":"b\\',
  '{"a":"\\u12',
  '{"a":"\\u12x4"}',
  '{"a":"\\x"}',
  '{"a":"line\nbreak"}',
  '{"a":1}}',
  '{"a":1} x',
  '[',
  '{',
  '{"a":',
  '{"a":[1,2',
  '"abc',
  `{"a":hunter2, "deep": ${'['.repeat(300)}}`,
  `${'['.repeat(257)}`,
  `{"s":"[[[[", "d":${'['.repeat(300)}`,
  // A syntax error, then the depth check reads on: inside the string, or after it.
  `{"a":"\\x${'['.repeat(300)}"}`,
  `{"a":"\\x", ${'['.repeat(300)}`,
  `{"a":"\\"${'['.repeat(300)}`,
  `{"a":"\\u12"${'['.repeat(300)}`,
  `{"a":"\u0001", ${'['.repeat(300)}`,
  `{"a":tr${'['.repeat(300)}`,
  `{"a":1.x${'['.repeat(300)}`,
  `{"a" ${'{'.repeat(300)}`,
];

describe('the streamed JSON reader', () => {
  it.each([...VALID, ...INVALID])('reads %j as a whole read would, in pieces of any size', (text) => {
    const expected = whole(text);
    for (const piece of [1, 2, 3, 7, 64, Math.max(1, text.length)]) {
      if (text.length === 0) continue;
      const got = streamed(text, piece);
      expect(got, `pieces of ${piece}`).toEqual(expected);
      if (got.ok && expected.ok) expect(JSON.stringify(got.value)).toBe(JSON.stringify(expected.value));
    }
  });

  it('keeps "__proto__" an own property, as JSON.parse does', () => {
    const r = streamed('{"__proto__":{"x":1}}', 4);
    expect(r.ok).toBe(true);
    const value = (r as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it('reads a large text in pieces to the same value', () => {
    const doc = {
      groups: Object.fromEntries(
        Array.from({ length: 2000 }, (_, i) => [`g${i}`, { name: `Group ${i} "q"`, n: i / 3, members: [i, `é${i}`] }]),
      ),
    };
    const text = JSON.stringify(doc);
    expect(streamed(text, 65_536)).toEqual({ ok: true, value: doc });
    expect(streamed(text, 1000)).toEqual({ ok: true, value: doc });
  });

  it('nothing written is an unexpected end at 0', () => {
    expect(new JsonStreamReader().end()).toEqual({
      ok: false,
      kind: 'syntax',
      offset: 0,
      message: 'unexpected end of input at position 0',
    });
  });
});
