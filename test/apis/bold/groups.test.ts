/**
 * Bold's device-group calls as a client written from Bold's API docs makes them: the docs' list
 * examples, create answering a bare id, add device answering `true` and its documented 400s and 404s,
 * the inferred get/update/delete/remove, Bold's headers on every answer, times in the organization's
 * zone, and the error body for bad input naming the field.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  ADMIN,
  API_KEY,
  BOLD_HEADERS,
  DEVICE,
  GROUPS,
  PARTNER,
  as,
  boldError,
  groupUrl,
  memberUrl,
  setup,
} from './bold-client.js';

const NOT_FOUND = boldError('DeviceGroupNotFound', 'Device group not found');
const DEVICE_NOT_FOUND = boldError('DeviceNotFound', 'Device not found');

describe('GET /v1/device-groups', () => {
  it('answers the docs\' search example: groups whose name holds "office", without devices, by id', async () => {
    const { http } = setup();
    const res = await http.get(`${GROUPS}?search=office`);
    expect(res.status).toBe(200);
    expect(
      res.body.map((g: { id: number; name: string; organizationId: number }) => [g.id, g.organizationId, g.name]),
    ).toEqual([
      [1, 29, 'Office 1'],
      [2, 29, 'Office 2'],
      [3, 29, 'Office 3'],
      [4, 31, 'Office 1'],
      [5, 31, 'Office 2'],
      [6, 31, 'Office 3'],
    ]);
    // Fields without a value are left out, as in the docs' example; the time is in Amsterdam's offset.
    expect(res.body[0]).toEqual({
      id: 1,
      organizationId: 29,
      name: 'Office 1',
      dateCreated: '2026-03-10T10:32:32.431+01:00',
      deviceList: [],
    });
    expect(res.body[3].dateCreated).toBe('2026-03-10T09:32:33.122+00:00');
  });

  it("carries the docs' CORS and security headers, on errors too", async () => {
    const { server, http } = setup();
    for (const res of [
      await http.get(GROUPS),
      await api(server).get(GROUPS),
      await http.get(`${GROUPS}?size=500`),
      await http.get(groupUrl(999)),
    ]) {
      for (const [name, value] of Object.entries(BOLD_HEADERS))
        expect(res.headers[name], `${res.status} ${name}`).toBe(value);
    }
  });

  it('offset is a page number and size its length (default 50)', async () => {
    const { http } = setup();
    const all = (await http.get(GROUPS)).body.map((g: { id: number }) => g.id);
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12]);
    expect((await http.get(`${GROUPS}?offset=0&size=4`)).body.map((g: { id: number }) => g.id)).toEqual([1, 2, 3, 4]);
    expect((await http.get(`${GROUPS}?offset=1&size=4`)).body.map((g: { id: number }) => g.id)).toEqual([5, 6, 10, 11]);
    expect((await http.get(`${GROUPS}?offset=2&size=4`)).body.map((g: { id: number }) => g.id)).toEqual([12]);
    expect((await http.get(`${GROUPS}?offset=3&size=4`)).body).toEqual([]);
  });

  it('sorts by each documented key, both ways, with ties broken by id', async () => {
    const { http } = setup();
    const ids = async (q: string) => (await http.get(`${GROUPS}?${q}`)).body.map((g: { id: number }) => g.id);
    expect(await ids('sortBy=name')).toEqual([11, 12, 1, 4, 2, 5, 3, 6, 10]);
    expect(await ids('sortBy=name&sortDirection=Desc')).toEqual([10, 6, 3, 5, 2, 4, 1, 12, 11]);
    // Groups without remarks come last ascending, first descending.
    expect(await ids('sortBy=remarks&sortDirection=asc')).toEqual([12, 11, 10, 1, 2, 3, 4, 5, 6]);
    expect(await ids('sortBy=remarks&sortDirection=DESC')).toEqual([6, 5, 4, 3, 2, 1, 10, 11, 12]);
    expect(await ids('sortBy=location')).toEqual([11, 12, 10, 1, 2, 3, 4, 5, 6]);
    expect(await ids('sortBy=dateModified&sortDirection=Desc&size=2')).toEqual([12, 10]);
    expect(await ids('sortBy=dateCreated&sortDirection=Desc&size=3')).toEqual([12, 11, 10]);
    expect(await ids('sortBy=id&sortDirection=Desc&size=2')).toEqual([12, 11]);
  });

  it('searches name, remarks, location and id, with * and ? wildcards, without regard to case', async () => {
    const { http } = setup();
    const ids = async (search: string) =>
      (await http.get(`${GROUPS}?search=${encodeURIComponent(search)}`)).body.map((g: { id: number }) => g.id);
    expect(await ids('DOCK')).toEqual([10]); // remarks
    expect(await ids('rotter')).toEqual([10]); // location
    expect(await ids('12')).toEqual([12]); // id
    expect(await ids('office ?')).toEqual([1, 2, 3, 4, 5, 6]); // a wildcard term matches a whole field
    expect(await ids('office')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await ids('off*')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await ids('*2')).toEqual([2, 5, 12]);
    expect(await ids('*house*')).toEqual([10]);
    expect(await ids('c*tt*ges')).toEqual([12]);
    expect(await ids('office?')).toEqual([]);
    // What a RegExp would read as syntax is only text here.
    expect(await ids('(a+)+$')).toEqual([]);
    expect(await ids('.*')).toEqual([]);
  });

  it('includeDevices=true gives the full device objects with the groups they are in', async () => {
    const { http } = setup();
    const res = await http.get(`${GROUPS}?includeDevices=true&search=Office 1&organizationId=29`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const [group] = res.body;
    expect(group.deviceList.map((d: { id: number }) => d.id)).toEqual([1, 3, 4]);
    const main = group.deviceList[0];
    expect(main).toMatchObject({
      id: 1,
      name: 'Main Entrance',
      organizationId: 29,
      organizationName: 'Bold Demo Company',
      locked: 'LOCKED',
      timeZone: 'Europe/Amsterdam',
    });
    expect(Object.keys(main.deviceModel.features)).toHaveLength(22);
    expect(main.relatedDeviceGroups.map((g: { id: number }) => g.id)).toEqual([1, 3]);
    expect(main.relatedDeviceGroups[0]).toEqual({
      id: 1,
      organizationId: 29,
      name: 'Office 1',
      dateCreated: '2026-03-10T10:32:32.431+01:00',
    });
    expect(main.reachableGateways[0]).toMatchObject({ deviceId: 1, gatewayId: 2, deviceName: 'Reception Gateway' });
    expect(main).not.toHaveProperty('registered');
  });

  it("organizationId narrows the list to one of the caller's organizations", async () => {
    const { http } = setup();
    expect((await http.get(`${GROUPS}?organizationId=31`)).body.map((g: { id: number }) => g.id)).toEqual([
      4, 5, 6, 12,
    ]);
  });

  it("answers Bold's error body naming the parameter for bad query values", async () => {
    const { http } = setup();
    const cases: Array<[string, string]> = [
      ['size=101', 'query parameter size must be at most 100'],
      ['size=0', 'query parameter size must be at least 1'],
      ['offset=-1', 'query parameter offset must be at least 0'],
      ['sortBy=color', 'query parameter sortBy must be one of name, remarks, location, id, dateCreated, dateModified'],
      ['sortDirection=up', 'query parameter sortDirection must be one of Asc, Desc, asc, desc, ASC, DESC'],
      ['includeDevices=maybe', 'query parameter includeDevices must be true or false'],
      ['organizationId=abc', 'query parameter organizationId must be an integer'],
      [`search=${'x'.repeat(101)}`, 'query parameter search must be at most 100 characters'],
    ];
    for (const [query, detail] of cases) {
      const res = await http.get(`${GROUPS}?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toEqual(boldError('InvalidRequest', `Invalid request: ${detail}`));
    }
  });
});

describe('POST /v1/device-groups', () => {
  it('creates a group in the organization and answers its id as a bare number', async () => {
    const { server, http } = setup();
    const res = await http.post(`${GROUPS}?organizationId=29`).send({ name: 'Office 4' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('13');
    // The test clock stands at 2026-03-01T09:00:00Z: 10:00 in Amsterdam.
    expect((await http.get(groupUrl(13))).body).toEqual({
      id: 13,
      organizationId: 29,
      name: 'Office 4',
      dateCreated: '2026-03-01T10:00:00.000+01:00',
      deviceList: [],
    });
    const full = await http
      .post(`${GROUPS}?organizationId=31`)
      .send({ name: 'Warehouse', remarks: 'Loading docks', location: 'Rotterdam', colour: 'ignored' });
    expect(full.body).toBe(14);
    expect((await http.get(groupUrl(14))).body).toEqual({
      id: 14,
      organizationId: 31,
      name: 'Warehouse',
      remarks: 'Loading docks',
      location: 'Rotterdam',
      dateCreated: '2026-03-01T09:00:00.000+00:00',
      deviceList: [],
    });
    expect((await api(server).get('/__admin/state/bold')).body.groups['14']).not.toHaveProperty('colour');
  });

  it('refuses a bad body or a missing organization with the field named, and keeps nothing', async () => {
    const { server, http } = setup();
    const before = (await api(server).get('/__admin/state/bold')).body;
    const cases: Array<[string, unknown, string]> = [
      ['?organizationId=29', {}, 'name is required'],
      ['?organizationId=29', { name: '' }, 'name must not be empty'],
      ['?organizationId=29', { name: '   ' }, 'name must not be empty'],
      ['?organizationId=29', { name: 7 }, 'name must be a string'],
      ['?organizationId=29', { name: 'x', remarks: 5 }, 'remarks must be a string or null'],
      ['?organizationId=29', { name: 'x'.repeat(256) }, 'name must be at most 255 characters'],
      ['', { name: 'x' }, 'query parameter organizationId is required'],
      ['?organizationId=0', { name: 'x' }, 'query parameter organizationId must be at least 1'],
    ];
    for (const [query, body, detail] of cases) {
      const res = await http.post(`${GROUPS}${query}`).send(body as object);
      expect(res.status, detail).toBe(400);
      expect(res.body, detail).toEqual(boldError('InvalidRequest', `Invalid request: ${detail}`));
    }
    const broken = await http
      .post(`${GROUPS}?organizationId=29`)
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('InvalidRequest');
    expect(broken.body.message).toMatch(/^Invalid request: the body is not valid JSON/);
    const text = await http.post(`${GROUPS}?organizationId=29`).set('Content-Type', 'text/plain').send('Office 4');
    expect(text.status).toBe(415);
    expect(text.body).toEqual(boldError('UnsupportedMediaType', 'The request body must be JSON (application/json).'));
    expect((await api(server).get('/__admin/state/bold')).body).toEqual(before);
  });
});

describe('GET, PUT, DELETE /v1/device-groups/{id} (inferred)', () => {
  it('gets one group, with devices on request', async () => {
    const { http } = setup();
    expect((await http.get(groupUrl(10))).body).toEqual({
      id: 10,
      organizationId: 29,
      name: 'Warehouse',
      remarks: 'Loading docks',
      location: 'Rotterdam',
      dateCreated: '2026-03-11T09:00:00.000+01:00',
      deviceList: [],
    });
    const withDevices = await http.get(`${groupUrl(10)}?includeDevices=true`);
    expect(withDevices.body.deviceList.map((d: { name: string }) => d.name)).toEqual([
      'Warehouse Door',
      'Warehouse Gateway',
    ]);
  });

  it('updates name, remarks and location (left out is cleared) and sets dateModified', async () => {
    const { server, http } = setup();
    await api(server).post('/__admin/clock').send({ advance: '2h' });
    const res = await http.put(groupUrl(10)).send({ name: 'Warehouse North', location: 'Groningen' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 10,
      organizationId: 29,
      name: 'Warehouse North',
      location: 'Groningen',
      dateCreated: '2026-03-11T09:00:00.000+01:00',
      dateModified: '2026-03-01T12:00:00.000+01:00',
      deviceList: [],
    });
    expect((await http.get(groupUrl(10))).body).toEqual(res.body);
    expect((await http.put(groupUrl(10)).send({ location: 'x' })).body).toEqual(
      boldError('InvalidRequest', 'Invalid request: name is required'),
    );
  });

  it('deletes a group: it is gone, and its devices no longer list it', async () => {
    const { http } = setup();
    expect((await http.delete(groupUrl(3))).body).toBe(true);
    expect((await http.get(groupUrl(3))).body).toEqual(NOT_FOUND);
    expect((await http.delete(groupUrl(3))).status).toBe(404);
    const office1 = (await http.get(`${groupUrl(1)}?includeDevices=true`)).body;
    expect(office1.deviceList[0].relatedDeviceGroups.map((g: { id: number }) => g.id)).toEqual([1]);
  });

  it('answers 404 for an unknown group and 400 naming the id for one that is not a number', async () => {
    const { http } = setup();
    for (const res of [
      await http.get(groupUrl(999)),
      await http.put(groupUrl(999)).send({ name: 'x' }),
      await http.delete(groupUrl(999)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    }
    for (const id of ['abc', '1.5', '0', '__proto__', '99999999999999999999']) {
      const res = await http.get(groupUrl(id));
      expect(res.status, id).toBe(400);
      expect(res.body.code, id).toBe('InvalidRequest');
      expect(res.body.message, id).toMatch(/^Invalid request: id /);
    }
  });
});

describe('devices in groups', () => {
  it('adds a device (answering true, once however often) and removes it', async () => {
    const { http } = setup();
    const add = await http.post(memberUrl(2, DEVICE.of29));
    expect(add.status).toBe(200);
    expect(add.text).toBe('true');
    expect((await http.post(memberUrl(2, DEVICE.of29))).body).toBe(true);
    const group = (await http.get(`${groupUrl(2)}?includeDevices=true`)).body;
    expect(group.deviceList.map((d: { id: number }) => d.id)).toEqual([8, 9, 10, 3]);
    expect(group.deviceList[3].relatedDeviceGroups.map((g: { id: number }) => g.id)).toEqual([1, 2]);
    // Adding a device is no update of the group's own fields: no dateModified (as in the docs' examples).
    expect(group).not.toHaveProperty('dateModified');
    expect((await http.delete(memberUrl(2, DEVICE.of29))).body).toBe(true);
    expect((await http.delete(memberUrl(2, DEVICE.of29))).body).toEqual(
      boldError('DeviceNotInDeviceGroup', 'Device is not in the device group'),
    );
    expect(
      (await http.get(`${groupUrl(2)}?includeDevices=true`)).body.deviceList.map((d: { id: number }) => d.id),
    ).toEqual([8, 9, 10]);
  });

  it('answers the documented 400s and 404s', async () => {
    const { http } = setup();
    expect((await http.post(memberUrl(2, DEVICE.unregistered))).body).toEqual(
      boldError('DeviceNotRegistered', 'Device must be registered'),
    );
    const other = await http.post(memberUrl(2, DEVICE.of31));
    expect(other.status).toBe(400);
    expect(other.body).toEqual(
      boldError('DeviceGroupAndDeviceNotSameAccount', 'Group and device do not belong to the same account'),
    );
    expect((await http.post(memberUrl(999, DEVICE.of29))).body).toEqual(NOT_FOUND);
    expect((await http.post(memberUrl(2, 999))).body).toEqual(DEVICE_NOT_FOUND);
    expect((await http.delete(memberUrl(999, DEVICE.of29))).body).toEqual(NOT_FOUND);
    expect((await http.delete(memberUrl(2, 999))).status).toBe(404);
    expect((await http.post(memberUrl(2, 'x'))).body.message).toBe('Invalid request: deviceId must be an integer');
    // Nothing changed.
    expect(
      (await http.get(`${groupUrl(2)}?includeDevices=true`)).body.deviceList.map((d: { id: number }) => d.id),
    ).toEqual([8, 9, 10]);
  });
});

describe('credentials', () => {
  it('takes a bearer token or the API key as the whole header, and 401s anything else with the recorded body', async () => {
    const { server } = setup();
    expect((await as(server, API_KEY).get(GROUPS)).status).toBe(200);
    expect((await as(server, `bearer ${ADMIN.slice(7)}`).get(GROUPS)).status).toBe(200);
    const unauthorized = { errorMessage: 'Authentication is possible but has failed or not yet been provided.' };
    for (const value of [
      undefined,
      'Bearer nope-nope-nope',
      `Bearer ${API_KEY}`,
      ADMIN.slice(7),
      'Basic ZGVtbzpwdw==',
      'Bearer',
      'toString',
      '__proto__',
    ]) {
      const req = api(server).get(GROUPS);
      if (value !== undefined) req.set('Authorization', value);
      const res = await req;
      expect(res.status, value).toBe(401);
      expect(res.body, value).toEqual(unauthorized);
    }
    expect((await as(server, PARTNER).get(GROUPS)).body.map((g: { id: number }) => g.id)).toEqual([7, 8, 9]);
  });
});
