/**
 * Plaspy's group calls as its docs describe them: list, create (the docs' example body and answer),
 * get, replace and delete, devices the caller's own and allowed in several groups, ids in order,
 * times on the engine clock — and one user never seeing or changing another's groups.
 */
import { describe, expect, it } from 'vitest';
import { api, moduleNamed, testServer } from '../../helpers.js';
import { GROUPS, OTHER, advance, as, getToken, groupUrl, setup } from './plaspy-client.js';

const GROUP_A = {
  id: 'grp-123',
  name: 'Group A',
  description: 'Description of Group A',
  devices: ['dev-456', 'dev-789'],
  creation: '2023-01-01T12:00:00Z',
  lastModified: '2023-01-10T12:00:00Z',
};

describe('GET /api/groups', () => {
  it("lists the caller's groups, oldest first, in the docs' shape", async () => {
    const { http } = await setup();
    const res = await http.get(GROUPS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, error: null, apiUsage: 1, apiDailyUsage: 1 });
    expect(res.body.groups.map((g: { id: string }) => g.id)).toEqual(['grp-121', 'grp-123', 'grp-124']);
    expect(res.body.groups[1]).toEqual(GROUP_A);
    // dev-456 is in two groups, as in Plaspy's own examples.
    expect(res.body.groups.filter((g: { devices: string[] }) => g.devices.includes('dev-456'))).toHaveLength(2);
  });

  it('another user sees only its own groups', async () => {
    const { server } = await setup();
    const other = as(server, await getToken(server, OTHER));
    expect((await other.get(GROUPS)).body.groups.map((g: { id: string }) => g.id)).toEqual(['grp-122']);
  });

  it('accepts a query parameter it does not take (a cache-buster), lists as without it, and journals a warning naming it', async () => {
    const { server, http } = await setup();
    const res = await http.get(`${GROUPS}?page=2`);
    expect(res.status).toBe(200);
    expect(res.body.groups.map((g: { id: string }) => g.id)).toEqual(['grp-121', 'grp-123', 'grp-124']);
    const [entry] = (await api(server).get('/__admin/requests?operationId=listGroups')).body.requests;
    expect(entry.validation.request).toMatchObject({ valid: true, issues: [] });
    expect(entry.validation.warnings).toEqual([
      expect.objectContaining({ in: 'query', path: ['page'], keyword: 'unknownParameter', value: '2' }),
    ]);
  });

  it("with strict on, refuses a query parameter it does not take, naming it (the spec's unknownParameter example)", async () => {
    const server = testServer({ apis: [moduleNamed('plaspy')], strict: true });
    const http = as(server, await getToken(server));
    const res = await http.get(`${GROUPS}?page=2`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      error: 'Invalid input: query parameter page is not allowed.',
      apiUsage: 1,
      apiDailyUsage: 1,
      groups: null,
    });
    const documented = server.apis.get('plaspy')!.spec.byId.get('listGroups')!.responses.get('400')!.examples
      .unknownParameter as Record<string, unknown>;
    expect({ ...res.body, apiUsage: 0, apiDailyUsage: 0 }).toEqual({ ...documented, apiUsage: 0, apiDailyUsage: 0 });
  });
});

describe('POST /api/groups', () => {
  it("creates the docs' example group: 201, grp-125, times from the engine clock", async () => {
    const { http } = await setup();
    const res = await http
      .post(GROUPS)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          name: 'New Group',
          description: 'Description of the new group',
          devices: ['dev-456', 'dev-789'],
        }),
      );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      error: null,
      apiUsage: 1,
      apiDailyUsage: 1,
      id: 'grp-125',
      name: 'New Group',
      description: 'Description of the new group',
      devices: ['dev-456', 'dev-789'],
      creation: '2026-03-01T09:00:00Z',
      lastModified: '2026-03-01T09:00:00Z',
    });
    const read = await http.get(groupUrl('grp-125'));
    expect(read.body).toMatchObject({ id: 'grp-125', devices: ['dev-456', 'dev-789'] });
    // The devices stay in the groups they were in.
    expect((await http.get(groupUrl('grp-123'))).body.devices).toEqual(['dev-456', 'dev-789']);
  });

  it('numbers ids in order and never reuses one; a group needs only a name', async () => {
    const { http } = await setup();
    const a = await http.post(GROUPS).send({ name: 'First' });
    expect(a.body).toMatchObject({ id: 'grp-125', description: null, devices: [] });
    expect((await http.delete(groupUrl('grp-125'))).status).toBe(200);
    expect((await http.post(GROUPS).send({ name: 'Second' })).body.id).toBe('grp-126');
  });

  it('refuses a missing, empty or blank name, and a name that is not a string', async () => {
    const { http } = await setup();
    for (const [body, error] of [
      [{ description: 'no name' }, 'Invalid input: name is required.'],
      [{ name: '' }, 'Invalid input: name must be a non-empty string.'],
      [{ name: '   ' }, 'Invalid input: name must be a non-empty string.'],
      [{ name: 7 }, 'Invalid input: name must be a string.'],
      [{ name: 'x', devices: 'dev-456' }, 'Invalid input: devices must be an array.'],
      [{ name: 'x', description: 5 }, 'Invalid input: description must be a string or null.'],
    ] as const) {
      const res = await http.post(GROUPS).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error, JSON.stringify(body)).toBe(error);
      expect(res.body.success).toBe(false);
    }
    expect((await http.get(GROUPS)).body.groups).toHaveLength(3);
  });

  it("refuses devices that are not the caller's, naming them, and devices listed twice; nothing is created", async () => {
    const { http } = await setup();
    const foreign = await http.post(GROUPS).send({ name: 'Mixed', devices: ['dev-456', 'dev-901', 'dev-999'] });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({
      success: false,
      error: 'Invalid input: devices not found: dev-901, dev-999.',
      apiUsage: 1,
      apiDailyUsage: 1,
    });
    const twice = await http.post(GROUPS).send({ name: 'Twice', devices: ['dev-456', 'dev-456'] });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toBe('Invalid input: devices must not list a device twice.');
    for (const devices of [['__proto__'], ['constructor'], ['toString']]) {
      expect((await http.post(GROUPS).send({ name: 'Proto', devices })).body.error).toBe(
        `Invalid input: devices not found: ${devices[0]}.`,
      );
    }
    expect((await http.get(GROUPS)).body.groups).toHaveLength(3);
  });

  it('refuses JSON that does not parse (400) and a body that is not JSON (415), nothing created', async () => {
    const { http } = await setup();
    const broken = await http.post(GROUPS).set('Content-Type', 'application/json').send('{"name": "x",');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^Invalid input: the body is not valid JSON/);
    for (const [type, body] of [
      ['text/plain', 'New Group'],
      ['application/x-www-form-urlencoded', 'name=New+Group'],
      ['application/xml', '<name>x</name>'],
    ]) {
      const res = await http.post(GROUPS).set('Content-Type', type!).send(body!);
      expect(res.status, type).toBe(415);
      expect(res.body.error).toBe('An unsupported media type was sent. The server expected JSON.');
    }
    const empty = await http.post(GROUPS);
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('Invalid input: the request body is required.');
    expect((await http.get(GROUPS)).body.groups).toHaveLength(3);
  });
});

describe('GET, PUT and DELETE /api/groups/{groupId}', () => {
  it('gets one group', async () => {
    const { http } = await setup();
    const res = await http.get(groupUrl('grp-123'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, error: null, apiUsage: 1, apiDailyUsage: 1, ...GROUP_A });
  });

  it('PUT replaces name, description and devices; what it leaves out is emptied; lastModified moves', async () => {
    const { server, http } = await setup();
    await advance(server, '1h');
    const res = await http.put(groupUrl('grp-123')).send({
      name: 'Updated Group',
      description: 'Updated description of the group',
      devices: ['dev-123', 'dev-456'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'grp-123',
      name: 'Updated Group',
      description: 'Updated description of the group',
      devices: ['dev-123', 'dev-456'],
      creation: GROUP_A.creation,
      lastModified: '2026-03-01T10:00:00Z',
    });
    const bare = await http.put(groupUrl('grp-123')).send({ name: 'Bare' });
    expect(bare.body).toMatchObject({ name: 'Bare', description: null, devices: [] });
    expect((await http.get(groupUrl('grp-123'))).body).toMatchObject({ name: 'Bare', description: null, devices: [] });
  });

  it('PUT takes back a group read earlier, ignoring the fields it does not set', async () => {
    const { http } = await setup();
    const read = (await http.get(groupUrl('grp-124'))).body;
    const res = await http
      .put(groupUrl('grp-124'))
      .send({ ...read, id: 'grp-999', name: 'Group B renamed', creation: '2000-01-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'grp-124',
      name: 'Group B renamed',
      devices: ['dev-012', 'dev-345'],
      creation: '2023-02-01T12:00:00Z',
    });
  });

  it('PUT refuses what create refuses, and changes nothing', async () => {
    const { http } = await setup();
    expect((await http.put(groupUrl('grp-123')).send({ description: 'no name' })).body.error).toBe(
      'Invalid input: name is required.',
    );
    expect((await http.put(groupUrl('grp-123')).send({ name: 'x', devices: ['dev-905'] })).body.error).toBe(
      'Invalid input: devices not found: dev-905.',
    );
    expect((await http.put(groupUrl('grp-123')).set('Content-Type', 'text/plain').send('x')).status).toBe(415);
    expect((await http.get(groupUrl('grp-123'))).body).toMatchObject(GROUP_A);
  });

  it('DELETE answers the short body; the group is gone, its devices are not', async () => {
    const { http } = await setup();
    const res = await http.delete(groupUrl('grp-123'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, error: null, apiUsage: 1, apiDailyUsage: 1 });
    expect((await http.get(groupUrl('grp-123'))).body).toEqual({
      success: false,
      error: 'Group not found',
      apiUsage: 2,
      apiDailyUsage: 2,
    });
    expect((await http.delete(groupUrl('grp-123'))).status).toBe(404);
    expect((await http.get(GROUPS)).body.groups.map((g: { id: string }) => g.id)).toEqual(['grp-121', 'grp-124']);
    // dev-456 is still the user's, in grp-121.
    expect((await http.post(GROUPS).send({ name: 'Again', devices: ['dev-456', 'dev-789'] })).status).toBe(201);
  });

  it('an unknown id, a prototype name and another user\'s group are all "Group not found", for every call', async () => {
    const { server, http } = await setup();
    const other = as(server, await getToken(server, OTHER));
    for (const id of ['grp-999', 'nope', '__proto__', 'constructor', 'grp-122']) {
      for (const res of [
        await http.get(groupUrl(id)),
        await http.put(groupUrl(id)).send({ name: 'Mine now' }),
        await http.patch(groupUrl(id)).send([{ op: 'replace', path: '/name', value: 'Mine now' }]),
        await http.delete(groupUrl(id)),
      ]) {
        expect(res.status, id).toBe(404);
        expect(res.body.error).toBe('Group not found');
      }
    }
    // The other user's group is untouched, and it cannot reach demo's either.
    expect((await other.get(groupUrl('grp-122'))).body).toMatchObject({
      name: 'Other fleet',
      devices: ['dev-901', 'dev-902'],
    });
    expect((await other.delete(groupUrl('grp-123'))).status).toBe(404);
    expect((await http.get(groupUrl('grp-123'))).status).toBe(200);
    expect((await api(server).get('/__admin/state/plaspy')).body.groups['grp-122'].owner).toBe(OTHER.userName);
  });
});
