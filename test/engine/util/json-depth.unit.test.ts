/** The nesting check over bytes (the admin import's large bodies) finds the same offset as over the decoded text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tooDeepAt, tooDeepAtBytes } from '../../../src/engine/util/json-syntax.js';

describe('tooDeepAtBytes', () => {
  it('agrees with tooDeepAt on any text, multi-byte characters and escapes included', () => {
    const piece = fc.constantFrom('[', ']', '{', '}', '"', '\\', 'é', '𝄞', 'a', ':', ',', '"\\"é"');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 5 }), (parts, max) => {
        const text = parts.join('');
        expect(tooDeepAtBytes(Buffer.from(text, 'utf8'), max)).toBe(tooDeepAt(text, max));
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('names the character offset of the level too deep', () => {
    expect(tooDeepAtBytes(Buffer.from('["é",[[1]]]'), 2)).toBe(6);
  });
});
