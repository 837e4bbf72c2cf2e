/**
 * PATCH /api/groups/{groupId} as a JSON Patch (RFC 6902): the docs' example, every operation on
 * `/name`, `/description`, `/devices`, `/devices/N` and `/devices/-`, and patches that are
 * malformed, touch another path, fail a `test` or leave an invalid group — each a 400 that changes
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { advance, groupUrl, setup } from './plaspy-client.js';

const A = groupUrl('grp-123');
const BEFORE = {
  id: 'grp-123',
  name: 'Group A',
  description: 'Description of Group A',
  devices: ['dev-456', 'dev-789'],
  creation: '2023-01-01T12:00:00Z',
  lastModified: '2023-01-10T12:00:00Z',
};

describe('PATCH applies a JSON Patch', () => {
  it("the docs' example: replace /name and /description; lastModified moves, creation stays", async () => {
    const { server, http } = await setup();
    await advance(server, '30m');
    const res = await http
      .patch(A)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify([
          { op: 'replace', path: '/name', value: 'Updated Name' },
          { op: 'replace', path: '/description', value: 'Updated description of the group' },
        ]),
      );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      error: null,
      apiUsage: 1,
      apiDailyUsage: 1,
      ...BEFORE,
      name: 'Updated Name',
      description: 'Updated description of the group',
      lastModified: '2026-03-01T09:30:00Z',
    });
    expect((await http.get(A)).body).toMatchObject({
      name: 'Updated Name',
      description: 'Updated description of the group',
    });
  });

  it('every operation: add, remove, replace, move, copy and test, on the devices list and its items', async () => {
    const { http } = await setup();
    const patch = async (ops: unknown[]) => {
      const res = await http.patch(A).send(ops);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    expect((await patch([{ op: 'add', path: '/devices/-', value: 'dev-123' }])).devices).toEqual([
      'dev-456',
      'dev-789',
      'dev-123',
    ]);
    expect((await patch([{ op: 'add', path: '/devices/0', value: 'dev-101' }])).devices).toEqual([
      'dev-101',
      'dev-456',
      'dev-789',
      'dev-123',
    ]);
    expect((await patch([{ op: 'remove', path: '/devices/1' }])).devices).toEqual(['dev-101', 'dev-789', 'dev-123']);
    expect((await patch([{ op: 'replace', path: '/devices/0', value: 'dev-102' }])).devices).toEqual([
      'dev-102',
      'dev-789',
      'dev-123',
    ]);
    expect((await patch([{ op: 'move', from: '/devices/0', path: '/devices/-' }])).devices).toEqual([
      'dev-789',
      'dev-123',
      'dev-102',
    ]);
    expect((await patch([{ op: 'copy', from: '/name', path: '/description' }])).description).toBe('Group A');
    expect(
      (
        await patch([
          { op: 'test', path: '/devices/0', value: 'dev-789' },
          { op: 'replace', path: '/devices', value: ['dev-012'] },
        ])
      ).devices,
    ).toEqual(['dev-012']);
    expect((await patch([{ op: 'remove', path: '/description' }])).description).toBeNull();
    expect((await patch([{ op: 'add', path: '/description', value: 'Back' }])).description).toBe('Back');
    expect((await patch([{ op: 'remove', path: '/devices' }])).devices).toEqual([]);
    expect(
      (
        await patch([
          { op: 'test', path: '/description', value: 'Back' },
          { op: 'test', path: '/devices', value: [] },
        ])
      ).name,
    ).toBe('Group A');
    expect((await patch([])).name).toBe('Group A');
  });

  it('takes application/json-patch+json too', async () => {
    const { http } = await setup();
    const res = await http
      .patch(A)
      .set('Content-Type', 'application/json-patch+json')
      .send(JSON.stringify([{ op: 'replace', path: '/name', value: 'By media type' }]));
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('By media type');
  });
});

describe('a refused patch changes nothing', () => {
  const refusals: Array<[string, unknown, string | RegExp]> = [
    [
      'a failing test after a replace',
      [
        { op: 'replace', path: '/name', value: 'Gone' },
        { op: 'test', path: '/name', value: 'Group A' },
      ],
      'Invalid input: operation 1 (test /name): test failed: the value at the path is not the one given.',
    ],
    [
      'a failing test first',
      [
        { op: 'test', path: '/devices', value: ['dev-456'] },
        { op: 'remove', path: '/devices/0' },
      ],
      /^Invalid input: operation 0 \(test \/devices\): test failed/,
    ],
    [
      'another path',
      [{ op: 'replace', path: '/id', value: 'grp-1' }],
      'Invalid input: operation 0 (replace /id): path "/id" cannot be changed.',
    ],
    [
      'the creation time',
      [{ op: 'replace', path: '/creation', value: '2000-01-01T00:00:00Z' }],
      /path "\/creation" cannot be changed/,
    ],
    [
      'a from elsewhere',
      [{ op: 'copy', from: '/lastModified', path: '/name' }],
      /path "\/lastModified" cannot be changed/,
    ],
    ['the whole document', [{ op: 'replace', path: '', value: {} }], /path "" cannot be changed/],
    ['a prototype', [{ op: 'add', path: '/__proto__/polluted', value: true }], /cannot be changed/],
    [
      'an unknown op',
      [{ op: 'merge', path: '/name', value: 'x' }],
      'Invalid input: operation 0: op must be one of add, remove, replace, move, copy, test.',
    ],
    ['no path', [{ op: 'remove' }], 'Invalid input: operation 0: path is required.'],
    [
      'add without a value',
      [{ op: 'add', path: '/name' }],
      'Invalid input: operation 0 (add /name): add needs a value.',
    ],
    [
      'an index past the end',
      [{ op: 'add', path: '/devices/5', value: 'dev-123' }],
      /^Invalid input: operation 0 \(add \/devices\/5\): /,
    ],
    [
      'removing a missing item',
      [{ op: 'remove', path: '/devices/2' }],
      /^Invalid input: operation 0 \(remove \/devices\/2\): /,
    ],
    ['not an array', { op: 'replace', path: '/name', value: 'x' }, 'Invalid input: the request body must be an array.'],
    ['removing the name', [{ op: 'remove', path: '/name' }], 'Invalid input: name is required.'],
    ['a blank name', [{ op: 'replace', path: '/name', value: ' ' }], 'Invalid input: name must be a non-empty string.'],
    [
      'a name that is not a string',
      [{ op: 'replace', path: '/name', value: 42 }],
      'Invalid input: name must be a string.',
    ],
    [
      'a device that is not a string',
      [{ op: 'add', path: '/devices/-', value: { id: 'dev-123' } }],
      'Invalid input: devices.2 must be a string.',
    ],
    [
      'devices that are not a list',
      [{ op: 'replace', path: '/devices', value: 'dev-123' }],
      'Invalid input: devices must be an array.',
    ],
    [
      'a device listed twice',
      [{ op: 'add', path: '/devices/-', value: 'dev-456' }],
      'Invalid input: devices must not list a device twice.',
    ],
    [
      "another user's device",
      [{ op: 'add', path: '/devices/-', value: 'dev-901' }],
      'Invalid input: devices not found: dev-901.',
    ],
  ];

  it.each(refusals)('%s → 400', async (_label, ops, error) => {
    const { http } = await setup();
    const res = await http.patch(A).send(ops as object);
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    if (typeof error === 'string') expect(res.body.error).toBe(error);
    else expect(res.body.error).toMatch(error);
    expect(res.body).toMatchObject({ apiUsage: 1, apiDailyUsage: 1 });
    expect((await http.get(A)).body).toEqual({ success: true, error: null, apiUsage: 2, apiDailyUsage: 2, ...BEFORE });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('JSON that does not parse → 400, a body that is not JSON → 415', async () => {
    const { http } = await setup();
    expect((await http.patch(A).set('Content-Type', 'application/json').send('[{"op": "replace"')).status).toBe(400);
    expect((await http.patch(A).set('Content-Type', 'text/plain').send('name=x')).status).toBe(415);
    expect((await http.get(A)).body).toMatchObject(BEFORE);
  });
});
