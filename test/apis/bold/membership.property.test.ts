/**
 * `relatedDeviceGroups` stays true to the state: after any sequence of adds, removes, creates and
 * deletes (refused ones included), every device shown in a group lists exactly the groups that hold
 * it, and every group holds exactly what a model of the sequence says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIN, GROUPS, as, boldServer, groupUrl, memberUrl } from './bold-client.js';

/** Devices of 29 (23 is not registered, 14 is of 31: both refused). */
const DEVICES = [1, 3, 4, 6, 7, 8, 23, 14];

type Command =
  | { op: 'add' | 'remove'; group: number; device: number }
  | { op: 'create' }
  | { op: 'delete'; group: number };

describe('relatedDeviceGroups', () => {
  it('matches the groups that hold each device after any sequence of calls', async () => {
    const command: fc.Arbitrary<Command> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          op: fc.constantFrom('add' as const, 'remove' as const),
          group: fc.nat(4),
          device: fc.constantFrom(...DEVICES),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ op: 'create' as const }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), group: fc.nat(4) }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const http = as(boldServer(), ADMIN);
        // The groups of 29 the demo tenant starts with, and what they hold.
        const model = new Map<number, number[]>([
          [1, [1, 3, 4]],
          [2, [8, 9, 10]],
          [3, [1, 21]],
          [10, [11, 12]],
          [11, [6, 7]],
        ]);
        const pick = (n: number) => [...model.keys()][n % Math.max(1, model.size)];
        for (const c of commands) {
          if (c.op === 'create') {
            const res = await http.post(`${GROUPS}?organizationId=29`).send({ name: 'New' });
            model.set(res.body, []);
          } else if (c.op === 'delete') {
            const id = pick(c.group);
            if (id === undefined) continue;
            expect((await http.delete(groupUrl(id))).status).toBe(200);
            model.delete(id);
          } else {
            const id = pick(c.group);
            if (id === undefined) continue;
            const members = model.get(id)!;
            const res = await (c.op === 'add'
              ? http.post(memberUrl(id, c.device))
              : http.delete(memberUrl(id, c.device)));
            const joinable = c.device !== 23 && c.device !== 14;
            if (c.op === 'add') {
              expect(res.status).toBe(joinable ? 200 : 400);
              if (joinable && !members.includes(c.device)) members.push(c.device);
            } else {
              expect(res.status).toBe(members.includes(c.device) ? 200 : 404);
              if (members.includes(c.device)) members.splice(members.indexOf(c.device), 1);
            }
          }
        }
        const listed = (await http.get(`${GROUPS}?organizationId=29&includeDevices=true&size=100`)).body as Array<{
          id: number;
          deviceList: Array<{ id: number; relatedDeviceGroups: Array<{ id: number }> }>;
        }>;
        expect(new Map(listed.map((g) => [g.id, g.deviceList.map((d) => d.id)]))).toEqual(model);
        for (const g of listed) {
          for (const d of g.deviceList) {
            const holding = [...model.entries()]
              .filter(([, m]) => m.includes(d.id))
              .map(([id]) => id)
              .sort((a, b) => a - b);
            expect(d.relatedDeviceGroups.map((r) => r.id)).toEqual(holding);
          }
        }
      }),
      { numRuns: 25, seed: 5 },
    );
  });
});
