/**
 * Membership invariants under random sequences of adds (many and one), removes (one and many),
 * replacements (PUT member_ids) and moves (targetgroups), through the HTTP API, checked against a
 * small model: each answer's status is the one the model predicts (a refused request changes
 * nothing), and afterwards every group holds exactly the members the model says — each once, only
 * devices in device groups, ids past 2^53 exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEVICES,
  FIELD_TABLETS,
  KIOSKS,
  MDM_GROUP,
  USERS,
  client,
  ids,
  mdmServer,
  membersOf,
  type Reply,
} from './mdm-client.js';

const GROUPS = [MDM_GROUP, FIELD_TABLETS, KIOSKS];
/** A pool of device ids (safe ones and ones past 2^53) and one user id, which device groups refuse. */
const POOL = [DEVICES[0]!, DEVICES[1]!, DEVICES[3]!, DEVICES[4]!, DEVICES[13]!, DEVICES[15]!, DEVICES[20]!, USERS[5]!];
const isUser = (m: string) => USERS.includes(m);

type Command =
  | { op: 'addMany' | 'removeMany' | 'replace'; group: number; members: number[] }
  | { op: 'addOne' | 'removeOne'; group: number; member: number }
  | { op: 'move'; group: number; members: number[]; targets: number[] };

describe('mdm membership invariants', () => {
  it('every group holds what the model says after any sequence of adds, removes, replacements and moves', async () => {
    const server = mdmServer();
    const initial = new Map<string, string[]>();
    for (const g of GROUPS) initial.set(g, await membersOf(client(server), g));

    const group = fc.nat({ max: GROUPS.length - 1 });
    const members = fc.uniqueArray(fc.nat({ max: POOL.length - 1 }), { minLength: 1, maxLength: 4 });
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ op: fc.constantFrom('addMany' as const, 'removeMany' as const, 'replace' as const), group, members }),
      fc.record({
        op: fc.constantFrom('addOne' as const, 'removeOne' as const),
        group,
        member: fc.nat({ max: POOL.length - 1 }),
      }),
      fc.record({
        op: fc.constant('move' as const),
        group,
        members,
        targets: fc.uniqueArray(group, { minLength: 1, maxLength: 2 }),
      }),
    );

    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        const http = client(server, { namespace: `prop-${run++}` });
        const model = new Map([...initial].map(([g, m]) => [g, new Set(m)]));
        for (const c of commands) {
          const g = GROUPS[c.group]!;
          const have = model.get(g)!;
          let expected: number;
          let res: Reply;
          if ('member' in c) {
            const m = POOL[c.member]!;
            if (c.op === 'addOne') {
              expected = isUser(m) ? 400 : have.has(m) ? 409 : 202;
              res = await http.post(`/groups/${g}/members/${m}`);
              if (expected === 202) have.add(m);
            } else {
              expected = have.has(m) ? 200 : 400;
              res = await http.delete(`/groups/${g}/members/${m}`);
              if (expected === 200) have.delete(m);
            }
          } else {
            const list: string[] = c.members.map((i) => POOL[i]!);
            if (c.op === 'addMany') {
              expected = list.some(isUser) ? 400 : list.some((m) => have.has(m)) ? 409 : 200;
              res = await http.post(`/groups/${g}/members`, { member_ids: ids(list) });
              if (expected === 200) for (const m of list) have.add(m);
            } else if (c.op === 'removeMany') {
              expected = list.every((m) => have.has(m)) ? 200 : 400;
              res = await http.delete(`/groups/${g}/members`, { member_ids: ids(list) });
              if (expected === 200) for (const m of list) have.delete(m);
            } else if (c.op === 'replace') {
              expected = list.some(isUser) ? 400 : 200;
              res = await http.put(`/groups/${g}`, { member_ids: ids(list) });
              if (expected === 200) model.set(g, new Set(list));
            } else {
              const targets = (c as Extract<Command, { op: 'move' }>).targets.map((i) => GROUPS[i]!);
              expected = !list.every((m) => have.has(m)) || targets.includes(g) ? 400 : 200;
              res = await http.put(`/groups/${g}/targetgroups`, {
                member_ids: ids(list),
                target_group_ids: ids(targets),
              });
              if (expected === 200) {
                for (const m of list) have.delete(m);
                for (const t of targets) for (const m of list) model.get(t)!.add(m);
              }
            }
          }
          expect(res.status, `${JSON.stringify(c)}: ${res.text}`).toBe(expected);
        }
        for (const g of GROUPS) {
          const listed = await membersOf(http, g);
          expect(new Set(listed).size, 'no member twice').toBe(listed.length);
          expect([...listed].sort(), g).toEqual([...model.get(g)!].sort());
          expect(listed.some(isUser), 'only devices in a device group').toBe(false);
          expect((await http.get(`/groups/${g}`)).body.member_count).toBe(listed.length);
        }
      }),
      { numRuns: 25, seed: 8 },
    );
  });
});
