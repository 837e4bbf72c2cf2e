/**
 * Fast unit tests of the kit's pure pieces (issue 7): paging (offset, keyset in both directions,
 * opaque cursors), token expiry, own-key maps with hostile keys, durations. The HTTP tests of each
 * vendor use them end to end; these pin the edge cases without a server.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues, isStringTuple, keysetPage, offsetPage, opaqueCursor } from '../../../src/engine/kit/paging.js';
import { checkToken, isExpired, issueToken, remainingMs } from '../../../src/engine/kit/tokens.js';
import { freshId, hasOwn, own, ownMap, setOwn } from '../../../src/engine/kit/own-keys.js';
import { parseDuration } from '../../../src/engine/util/duration.js';
import { Rng } from '../../../src/engine/state/random.js';

describe('offsetPage', () => {
  it('slices, counts and says whether more follow; negative or fractional input is floored at 0', () => {
    expect(offsetPage([1, 2, 3, 4, 5], { offset: 1, limit: 2 })).toEqual({
      rows: [2, 3],
      total: 5,
      offset: 1,
      limit: 2,
      more: true,
    });
    expect(offsetPage([1, 2, 3], { offset: 2, limit: 5 })).toMatchObject({ rows: [3], more: false });
    expect(offsetPage([1, 2, 3], { offset: -4, limit: 1.9 })).toMatchObject({ rows: [1], offset: 0, limit: 1 });
    expect(offsetPage([1], { offset: 9, limit: 1 })).toMatchObject({ rows: [], more: false });
  });
});

describe('keysetPage', () => {
  it('walking page by page with `after` visits every row once, in order, in both directions', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 })),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (keys, size, descending) => {
          const rows = keys.map((k) => ({ k }));
          const seen: number[] = [];
          let after: number | undefined;
          for (let guard = 0; guard <= keys.length + 1; guard++) {
            const page = keysetPage(rows, { key: (r) => r.k, compare: compareValues, after, size, descending });
            seen.push(...page.rows.map((r) => r.k));
            if (!page.more) break;
            after = page.lastKey;
          }
          const expected = [...keys].sort((a, b) => (descending ? b - a : a - b));
          expect(seen).toEqual(expected);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('`from` includes the bound, `after` excludes it; nextKey is the first row of the next page', () => {
    const rows = ['a', 'b', 'c', 'd'];
    expect(keysetPage(rows, { key: (r) => r, compare: compareValues, from: 'b', size: 2 })).toMatchObject({
      rows: ['b', 'c'],
      nextKey: 'd',
      more: true,
    });
    expect(keysetPage(rows, { key: (r) => r, compare: compareValues, after: 'b', size: 2 })).toMatchObject({
      rows: ['c', 'd'],
      more: false,
    });
  });
});

describe('opaqueCursor', () => {
  const cursor = opaqueCursor(isStringTuple(2));
  it('round-trips a value; a tampered, foreign or malformed cursor decodes to undefined, never throws', () => {
    const c = cursor.encode(['Sales', 'f01']);
    expect(cursor.decode(c)).toEqual(['Sales', 'f01']);
    for (const bad of [
      '',
      '%%%',
      'eyJ',
      c.slice(0, -2),
      Buffer.from('{"__proto__":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      'a'.repeat(10_000),
    ]) {
      expect(cursor.decode(bad), bad.slice(0, 20)).toBeUndefined();
    }
  });
});

describe('tokens', () => {
  const clock = (now: number) => ({ now: () => now, iso: () => new Date(now).toISOString() });
  it('idle and lifetime expiry, and a token issued "in the future" (the clock moved back) is expired', () => {
    const policy = { idleMs: 100, lifetimeMs: 1000 };
    expect(isExpired({ issuedAt: 0, lastUsed: 0 }, policy, 100)).toBe(false);
    expect(isExpired({ issuedAt: 0, lastUsed: 0 }, policy, 101)).toBe(true);
    expect(isExpired({ issuedAt: 0, lastUsed: 950 }, policy, 1000)).toBe(true);
    expect(isExpired({ issuedAt: 500, lastUsed: 500 }, policy, 400)).toBe(true);
    expect(remainingMs({ issuedAt: 0, lastUsed: 950 }, policy, 960)).toBe(40);
    expect(remainingMs({ issuedAt: 0 }, {}, 5)).toBe(Infinity);
  });

  it('issue then check: valid, unknown (also for prototype names), expired', () => {
    const map = ownMap<{ user: string; issuedAt?: number; lastUsed?: number }>();
    const token = issueToken(map, { rng: new Rng(1), clock: clock(0) }, { user: 'u' });
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(checkToken(map, token, clock(10), { idleMs: 100 })).toMatchObject({
      status: 'valid',
      record: { user: 'u' },
    });
    for (const name of ['constructor', '__proto__', 'toString', undefined])
      expect(checkToken(map, name, clock(10), {}).status).toBe('unknown');
    expect(checkToken(map, token, clock(10_000), { idleMs: 100 }).status).toBe('expired');
  });
});

describe('own-key maps', () => {
  it('prototype names are ordinary keys: absent until set, set without polluting anything', () => {
    const map = ownMap<number>();
    for (const k of ['__proto__', 'constructor', 'toString']) {
      expect(own(map, k)).toBeUndefined();
      expect(hasOwn(map, k)).toBe(false);
      setOwn(map, k, 1);
      expect(own(map, k)).toBe(1);
    }
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    const plain: Record<string, number> = {};
    setOwn(plain, '__proto__', 2);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(own(plain, '__proto__')).toBe(2);
  });

  it('freshId draws until an id is free', () => {
    const taken = new Set(['a', 'b']);
    const draws = ['a', 'b', 'c'];
    expect(
      freshId(
        (id) => taken.has(id),
        () => draws.shift()!,
      ),
    ).toBe('c');
  });
});

describe('parseDuration', () => {
  it.each([
    [250, 250],
    ['250', 250],
    ['250ms', 250],
    ['2s', 2000],
    ['1h30m', 5_400_000],
    ['-5m', -300_000],
    ['1d', 86_400_000],
  ])('%j → %j', (input, ms) => expect(parseDuration(input)).toBe(ms));
  it.each(['', 'soon', '1x', '1.5.2s', null, {}, '9'.repeat(400)])('%j → undefined', (input) =>
    expect(parseDuration(input)).toBeUndefined(),
  );
});
