/**
 * The journal measures a body's masked size before copying it (a body past 64 KiB is stored by its
 * size): the measure must be exactly the size of the masked copy it stands for, secrets, secret
 * documents, the `***` key, bigints and `__proto__` included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  journalBody,
  maskedByteLength,
  maskValue,
  MAX_JOURNAL_BODY_BYTES,
} from '../../../src/engine/qa/journal/masking.js';
import { jsonByteLength } from '../../../src/engine/util/json-size.js';

const key = fc.oneof(
  fc.constantFrom(
    'password',
    'auth_token',
    'token_type',
    'name',
    '***',
    '__proto__',
    '{"password":"x"}',
    '[apiKey]',
    'é"\\',
  ),
  fc.string({ maxLength: 6 }),
);
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(''),
    fc.bigInt(),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node')), fc.dictionary(key, tie('node'))),
})).node;

describe('journal: masked size', () => {
  it('maskedByteLength is the byte length of the masked copy, for any value', () => {
    fc.assert(
      fc.property(value, (v) => maskedByteLength(v) === jsonByteLength(maskValue(v))),
      { numRuns: 1000 },
    );
  });

  it('a body past the limit is stored by its masked size without being copied; one under it as masked', () => {
    const big = { password: 'p'.repeat(200_000), items: Array.from({ length: 40_000 }, () => 0) };
    expect(journalBody(big)).toEqual({ truncated: true, bytes: jsonByteLength(maskValue(big)) });
    const shrinks = { password: 'p'.repeat(MAX_JOURNAL_BODY_BYTES * 2), name: 'x' };
    expect(journalBody(shrinks)).toEqual({ password: '***', name: 'x' });
  });
});
