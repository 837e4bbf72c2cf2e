/**
 * The kit's sorted index against a plain sort: after any sequence of sets and deletes on a map (with
 * `changed` after each), every walk — either direction, from or after any key — is the reference's
 * order from that key; an index is per map object, so a new map starts without one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MapIndexes, compareTuples } from '../../../src/engine/kit/index.js';

type Rec = { name: string; hidden?: boolean };
const indexes = () =>
  new MapIndexes<Rec, 'byName'>({
    byName: { key: (id, r): string[] => [r.name, id], compare: compareTuples, include: (r) => !r.hidden },
  });
const ids = (walk: Iterable<{ id: string }>) => [...walk].map((e) => e.id);

function reference(
  map: Record<string, Rec>,
  opts: { descending: boolean; from?: string[]; after?: string[] },
): string[] {
  const dir = opts.descending ? -1 : 1;
  const rows = Object.entries(map)
    .filter(([, r]) => !r.hidden)
    .map(([id, r]) => [r.name, id])
    .sort((a, b) => dir * compareTuples(a, b));
  return rows
    .filter((k) =>
      opts.from ? dir * compareTuples(k, opts.from) >= 0 : opts.after ? dir * compareTuples(k, opts.after) > 0 : true,
    )
    .map((k) => k[1]!);
}

describe('MapIndexes / SortedIndex', () => {
  it('walks like a fresh sort after any writes, from or after any key, in both directions', () => {
    const op = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      name: fc.constantFrom('x', 'y', 'z'),
      del: fc.boolean(),
      hidden: fc.boolean(),
    });
    const bound = fc.option(
      fc.tuple(fc.constantFrom('x', 'y', 'z', 'w'), fc.constantFrom('', 'a', 'c', 'f', 'g')).map((t) => [...t]),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 30 }),
        fc.boolean(),
        bound,
        fc.boolean(),
        (ops, descending, key, strict) => {
          const map: Record<string, Rec> = { a: { name: 'y' } };
          const ix = indexes();
          ix.get(map, 'byName');
          for (const o of ops) {
            if (o.del) delete map[o.id];
            else map[o.id] = { name: o.name, hidden: o.hidden };
            ix.changed(map, o.id);
          }
          const opts = { descending, ...(key ? (strict ? { after: key } : { from: key }) : {}) };
          expect(ids(ix.get(map, 'byName').walk(opts))).toEqual(reference(map, opts));
          // A fresh build over the same map agrees with the one kept in step.
          expect(ids(indexes().get(map, 'byName').walk(opts))).toEqual(reference(map, opts));
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });

  it('keeps one index per map object: another map (an import, a reset) starts from its own records', () => {
    const ix = indexes();
    const one: Record<string, Rec> = { a: { name: 'x' } };
    const two: Record<string, Rec> = { b: { name: 'y' } };
    expect(ids(ix.get(one, 'byName').walk())).toEqual(['a']);
    expect(ids(ix.get(two, 'byName').walk())).toEqual(['b']);
    one.c = { name: 'a' };
    ix.changed(two, 'c'); // not this map's record: nothing to do for `one`
    expect(ids(ix.get(one, 'byName').walk())).toEqual(['a']);
    ix.changed(one, 'c');
    expect(ids(ix.get(one, 'byName').walk())).toEqual(['c', 'a']);
  });
});
