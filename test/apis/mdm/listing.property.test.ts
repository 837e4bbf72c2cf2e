/**
 * MDM's listing and unique names after random writes, against a reference computed here from the
 * exported state: for any sequence of creates, renames and deletes, following `paging.next` from
 * the first page (any limit, with or without the type and search filters) gives exactly the matching
 * groups smallest id first with the right total, an offset page is the reference's slice, and a name
 * is refused exactly when another group holds it without regard to case — so the id and name
 * indexes the handlers keep in step with writes can neither lose, repeat nor misplace a group.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MdmState } from '../../../src/apis/mdm/state.js';
import { api } from '../../helpers.js';
import { client, mdmServer } from './mdm-client.js';

const NAMES = ['Alpha', 'alpha', 'Beta', 'Kiosk A', 'Sales team', 'Zed'];

type Op =
  | { op: 'create'; name: string; type: 6 | 7 }
  | { op: 'rename'; pick: number; name: string }
  | { op: 'delete'; pick: number }
  | { op: 'list'; limit: number; offset: number; types?: string; search?: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    name: fc.constantFrom(...NAMES),
    type: fc.constantFrom(6 as const, 7 as const),
  }),
  fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), name: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record(
    {
      op: fc.constant('list' as const),
      limit: fc.integer({ min: 1, max: 4 }),
      offset: fc.nat(8),
      types: fc.constantFrom('6', '7', '6,7'),
      search: fc.constantFrom('a', 'team', 'ALP'),
    },
    { requiredKeys: ['op', 'limit', 'offset'] },
  ),
);

const byId = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

function reference(state: MdmState, o: Extract<Op, { op: 'list' }>): string[] {
  const types = o.types?.split(',').map(Number);
  return Object.entries(state.groups)
    .filter(
      ([, g]) =>
        (!types || types.includes(g.group_type)) &&
        (o.search === undefined || g.name.toLowerCase().includes(o.search.toLowerCase())),
    )
    .map(([k]) => k)
    .sort(byId);
}

const ids = (body: { groups: Array<{ group_id: unknown }> }) => body.groups.map((g) => String(g.group_id));

describe('mdm listing after random writes', () => {
  it('pages, totals and unique names match the reference after any creates, renames and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 14 }), async (ops) => {
        const server = mdmServer();
        const http = client(server);
        // A first listing and create build the indexes before the writes below, which must keep them in step.
        expect((await http.get('/groups')).status).toBe(200);
        for (const o of [...ops, { op: 'list', limit: 2, offset: 0 } as Op]) {
          const state = (await api(server).get('/__admin/state/mdm')).body as MdmState;
          const keys = Object.keys(state.groups).sort(byId);
          const holder = (name: string) =>
            Object.entries(state.groups).find(([, g]) => g.name.toLowerCase() === name.toLowerCase())?.[0];
          if (o.op === 'create') {
            const res = await http.post('/groups', { name: o.name, group_type: o.type });
            expect(res.status, res.text).toBe(holder(o.name) ? 409 : 200);
          } else if (o.op === 'rename') {
            const key = keys[o.pick % keys.length]!;
            const other = holder(o.name);
            const res = await http.put(`/groups/${key}`, { name: o.name });
            expect(res.status, res.text).toBe(other && other !== key ? 409 : 200);
          } else if (o.op === 'delete' && keys.length > 1) {
            expect((await http.delete(`/groups/${keys[o.pick % keys.length]}`)).status).toBe(204);
          } else if (o.op === 'list') {
            const expected = reference(state, o);
            const q = new URLSearchParams({ limit: String(o.limit) });
            if (o.types) q.set('group_type', o.types);
            if (o.search !== undefined) q.set('search', o.search);
            const offset = await http.get(`/groups?${q}&offset=${o.offset}`);
            expect(offset.status, offset.text).toBe(200);
            expect(ids(offset.body)).toEqual(expected.slice(o.offset, o.offset + o.limit));
            expect(offset.body.metadata.total_record_count).toBe(expected.length);
            const seen: string[] = [];
            let res = await http.get(`/groups?${q}`);
            for (let pages = 0; pages < 100; pages++) {
              expect(res.status, res.text).toBe(200);
              expect(res.body.metadata.total_record_count).toBe(expected.length);
              seen.push(...ids(res.body));
              if (!res.body.paging.next) break;
              const next = new URL(res.body.paging.next);
              res = await http.get(`/groups${next.search}`);
            }
            expect(seen).toEqual(expected);
          }
        }
      }),
      { numRuns: 10, seed: 5 },
    );
  });
});
