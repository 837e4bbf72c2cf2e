/**
 * A request body is refused before it is parsed when its shape alone would make the parse cost more
 * than linear: nested past 256 levels, more than 100,000 objects and arrays, or one object of more
 * than 20,000 members (V8 keeps such an object as a hash table). Each is the vendor's 400 for a
 * body it cannot read, naming the position; realistic bodies stay far inside (see json-syntax.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonShapeProblem,
  MAX_JSON_CONTAINERS,
  MAX_JSON_DEPTH,
  MAX_JSON_MEMBERS,
  tooDeepAt,
} from '../../../src/engine/util/json-syntax.js';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

describe('jsonShapeProblem', () => {
  it('finds the depth tooDeepAt finds, and otherwise counts containers and members outside strings', () => {
    const piece = fc.constantFrom('[', ']', '{', '}', '"', '\\', 'é', 'a', ':', ',', '"\\":"');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 5 }), (parts, max) => {
        const text = parts.join('');
        const found = jsonShapeProblem(text, { depth: max, containers: Infinity, members: Infinity });
        expect(found?.at).toBe(tooDeepAt(text, max));
      }),
      { numRuns: 500, seed: 3 },
    );
    expect(jsonShapeProblem('[[],[],{}]', { containers: 3 })).toEqual({
      at: 7,
      detail: 'more than 3 objects and arrays at position 7',
    });
    expect(jsonShapeProblem('{"a":1,"b":{"x":":"},"c":2}', { members: 2 })).toEqual({
      at: 24,
      detail: 'an object of more than 2 members at position 24',
    });
    expect(jsonShapeProblem('[{"a":1},{"b":2},{"c":3}]', { members: 1 })).toBeUndefined();
  });

  it('leaves a realistic megabyte alone: 20,000 ThingSpace devices, 18,000 Kazoo endpoints', () => {
    const devices = Array.from({ length: 20_000 }, (_, i) => ({ kind: 'imei', id: String(990003420535537 + i) }));
    expect(
      jsonShapeProblem(
        JSON.stringify({ accountName: 'a', groupName: 'g', groupDescription: 'd', devicesToAdd: devices }),
      ),
    ).toBeUndefined();
    const endpoints = Object.fromEntries(
      Array.from({ length: 18_000 }, (_, i) => [i.toString(16).padStart(32, '0'), { type: 'user' }]),
    );
    expect(jsonShapeProblem(JSON.stringify({ data: { name: 'g', endpoints } }))).toBeUndefined();
    expect([MAX_JSON_DEPTH, MAX_JSON_CONTAINERS, MAX_JSON_MEMBERS]).toEqual([256, 100_000, 20_000]);
  });
});

describe('request bodies past the shape limits', () => {
  it('are the vendor 400 for an unreadable body, naming the limit and the position', async () => {
    const server = testServer();
    const token = await login(server);
    const cases: Array<[string, RegExp]> = [
      [
        `{"data":{"name":"g","endpoints":{},"flags":[${'[],'.repeat(MAX_JSON_CONTAINERS)}[]]}}`,
        /more than 100000 objects and arrays at position \d+/,
      ],
      [
        `{"data":{"name":"g","endpoints":{${Array.from({ length: MAX_JSON_MEMBERS + 1 }, (_, i) => `"e${i}":{}`).join(',')}}}}`,
        /an object of more than 20000 members at position \d+/,
      ],
    ];
    for (const [body, detail] of cases) {
      const res = await api(server)
        .put(groupsUrl())
        .set('X-Auth-Token', token)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'error', error: '400' });
      const entry = (await api(server).get('/__admin/requests?limit=1')).body.requests[0];
      expect(entry.validation.request.issues[0]).toMatchObject({
        keyword: 'parse',
        message: expect.stringMatching(detail),
      });
    }
  });
});
