/**
 * Kazoo's listing after random writes, against a reference computed here from the exported state:
 * for any sequence of creates, renames (PUT and PATCH) and deletes, walking every page with
 * `next_start_key` (descending or ascending, any page size, with or without a filter) gives exactly
 * the live groups in (name, id) order — so the listing index the handlers keep in step with writes
 * can neither lose, repeat nor misplace a group.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KazooState } from '../../../src/apis/kazoo/state.js';
import { api, testServer } from '../../helpers.js';
import { DEMO, groupsUrl, login } from './kazoo-client.js';

const NAMES = ['Alpha', 'Beta', 'beta', 'Gamma', 'Sales', 'Zulu'];

type Op =
  | { op: 'create'; name: string; flag: boolean }
  | { op: 'rename'; pick: number; name: string; patch: boolean }
  | { op: 'delete'; pick: number }
  | { op: 'list'; size: number; ascending: boolean; filter: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), name: fc.constantFrom(...NAMES), flag: fc.boolean() }),
  fc.record({
    op: fc.constant('rename' as const),
    pick: fc.nat(),
    name: fc.constantFrom(...NAMES),
    patch: fc.boolean(),
  }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('list' as const),
    size: fc.integer({ min: 1, max: 7 }),
    ascending: fc.boolean(),
    filter: fc.boolean(),
  }),
);

/** The reference: live groups of the account (passing `filter_flags.0=x` when asked), by (name, id), plain `<` order. */
function reference(state: KazooState, ascending: boolean, filter: boolean): string[] {
  const rows = Object.entries(state.accounts[DEMO]!.groups)
    .filter(([, g]) => !g.deleted && (!filter || g.doc.flags?.[0] === 'x'))
    .map(([id, g]) => ({ id, name: g.doc.name }));
  rows.sort((a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!ascending) rows.reverse();
  return rows.map((r) => r.id);
}

describe('kazoo listing after random writes', () => {
  it('walks every page to exactly the reference, after any creates, renames and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 14 }), async (ops) => {
        const server = testServer();
        const token = await login(server);
        const http = {
          get: (url: string) => api(server).get(url).set('X-Auth-Token', token),
          put: (url: string) => api(server).put(url).set('X-Auth-Token', token),
          post: (url: string) => api(server).post(url).set('X-Auth-Token', token),
          patch: (url: string) => api(server).patch(url).set('X-Auth-Token', token),
          delete: (url: string) => api(server).delete(url).set('X-Auth-Token', token),
        };
        // A first listing builds the index before any write, so the writes below must keep it in step.
        expect((await http.get(groupsUrl())).status).toBe(200);
        for (const o of [...ops, { op: 'list', size: 3, ascending: false, filter: false } as Op]) {
          const state = (await api(server).get('/__admin/state/kazoo')).body as KazooState;
          const live = Object.entries(state.accounts[DEMO]!.groups)
            .filter(([, g]) => !g.deleted)
            .map(([id]) => id)
            .sort();
          if (o.op === 'create') {
            const res = await http
              .put(groupsUrl())
              .send({ data: { name: o.name, endpoints: {}, ...(o.flag ? { flags: ['x'] } : {}) } });
            expect(res.status).toBe(201);
          } else if (o.op === 'rename' && live.length) {
            const id = live[o.pick % live.length]!;
            const res = o.patch
              ? await http.patch(`${groupsUrl()}/${id}`).send({ data: { name: o.name } })
              : await http.post(`${groupsUrl()}/${id}`).send({ data: { name: o.name, endpoints: {} } });
            expect(res.status, res.text).toBe(200);
          } else if (o.op === 'delete' && live.length) {
            expect((await http.delete(`${groupsUrl()}/${live[o.pick % live.length]}`)).status).toBe(200);
          } else if (o.op === 'list') {
            const expected = reference(state, o.ascending, o.filter);
            const seen: string[] = [];
            let startKey: string | undefined;
            for (let pages = 0; pages < 100; pages++) {
              const q = new URLSearchParams({ page_size: String(o.size), ascending: String(o.ascending) });
              if (o.filter) q.set('filter_flags.0', 'x');
              if (startKey) q.set('start_key', startKey);
              const res = await http.get(`${groupsUrl()}?${q}`);
              expect(res.status, res.text).toBe(200);
              const ids = res.body.data.map((g: { id: string }) => g.id);
              expect(ids.length).toBeLessThanOrEqual(o.size);
              seen.push(...ids);
              startKey = res.body.next_start_key;
              if (!startKey) break;
            }
            expect(seen).toEqual(expected);
          }
        }
      }),
      { numRuns: 10, seed: 7 },
    );
  });
});
