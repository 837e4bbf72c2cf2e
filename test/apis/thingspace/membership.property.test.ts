/**
 * The one-group-per-device rules under random sequences of creates, updates and deletes through the
 * HTTP API, checked against a small model: after every sequence each device of the account is in
 * exactly one existing group (the one the model says), none lost, none listed twice, and the groups'
 * paged information partitions the devices.
 */
import fc from 'fast-check';
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  DEFAULT_GROUP,
  M2M,
  allDevices,
  groupDeviceIds,
  groupUrl,
  login,
  m2m,
  tsServer,
  type Creds,
} from './thingspace-client.js';

type Id = { kind: string; id: string };
type Command =
  | { op: 'create'; name: string; add: number[] }
  | { op: 'update'; name: string; newName?: string; newDescription?: string; add?: number[]; remove?: number[] }
  | { op: 'delete'; name: string };

const NAMES = ['Alpha', 'Beta', 'beta', 'Fleet West', 'Cold Chain', DEFAULT_GROUP];

describe('thingspace membership invariants', () => {
  it('keeps every device in exactly one group through any sequence of creates, updates and deletes', async () => {
    const server = tsServer();
    const seed = await login(server, { namespace: 'prop-seed' });
    const initial = await allDevices(server, seed);
    expect(initial).toHaveLength(32);
    // Every identifier of every device, each pointing at the device's first identifier.
    const ids: Array<{ ref: Id; owner: string }> = initial.flatMap((d) =>
      d.deviceIds.map((ref) => ({ ref, owner: d.deviceIds[0]!.id })),
    );
    const startGroup = new Map(initial.map((d) => [d.deviceIds[0]!.id, d.groupNames[0]!]));

    const idx = fc.subarray(
      ids.map((_, i) => i),
      { maxLength: 5 },
    );
    const name = fc.constantFrom(...NAMES);
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ op: fc.constant('create' as const), name, add: idx }),
      fc.record(
        {
          op: fc.constant('update' as const),
          name,
          newName: name,
          newDescription: fc.constant('changed'),
          add: idx,
          remove: idx,
        },
        { requiredKeys: ['op', 'name'] },
      ),
      fc.record({ op: fc.constant('delete' as const), name }),
    );

    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        const creds: Creds = await login(server, { namespace: `prop-${run++}` });
        const http = m2m(server, creds);
        // The model: group names in order, and each device's group.
        const groups = [DEFAULT_GROUP, 'Fleet West', 'Cold Chain'];
        const member = new Map(startGroup);
        const taken = (n: string, except?: string) =>
          groups.some((g) => g !== except && g.toLowerCase() === n.toLowerCase());
        const owners = (list: number[] | undefined) => [...new Set((list ?? []).map((i) => ids[i]!.owner))];
        const body = (list: number[] | undefined) => list?.map((i) => ids[i]!.ref);

        for (const c of commands) {
          let ok: boolean;
          let res: Response;
          if (c.op === 'create') {
            ok = !taken(c.name);
            res = await http
              .post(`${M2M}/groups`)
              .send({ accountName: ACCOUNT, groupName: c.name, groupDescription: 'prop', devicesToAdd: body(c.add) });
            if (ok) {
              groups.push(c.name);
              for (const d of owners(c.add)) member.set(d, c.name);
            }
          } else if (c.op === 'update') {
            const empty =
              c.newName === undefined &&
              c.newDescription === undefined &&
              c.add === undefined &&
              c.remove === undefined;
            const leaving = owners(c.remove);
            ok =
              !empty &&
              groups.includes(c.name) &&
              c.name !== DEFAULT_GROUP &&
              (c.newName === undefined || !taken(c.newName, c.name)) &&
              leaving.every((d) => member.get(d) === c.name);
            res = await http.put(groupUrl(c.name)).send({
              newGroupName: c.newName,
              newGroupDescription: c.newDescription,
              devicesToAdd: body(c.add),
              devicesToRemove: body(c.remove),
            });
            if (ok) {
              for (const d of leaving) member.set(d, DEFAULT_GROUP);
              for (const d of owners(c.add)) member.set(d, c.name);
              if (c.newName !== undefined) {
                groups[groups.indexOf(c.name)] = c.newName;
                for (const [d, g] of member) if (g === c.name) member.set(d, c.newName);
              }
            }
          } else {
            ok = groups.includes(c.name) && c.name !== DEFAULT_GROUP;
            res = await http.delete(groupUrl(c.name));
            if (ok) {
              groups.splice(groups.indexOf(c.name), 1);
              for (const [d, g] of member) if (g === c.name) member.set(d, DEFAULT_GROUP);
            }
          }
          expect(res.status, `${JSON.stringify(c)} → ${JSON.stringify(res.body)}`).toBe(ok ? 200 : 400);
        }

        // The groups: as the model says.
        const listed: string[] = (await http.get(`${M2M}/groups/${ACCOUNT}`)).body.map((g: { name: string }) => g.name);
        expect(listed).toEqual(groups);
        // The device list: every device once, in the one group the model says, a group that exists.
        const devices = await allDevices(server, creds);
        expect(devices).toHaveLength(32);
        const first = devices.map((d) => d.deviceIds[0]!.id);
        expect(new Set(first).size).toBe(32);
        for (const d of devices) {
          const expected = member.get(d.deviceIds[0]!.id);
          expect(expected, `model knows ${d.deviceIds[0]!.id}`).toBeDefined();
          expect(d.groupNames, d.deviceIds[0]!.id).toEqual([expected]);
          expect(listed, `group of ${d.deviceIds[0]!.id} is listed`).toContain(d.groupNames[0]);
        }
        // The groups' pages partition the devices.
        const seen: string[] = [];
        for (const g of groups) seen.push(...(await groupDeviceIds(server, creds, g)));
        expect(seen.sort()).toEqual([...first].sort());
      }),
      { numRuns: 25 },
    );
  });
});
