/** jsonByteLength must agree with Buffer.byteLength(JSON.stringify(v)) on every value the journal can hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength } from '../../../src/engine/util/json-size.js';

const exact = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');

describe('jsonByteLength', () => {
  it('equals the byte length of JSON.stringify for any JSON value, with undefined fields, escapes and non-ASCII', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.string(),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node')),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => jsonByteLength(v) === exact(v)),
      { numRuns: 400 },
    );
  });

  it('defers to JSON.stringify for what is not plain data', () => {
    const cases: unknown[] = [
      new Date(0),
      { at: new Date(0), n: -0, inf: Infinity, nan: NaN },
      [undefined, () => 1, Symbol('s')],
      { toJSON: () => ({ replaced: true }) },
      Object.assign(Object.create(null), { a: 'é"\\\n' }),
      { ['__proto__']: 1 },
      JSON.parse('{"__proto__":{"x":1}}'),
      new Map([[1, 2]]),
      [[[[[]]]]],
      {},
      [],
      '',
    ];
    for (const v of cases) expect(jsonByteLength(v)).toBe(exact(v));
    expect(jsonByteLength(undefined)).toBe(0);
  });
});
