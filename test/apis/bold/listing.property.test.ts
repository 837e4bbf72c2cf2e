/**
 * Search, sort and paging against a reference computed here, over a large generated tenant loaded
 * through the admin state import: for any sort key and direction, page size, search term and
 * organization, walking the pages (offset = page number) gives exactly the reference's groups in the
 * reference's order — none lost, none repeated.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoldState, StoredGroup } from '../../../src/apis/bold/state.js';
import type { MockServer } from '../../../src/engine/app.js';
import { api } from '../../helpers.js';
import { ADMIN, GROUPS, as, boldServer } from './bold-client.js';

const KEYS = ['name', 'remarks', 'location', 'id', 'dateCreated', 'dateModified'] as const;
type Key = (typeof KEYS)[number];
const WORDS = ['Office', 'office', 'Lab', 'Dock', 'Hall', 'Gate', 'Étage', 'Zone', 'a*b', 'x?y'];

/** A tenant of `n` groups over 29 and 31, with repeated names (ties), missing fields and case variants. */
function bigTenant(n: number): BoldState {
  const state: BoldState = JSON.parse(readFileSync(new URL('../../../fixtures/bold.json', import.meta.url), 'utf8'));
  const rnd = fc.sample(fc.tuple(fc.nat(9), fc.nat(9), fc.nat(30), fc.nat(3), fc.nat(1_000_000), fc.nat(3)), {
    numRuns: n,
    seed: 11,
  });
  const groups: Record<string, StoredGroup> = {};
  rnd.forEach(([a, b, num, missing, t, org], i) => {
    const id = i + 1;
    groups[String(id)] = {
      organizationId: org === 3 ? 31 : 29,
      name: `${WORDS[a]} ${num}`,
      remarks: missing === 0 ? null : `${WORDS[b]} remark`,
      location: missing === 1 ? null : `${WORDS[(a + b) % WORDS.length]} ${num % 7}`,
      dateCreated: Date.parse('2026-01-01T00:00:00Z') + (t % 5000) * 60_000,
      dateModified: missing === 2 ? null : Date.parse('2026-02-01T00:00:00Z') + (t % 300) * 60_000,
      devices: [],
    };
  });
  state.groups = groups;
  state.nextGroupId = n + 1;
  return state;
}

/** The reference search: the term as an anchored (wildcards) or free (plain) pattern, all else escaped. */
function referenceMatch(term: string | undefined): (s: string) => boolean {
  if (!term) return () => true;
  if (!/[*?]/.test(term)) return (s) => s.toLowerCase().includes(term.toLowerCase());
  const source = [...term]
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'iu');
  return (s) => re.test(s);
}

function reference(state: BoldState, q: { sortBy: Key; desc: boolean; search?: string; org?: number }): number[] {
  const match = referenceMatch(q.search);
  const rows = Object.entries(state.groups)
    .map(([id, g]) => ({ id: Number(id), g }))
    .filter(({ g }) => (q.org === undefined ? [29, 31] : [q.org]).includes(g.organizationId))
    .filter(({ id, g }) => [g.name, g.remarks, g.location, String(id)].some((f) => f !== null && match(f)));
  const value = ({ id, g }: (typeof rows)[number]): string | number | null =>
    q.sortBy === 'id'
      ? id
      : q.sortBy === 'dateCreated' || q.sortBy === 'dateModified'
        ? g[q.sortBy]
        : (g[q.sortBy]?.toLowerCase() ?? null);
  rows.sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const c = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return c || a.id - b.id;
  });
  if (q.desc) rows.reverse();
  return rows.map((r) => r.id);
}

describe('list paging over 400 groups', () => {
  let server: MockServer;
  let state: BoldState;
  beforeAll(async () => {
    server = boldServer();
    state = bigTenant(400);
    const res = await api(server).put('/__admin/state/bold').send(state);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('walks every page to exactly the reference, for any key, direction, size, search and organization', async () => {
    const http = as(server, ADMIN);
    const term = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        ...WORDS.map((w) => w.toLowerCase()),
        'OFF',
        '1',
        '*1',
        'o*e ?',
        '*remark',
        '?ab*',
        'a*b*',
        'x?y*',
        '*é*',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          sortBy: fc.constantFrom(...KEYS),
          desc: fc.boolean(),
          size: fc.integer({ min: 25, max: 100 }),
          search: term,
          org: fc.constantFrom(undefined, 29, 31),
        }),
        async (q) => {
          const expected = reference(state, q);
          const seen: number[] = [];
          for (let page = 0; ; page++) {
            const params = new URLSearchParams({
              sortBy: q.sortBy,
              sortDirection: q.desc ? 'Desc' : 'Asc',
              offset: String(page),
              size: String(q.size),
            });
            if (q.search !== undefined) params.set('search', q.search);
            if (q.org !== undefined) params.set('organizationId', String(q.org));
            const res = await http.get(`${GROUPS}?${params}`);
            expect(res.status).toBe(200);
            const ids = res.body.map((g: { id: number }) => g.id);
            expect(ids.length).toBeLessThanOrEqual(q.size);
            seen.push(...ids);
            if (ids.length < q.size) break;
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 40, seed: 3 },
    );
  });
});

describe('list paging after random writes', () => {
  type Op =
    | { op: 'create'; name: number; remarks: number | null; org: 29 | 31 }
    | { op: 'update'; pick: number; name: number; location: number | null }
    | { op: 'delete'; pick: number }
    | { op: 'list'; sortBy: Key; desc: boolean; size: number; search?: string };
  const word = fc.nat(WORDS.length - 1);
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      op: fc.constant('create' as const),
      name: word,
      remarks: fc.option(word),
      org: fc.constantFrom(29 as const, 31 as const),
    }),
    fc.record({ op: fc.constant('update' as const), pick: fc.nat(), name: word, location: fc.option(word) }),
    fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record(
      {
        op: fc.constant('list' as const),
        sortBy: fc.constantFrom(...KEYS),
        desc: fc.boolean(),
        size: fc.integer({ min: 3, max: 9 }),
        search: fc.constantFrom('off', 'a*', '1'),
      },
      { requiredKeys: ['op', 'sortBy', 'desc', 'size'] },
    ),
  );

  it('walks every page to exactly the reference after any creates, updates and deletes (the indexes follow each write)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 12 }), async (ops) => {
        const server = boldServer();
        expect((await api(server).put('/__admin/state/bold').send(bigTenant(30))).status).toBe(200);
        const http = as(server, ADMIN);
        // Every index built before the writes, so that each write must move its group in all six.
        for (const sortBy of KEYS) expect((await http.get(`${GROUPS}?sortBy=${sortBy}`)).status).toBe(200);
        for (const o of [...ops, { op: 'list', sortBy: 'name', desc: true, size: 5 } as Op]) {
          const state = (await api(server).get('/__admin/state/bold')).body as BoldState;
          const ids = Object.keys(state.groups)
            .map(Number)
            .sort((a, b) => a - b);
          if (o.op === 'create') {
            const res = await http
              .post(`${GROUPS}?organizationId=${o.org}`)
              .send({ name: `${WORDS[o.name]} new`, remarks: o.remarks === null ? null : WORDS[o.remarks] });
            expect(res.status, res.text).toBe(200);
          } else if (o.op === 'update' && ids.length) {
            const res = await http
              .put(`${GROUPS}/${ids[o.pick % ids.length]}`)
              .send({ name: `${WORDS[o.name]} renamed`, location: o.location === null ? null : WORDS[o.location] });
            expect(res.status, res.text).toBe(200);
          } else if (o.op === 'delete' && ids.length) {
            expect((await http.delete(`${GROUPS}/${ids[o.pick % ids.length]}`)).status).toBe(200);
          } else if (o.op === 'list') {
            const expected = reference(state, o);
            const seen: number[] = [];
            for (let page = 0; page < 100; page++) {
              const params = new URLSearchParams({
                sortBy: o.sortBy,
                sortDirection: o.desc ? 'Desc' : 'Asc',
                offset: String(page),
                size: String(o.size),
              });
              if (o.search !== undefined) params.set('search', o.search);
              const res = await http.get(`${GROUPS}?${params}`);
              expect(res.status).toBe(200);
              seen.push(...res.body.map((g: { id: number }) => g.id));
              if (res.body.length < o.size) break;
            }
            expect(seen).toEqual(expected);
          }
        }
      }),
      { numRuns: 10, seed: 9 },
    );
  });
});
