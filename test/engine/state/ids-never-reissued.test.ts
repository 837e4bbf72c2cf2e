/**
 * Ids are never reissued until the namespace is reset (issue 21, item 5: MDM made new group ids as
 * "largest live id + a random step", so deleting the newest group let its id come back and a GET of
 * the old id answered the new group). Every id every vendor issues (test/fuzz/issuers.ts) is issued
 * and given back many times in one namespace: none comes twice, and a retired one finds nothing.
 * The high-water marks the sequential ids rest on are part of the state: an import whose mark is
 * below its own groups is refused, saying what it must be.
 */
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { api, moduleNamed, testServer } from '../../helpers.js';
import { client, ENGINEERING } from '../../apis/mdm/mdm-client.js';
import { ISSUERS, wire } from '../../fuzz/issuers.js';

const CYCLES = 30;

describe('every registered API lists the ids it issues', () => {
  it.each(allApis.map((a) => a.name))('%s', (name) => {
    expect(ISSUERS[name]?.length, `add ${name}'s ids to test/fuzz/issuers.ts`).toBeGreaterThan(0);
  });
});

describe.each(Object.entries(ISSUERS).flatMap(([name, issuers]) => issuers.map((i) => [i.label, name, i] as const)))(
  '%s',
  (_label, name, issuer) => {
    it(`${CYCLES} cycles of issue and give back in one namespace: no id comes twice, none given back finds anything`, async () => {
      const server = testServer({ apis: [moduleNamed(name)] });
      const w = await wire(server);
      try {
        const session = await issuer.open(w, server, 'cycles');
        const seen: string[] = [];
        for (let i = 0; i < CYCLES; i++) {
          const id = await session.issue();
          expect(seen, `cycle ${i}: ${id} again`).not.toContain(id);
          seen.push(id);
          await session.retire(id);
        }
        for (const id of seen.slice(-3)) expect(await session.finds(id), `${id} after it was given back`).toBe(false);
      } finally {
        w.close();
      }
    });
  },
);

describe('mdm: the issue 21 reproduction', () => {
  it('60 groups created in a fresh namespace, each deleted right after: 60 different ids, each above the last', async () => {
    const server = testServer({ apis: [moduleNamed('mdm')] });
    const http = client(server, { namespace: 'fresh-60' });
    const ids: bigint[] = [];
    for (let i = 0; i < 60; i++) {
      const created = await http.post('/groups', { name: `Temp ${i}`, group_type: 6 });
      expect(created.status, created.text).toBe(200);
      const id = BigInt(created.body.group_id);
      expect(ids.at(-1) === undefined || id > ids.at(-1)!, `${id} after ${ids.at(-1)}`).toBe(true);
      ids.push(id);
      expect((await http.delete(`/groups/${id}`)).status).toBe(204);
      // The old id names nothing, rather than the group created next.
      expect((await http.get(`/groups/${id}`)).status).toBe(404);
    }
    expect(new Set(ids).size).toBe(60);
    // The mark is in the state: exported, it is the last id issued.
    expect((await api(server).get('/__admin/state/mdm?namespace=fresh-60')).text).toContain(
      `"highestGroupId":"${ids.at(-1)}"`,
    );
  });

  it('only a reset takes the mark back to the demo tenant', async () => {
    const server = testServer({ apis: [moduleNamed('mdm')] });
    const http = client(server, { namespace: 'again' });
    const first = BigInt((await http.post('/groups', { name: 'Once', group_type: 6 })).body.group_id);
    expect(first > BigInt(ENGINEERING)).toBe(true);
    expect((await api(server).get('/__admin/state/mdm?namespace=again')).text).toContain(`"highestGroupId":"${first}"`);
    expect((await api(server).post('/__admin/reset?api=mdm&namespace=again')).status).toBe(200);
    expect((await api(server).get('/__admin/state/mdm?namespace=again')).text).toContain(
      `"highestGroupId":"${ENGINEERING}"`,
    );
    expect(
      BigInt((await http.post('/groups', { name: 'Once', group_type: 6 })).body.group_id) > BigInt(ENGINEERING),
    ).toBe(true);
  });
});

/** A state import whose high-water mark is below its own groups is refused, naming the value it needs. */
describe.each([
  {
    name: 'mdm',
    mark: 'highestGroupId',
    low: '99731238129',
    needs:
      /\/highestGroupId: 99731238129 is below group 9007199254750031: .*at least the largest id in \/groups \(9007199254750031\)/,
  },
  {
    name: 'plaspy',
    mark: 'nextGroupNumber',
    low: 124,
    needs: /\/nextGroupNumber: 124 is not above group grp-124: .*\(at least 125\)/,
  },
  { name: 'bold', mark: 'nextGroupId', low: 12, needs: /\/nextGroupId: 12 is not above group 12: .*\(at least 13\)/ },
])('$name: the id high-water mark on import', ({ name, mark, low, needs }) => {
  it('a mark below a group is refused with the value it needs, and the old state is kept', async () => {
    const server = testServer({ apis: [moduleNamed(name)] });
    const exported = (await api(server).get(`/__admin/state/${name}`)).body;
    const before = exported[mark];
    const res = await api(server)
      .put(`/__admin/state/${name}`)
      .send({ ...exported, [mark]: low });
    expect(res.status).toBe(400);
    expect(res.body.problems.join('\n')).toMatch(needs);
    expect((await api(server).get(`/__admin/state/${name}`)).body[mark]).toEqual(before);
  });

  it('a state without the mark is refused: the schema requires it', async () => {
    const server = testServer({ apis: [moduleNamed(name)] });
    const { [mark]: _dropped, ...without } = (await api(server).get(`/__admin/state/${name}`)).body;
    const res = await api(server).put(`/__admin/state/${name}`).send(without);
    expect(res.status).toBe(400);
    expect(res.body.problems.join('\n')).toContain(mark);
  });

  it('an exported state imports as it is: the mark goes with it', async () => {
    const server = testServer({ apis: [moduleNamed(name)] });
    const exported = (await api(server).get(`/__admin/state/${name}`)).body;
    expect((await api(server).put(`/__admin/state/${name}?namespace=copy`).send(exported)).status).toBe(200);
    expect((await api(server).get(`/__admin/state/${name}?namespace=copy`)).body).toEqual(exported);
  });
});
