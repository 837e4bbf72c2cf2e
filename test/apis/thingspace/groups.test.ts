import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  ACCOUNT,
  DEFAULT_GROUP,
  M2M,
  OTHER_ACCOUNT,
  allDevices,
  groupDeviceIds,
  groupUrl,
  login,
  m2m,
  tsServer,
  type Creds,
  type ListedDevice,
} from './thingspace-client.js';

type Server = ReturnType<typeof tsServer>;

async function setup(): Promise<{ server: Server; creds: Creds; http: ReturnType<typeof m2m> }> {
  const server = tsServer();
  const creds = await login(server);
  return { server, creds, http: m2m(server, creds) };
}

const groupOf = (devices: ListedDevice[], id: string) =>
  devices.find((d) => d.deviceIds.some((x) => x.id === id))?.groupNames;

const FLEET_WEST = Array.from({ length: 12 }, (_, i) => `3500000000001${String(i + 1).padStart(2, '0')}`);

describe('thingspace list device groups', () => {
  it('lists the default group first, then the account groups, as a bare array', async () => {
    const { http } = await setup();
    const res = await http.get(`${M2M}/groups/${ACCOUNT}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        name: DEFAULT_GROUP,
        description: 'All devices that are not in another device group.',
        isDefaultGroup: true,
        extendedAttributes: [],
      },
      {
        name: 'Fleet West',
        description: 'Service vans of the western region',
        isDefaultGroup: false,
        extendedAttributes: null,
      },
      {
        name: 'Cold Chain',
        description: 'Refrigerated container sensors',
        isDefaultGroup: false,
        extendedAttributes: null,
      },
    ]);
  });
});

describe('thingspace create device group', () => {
  it('creates a group, moves its devices out of their groups, and lists it', async () => {
    const { server, creds, http } = await setup();
    const res = await http.post(`${M2M}/groups`).send({
      accountName: ACCOUNT,
      groupName: 'NV tanks',
      groupDescription: 'Nevada tank level monitors',
      devicesToAdd: [
        { kind: 'imei', id: '990003420535537' },
        { kind: 'IMEI', id: '350000000000101' },
        { kind: 'esn', id: '12800000001' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const groups = (await http.get(`${M2M}/groups/${ACCOUNT}`)).body;
    expect(groups.at(-1)).toEqual({
      name: 'NV tanks',
      description: 'Nevada tank level monitors',
      isDefaultGroup: false,
      extendedAttributes: null,
    });
    expect(await groupDeviceIds(server, creds, 'NV tanks')).toEqual([
      '12800000001',
      '350000000000101',
      '990003420535537',
    ]);
    expect(await groupDeviceIds(server, creds, 'Fleet West')).not.toContain('350000000000101');
    expect(await groupDeviceIds(server, creds, 'Cold Chain')).not.toContain('12800000001');
    expect(await groupDeviceIds(server, creds, DEFAULT_GROUP)).not.toContain('990003420535537');
    expect(await allDevices(server, creds)).toHaveLength(32);
  });

  it('creates an empty group', async () => {
    const { server, creds, http } = await setup();
    const res = await http.post(`${M2M}/groups`).send({
      accountName: ACCOUNT,
      groupName: 'Nebraska Trucks',
      groupDescription: 'All service trucks in Nebraska.',
    });
    expect(res.status).toBe(200);
    const info = await http.get(groupUrl('Nebraska Trucks'));
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      name: 'Nebraska Trucks',
      description: 'All service trucks in Nebraska.',
      hasMoreData: false,
      devices: [],
    });
    expect(await groupDeviceIds(server, creds, DEFAULT_GROUP)).toHaveLength(14);
  });

  it('refuses a name already used in the account, whatever its case, including the default group', async () => {
    const { http } = await setup();
    for (const groupName of ['Fleet West', 'fleet west', 'UNASSIGNED DEVICES']) {
      const res = await http.post(`${M2M}/groups`).send({ accountName: ACCOUNT, groupName, groupDescription: 'x' });
      expect(res.status, groupName).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'DeviceGroupService.INPUT_INVALID.GroupNameExists',
        errorMessage: 'A device group with this name already exists.',
      });
    }
  });

  it('takes the same name in another account', async () => {
    const server = tsServer();
    const other = await login(server, { user: 'other-user', password: 'other-password' });
    const res = await m2m(server, other)
      .post(`${M2M}/groups`)
      .send({ accountName: OTHER_ACCOUNT, groupName: 'Fleet West', groupDescription: 'x' });
    expect(res.status).toBe(200);
  });

  it('refuses a device of another account or none, and changes nothing', async () => {
    const { server, creds, http } = await setup();
    for (const id of ['350000000000901', '350000000000999']) {
      const res = await http.post(`${M2M}/groups`).send({
        accountName: ACCOUNT,
        groupName: 'Mixed',
        groupDescription: 'x',
        devicesToAdd: [
          { kind: 'imei', id: '350000000000101' },
          { kind: 'imei', id },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'UnifiedWebService.INPUT_INVALID.Device.Account.Invalid',
        errorMessage: `The device was not a part of the account specified: imei ${id}.`,
      });
    }
    const names = (await http.get(`${M2M}/groups/${ACCOUNT}`)).body.map((g: { name: string }) => g.name);
    expect(names).not.toContain('Mixed');
    expect(groupOf(await allDevices(server, creds), '350000000000101')).toEqual(['Fleet West']);
  });

  it.each([
    ['esn', '12800000009', '1280000000'],
    ['esn', '12800000009', 'ABCDEF12345'],
    ['iccid', '8914800000000000999', '891480000000000009999'],
    ['imei', '350000000000999', '35000000000099999'],
    ['imei', '3500000000009999', '3500000000009999A'],
    ['imei', '35000000000099', '35-000000000099'],
    ['imei', '1', ''],
    ['iccid', '1', '891480000000000009999'],
    ['esn', '12800000009', '128000000099'],
    ['mdn', '7755559999', '77555599999'],
    ['meid', 'A10000000000FF', 'A10000000000FFF'],
    ['msisdn', '17755559999', '1775555999'],
    ['mdn', '7755559999', '775555999'],
    ['meid', 'a10000000000ff', 'A10000000000F'],
    ['msisdn', '17755559999', '177555599999'],
    ['eid', '89049032000000000000000000009999', '8904903200000000000000000000999'],
  ])('checks the %s format: %s is well-formed (but unknown), %s is not', async (kind, good, bad) => {
    const { http } = await setup();
    const create = (id: string) =>
      http
        .post(`${M2M}/groups`)
        .send({ accountName: ACCOUNT, groupName: 'Formats', groupDescription: 'x', devicesToAdd: [{ kind, id }] });
    const wellFormed = await create(good);
    expect(wellFormed.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Device.Account.Invalid');
    const malformed = await create(bad);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid',
      errorMessage: `The device identifier is not valid for its kind: ${kind} ${bad}.`,
    });
  });

  it('refuses an unknown kind and an identifier with characters no kind allows', async () => {
    const { http } = await setup();
    for (const device of [{ kind: 'serial', id: '123' }, { kind: 'imei', id: '35-000' }, { kind: 'imei' }]) {
      const res = await http
        .post(`${M2M}/groups`)
        .send({ accountName: ACCOUNT, groupName: 'x', groupDescription: 'x', devicesToAdd: [device] });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid');
    }
  });

  it('finds devices by any of their identifiers, kinds in any case, MEIDs in any case', async () => {
    const { server, creds, http } = await setup();
    const res = await http.post(`${M2M}/groups`).send({
      accountName: ACCOUNT,
      groupName: 'By other ids',
      groupDescription: 'x',
      devicesToAdd: [
        { kind: 'ICCID', id: '89148000000800139708' },
        { kind: 'Meid', id: 'a1000000000003' },
        { kind: 'imei', id: '990003420535537' },
      ],
    });
    expect(res.status).toBe(200);
    expect(await groupDeviceIds(server, creds, 'By other ids')).toEqual(['990003420535537', 'A1000000000003']);
  });

  it('names the field that breaks the schema', async () => {
    const { http } = await setup();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { accountName: ACCOUNT, groupName: '', groupDescription: 'x' },
        'UnifiedWebService.INPUT_INVALID.GroupName',
        'groupName: must NOT have fewer than 1 characters',
      ],
      [
        { accountName: ACCOUNT, groupName: 'x' },
        'UnifiedWebService.INPUT_INVALID.GroupDescription',
        'groupDescription: is required',
      ],
      [
        { groupName: 'x', groupDescription: 'x' },
        'UnifiedWebService.INPUT_INVALID.AccountName',
        'accountName: is required',
      ],
      [
        { accountName: 123456, groupName: 'x', groupDescription: 'x' },
        'UnifiedWebService.INPUT_INVALID.AccountName',
        'accountName: must be string',
      ],
      [
        { accountName: ACCOUNT, groupName: 'x', groupDescription: 'x', devicesToAdd: 'imei' },
        'UnifiedWebService.INPUT_INVALID.DevicesToAdd',
        'devicesToAdd: must be array',
      ],
    ];
    for (const [body, errorCode, errorMessage] of cases) {
      const res = await http.post(`${M2M}/groups`).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ errorCode, errorMessage });
    }
  });

  it('takes group names of 1 to 255 characters that are not only white space, on create and rename', async () => {
    const { http } = await setup();
    const longest = 'ÿ'.repeat(255);
    const create = (groupName: string) =>
      http.post(`${M2M}/groups`).send({ accountName: ACCOUNT, groupName, groupDescription: 'x' });
    const rename = (newGroupName: string) => http.put(groupUrl('Cold Chain')).send({ newGroupName });
    const tooLong = await create(`${longest}x`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.GroupName',
      errorMessage: 'groupName: must NOT have more than 255 characters',
    });
    expect((await rename(`${longest}x`)).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.NewGroupName',
      errorMessage: 'newGroupName: must NOT have more than 255 characters',
    });
    for (const blank of [' ', '   ', '\t\n', '\u00a0']) {
      expect((await create(blank)).body, JSON.stringify(blank)).toEqual({
        errorCode: 'UnifiedWebService.INPUT_INVALID.GroupName',
        errorMessage: 'groupName: must contain a character other than white space',
      });
      expect((await rename(blank)).body, JSON.stringify(blank)).toEqual({
        errorCode: 'UnifiedWebService.INPUT_INVALID.NewGroupName',
        errorMessage: 'newGroupName: must contain a character other than white space',
      });
    }
    // The longest name works end to end: created, fetched, renamed to, deleted (its URL is well under Node's header limit).
    expect((await create(longest)).status).toBe(200);
    expect((await http.get(groupUrl(longest))).body.name).toBe(longest);
    expect((await http.delete(groupUrl(longest))).status).toBe(200);
    expect((await rename(longest)).status).toBe(200);
    expect((await http.get(groupUrl(longest))).body.name).toBe(longest);
    expect((await create(' padded ')).status).toBe(200);
  });

  it('refuses a blank request, a body that is not JSON, and a form', async () => {
    const { http } = await setup();
    for (const res of [await http.post(`${M2M}/groups`).send({}), await http.post(`${M2M}/groups`)]) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'UnifiedWebService.INPUT_INVALID.RequestUndefined',
        errorMessage: 'Request cannot be blank. Please provide request details.',
      });
    }
    const broken = await http.post(`${M2M}/groups`).set('Content-Type', 'application/json').send('{"accountName": ');
    expect(broken.status).toBe(400);
    expect(broken.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.DeserializationFailed');
    const form = await http.post(`${M2M}/groups`).type('form').send({ accountName: ACCOUNT });
    expect(form.status).toBe(415);
    expect(form.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.ContentType');
  });

  it("refuses ’, ', < and \\ in any string", async () => {
    const { http } = await setup();
    for (const groupName of ['Bob’s vans', "Bob's vans", '<script>', 'a\\b']) {
      const res = await http.post(`${M2M}/groups`).send({ accountName: ACCOUNT, groupName, groupDescription: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'UnifiedWebService.INPUT_INVALID.Request.InvalidCharacter',
        errorMessage: 'There was an invalid character (’ or < or \\) in your input.',
      });
    }
    const inPath = await http.get(groupUrl('<b>'));
    expect(inPath.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Request.InvalidCharacter');
  });
});

describe('thingspace device group information', () => {
  it('pages a group by 10 devices sorted by id: 202 with Location while more remain, then 200', async () => {
    const { http } = await setup();
    const first = await http.get(groupUrl('Fleet West'));
    expect(first.status).toBe(202);
    // The token is the internal device ID of the page's last device (350000000000110 has 20 in the demo tenant).
    expect(first.headers.location).toBe('/thingspace/api/m2m/v1/groups/0000123456-00001/name/Fleet%20West?next=20');
    expect(first.body).toMatchObject({
      name: 'Fleet West',
      description: 'Service vans of the western region',
      hasMoreData: true,
    });
    expect(first.body.devices).toHaveLength(10);
    expect(first.body.devices[0]).toEqual({
      deviceIds: [
        { kind: 'imei', id: '350000000000101' },
        { kind: 'iccid', id: '89148000000000000101' },
      ],
      ipAddress: '10.120.1.1',
    });
    const second = await http.get(first.headers.location!);
    expect(second.status).toBe(200);
    expect(second.headers.location).toBeUndefined();
    // The form Verizon documents (relative to /api/m2m/v1, a slash before the query) reaches the same page.
    const slashed = await http.get(`${M2M}/groups/0000123456-00001/name/Fleet%20West/?next=20`);
    expect(slashed.status).toBe(200);
    expect(slashed.body).toEqual(second.body);
    expect(second.body.hasMoreData).toBe(false);
    const ids = [...first.body.devices, ...second.body.devices].map((d: ListedDevice) => d.deviceIds[0]!.id);
    // Sorted as numbers: the 15-digit IMEIs before the 14-hex-digit MEIDs (0xA1... > 3.5e14).
    expect(ids).toEqual([...FLEET_WEST, 'A1000000000001', 'A1000000000002']);
    const past = await http.get(`${groupUrl('Fleet West')}?next=99`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ hasMoreData: false, devices: [] });
  });

  it('pages by device ID: a device leaving the group between pages makes none skipped or repeated', async () => {
    const { server, creds, http } = await setup();
    const before = await groupDeviceIds(server, creds, 'Fleet West');
    expect(before).toHaveLength(14);
    const first = await http.get(groupUrl('Fleet West'));
    expect(first.status).toBe(202);
    const page1: string[] = first.body.devices.map((d: ListedDevice) => d.deviceIds[0]!.id);
    // A device of page 1 leaves the group: the devices after the cursor do not move up into page 1.
    expect(
      (await http.put(groupUrl('Fleet West')).send({ devicesToRemove: [{ kind: 'imei', id: page1[3]! }] })).status,
    ).toBe(200);
    const second = await http.get(first.headers.location!);
    expect(second.status).toBe(200);
    const page2: string[] = second.body.devices.map((d: ListedDevice) => d.deviceIds[0]!.id);
    expect([...page1, ...page2]).toEqual(before);
  });

  it('pages by device ID: a device joining the group between pages makes none skipped or repeated', async () => {
    const { server, creds, http } = await setup();
    const before = await groupDeviceIds(server, creds, 'Fleet West');
    const first = await http.get(groupUrl('Fleet West'));
    const page1: string[] = first.body.devices.map((d: ListedDevice) => d.deviceIds[0]!.id);
    // Two devices join: one sorts before the cursor (an ESN, smaller), one after it (a MEID, larger).
    const joined = await http.put(groupUrl('Fleet West')).send({
      devicesToAdd: [
        { kind: 'esn', id: '12800000003' },
        { kind: 'meid', id: 'A1000000000003' },
      ],
    });
    expect(joined.status).toBe(200);
    const second = await http.get(first.headers.location!);
    const page2: string[] = second.body.devices.map((d: ListedDevice) => d.deviceIds[0]!.id);
    const seen = [...page1, ...page2];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id))).toEqual(before);
    // The one after the cursor is on page 2; the one before it would have been on page 1, which was already read.
    expect(page2).toContain('A1000000000003');
    expect(seen).not.toContain('12800000003');
    expect(await groupDeviceIds(server, creds, 'Fleet West')).toEqual(['12800000003', ...before, 'A1000000000003']);
  });

  it('follows a page size set in the state', async () => {
    const server = tsServer();
    const state = (await api(server).get('/__admin/state/thingspace')).body;
    state.settings.devicePageSize = 3;
    expect((await api(server).put('/__admin/state/thingspace').send(state)).status).toBe(200);
    const creds = await login(server);
    let url = groupUrl('Cold Chain');
    const statuses: number[] = [];
    const ids: string[] = [];
    for (;;) {
      const res = await m2m(server, creds).get(url);
      statuses.push(res.status);
      ids.push(...res.body.devices.map((d: ListedDevice) => d.deviceIds[0]!.id));
      if (res.status === 200) break;
      url = res.headers.location!;
    }
    expect(statuses).toEqual([202, 200]);
    expect(ids).toEqual(['12800000001', '12800000002', '17755550001', '89049032000000000000000000000001']);
  });

  it('pages the default group to the end', async () => {
    const { server, creds } = await setup();
    const ids = await groupDeviceIds(server, creds, DEFAULT_GROUP);
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(14);
  });

  it('answers an unknown group with GroupNotFound and a bad next with a field error', async () => {
    const { http } = await setup();
    const missing = await http.get(groupUrl('Nope'));
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      errorCode: 'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
      errorMessage: 'The device group was not found.',
    });
    // Group names are matched exactly.
    expect((await http.get(groupUrl('fleet west'))).body.errorCode).toBe(
      'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
    );
    for (const [next, message] of [
      ['-1', 'next: must be >= 0'],
      ['ten', 'next: must be integer'],
    ]) {
      const res = await http.get(`${groupUrl('Fleet West')}?next=${next}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errorCode: 'UnifiedWebService.INPUT_INVALID.Next', errorMessage: message });
    }
  });
});

describe('thingspace update device group', () => {
  it('renames and re-describes a group; its devices follow the new name', async () => {
    const { server, creds, http } = await setup();
    const res = await http
      .put(groupUrl('Cold Chain'))
      .send({ newGroupName: 'Reefers', newGroupDescription: 'Reefer sensors' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await http.get(groupUrl('Cold Chain'))).body.errorCode).toBe(
      'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
    );
    const info = await http.get(groupUrl('Reefers'));
    expect(info.body).toMatchObject({ name: 'Reefers', description: 'Reefer sensors' });
    expect(info.body.devices).toHaveLength(4);
    expect(groupOf(await allDevices(server, creds), '12800000001')).toEqual(['Reefers']);
  });

  it('keeps the name when renamed to itself or to another case of itself', async () => {
    const { http } = await setup();
    expect((await http.put(groupUrl('Cold Chain')).send({ newGroupName: 'Cold Chain' })).status).toBe(200);
    expect((await http.put(groupUrl('Cold Chain')).send({ newGroupName: 'COLD CHAIN' })).status).toBe(200);
    expect((await http.get(groupUrl('COLD CHAIN'))).status).toBe(200);
  });

  it('moves devices in from any group and out to the default group', async () => {
    const { server, creds, http } = await setup();
    const res = await http.put(groupUrl('Cold Chain')).send({
      devicesToAdd: [
        { kind: 'mdn', id: '7755551234' },
        { kind: 'imei', id: '350000000000105' },
      ],
      devicesToRemove: [{ kind: 'esn', id: '12800000002' }],
    });
    expect(res.status).toBe(200);
    const devices = await allDevices(server, creds);
    expect(groupOf(devices, '7755551234')).toEqual(['Cold Chain']);
    expect(groupOf(devices, '350000000000105')).toEqual(['Cold Chain']);
    expect(groupOf(devices, '12800000002')).toEqual([DEFAULT_GROUP]);
    expect(await groupDeviceIds(server, creds, 'Fleet West')).toHaveLength(13);
    expect(devices).toHaveLength(32);
  });

  it('refuses removing a device that is not in the group, and changes nothing', async () => {
    const { server, creds, http } = await setup();
    const res = await http.put(groupUrl('Cold Chain')).send({
      newGroupName: 'Renamed',
      devicesToAdd: [{ kind: 'mdn', id: '7755551234' }],
      devicesToRemove: [{ kind: 'imei', id: '350000000000101' }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorCode: 'DeviceGroupService.INPUT_INVALID.Device.NotInGroup',
      errorMessage: 'The device is not in device group Cold Chain: imei 350000000000101.',
    });
    const devices = await allDevices(server, creds);
    expect(groupOf(devices, '7755551234')).toEqual([DEFAULT_GROUP]);
    expect((await http.get(groupUrl('Cold Chain'))).status).toBe(200);
  });

  it('refuses a name another group has', async () => {
    const { http } = await setup();
    for (const newGroupName of ['Fleet West', 'unassigned devices']) {
      const res = await http.put(groupUrl('Cold Chain')).send({ newGroupName });
      expect(res.body.errorCode).toBe('DeviceGroupService.INPUT_INVALID.GroupNameExists');
    }
  });

  it('refuses any change to the default group', async () => {
    const { http } = await setup();
    for (const body of [
      { newGroupName: 'Pool' },
      { newGroupDescription: 'x' },
      { devicesToAdd: [{ kind: 'imei', id: '350000000000101' }] },
      { devicesToRemove: [{ kind: 'mdn', id: '7755551234' }] },
    ]) {
      const res = await http.put(groupUrl(DEFAULT_GROUP)).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'DeviceGroupService.INPUT_INVALID.DefaultGroup.Immutable',
        errorMessage: 'The default device group cannot be changed or deleted.',
      });
    }
  });

  it('refuses an empty update, an unknown group, and bad devices', async () => {
    const { http } = await setup();
    expect((await http.put(groupUrl('Cold Chain')).send({})).body.errorCode).toBe(
      'UnifiedWebService.INPUT_INVALID.RequestUndefined',
    );
    expect((await http.put(groupUrl('Nope')).send({ newGroupDescription: 'x' })).body.errorCode).toBe(
      'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
    );
    expect(
      (await http.put(groupUrl('Cold Chain')).send({ devicesToAdd: [{ kind: 'mdn', id: '123' }] })).body.errorCode,
    ).toBe('UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid');
    expect(
      (await http.put(groupUrl('Cold Chain')).send({ devicesToRemove: [{ kind: 'mdn', id: '7755559999' }] })).body
        .errorCode,
    ).toBe('UnifiedWebService.INPUT_INVALID.Device.Account.Invalid');
    expect((await http.put(groupUrl('Cold Chain')).send({ newGroupName: '' })).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.NewGroupName',
      errorMessage: 'newGroupName: must NOT have fewer than 1 characters',
    });
  });
});

describe('thingspace delete device group', () => {
  it('deletes a group and returns its devices to the default group', async () => {
    const { server, creds, http } = await setup();
    const res = await http.delete(groupUrl('Fleet West'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await http.get(groupUrl('Fleet West'))).body.errorCode).toBe(
      'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
    );
    expect((await http.get(`${M2M}/groups/${ACCOUNT}`)).body.map((g: { name: string }) => g.name)).toEqual([
      DEFAULT_GROUP,
      'Cold Chain',
    ]);
    const devices = await allDevices(server, creds);
    expect(devices).toHaveLength(32);
    for (const id of FLEET_WEST) expect(groupOf(devices, id)).toEqual([DEFAULT_GROUP]);
    expect(await groupDeviceIds(server, creds, DEFAULT_GROUP)).toHaveLength(28);
    // The name is free again.
    expect(
      (
        await http
          .post(`${M2M}/groups`)
          .send({ accountName: ACCOUNT, groupName: 'Fleet West', groupDescription: 'again' })
      ).status,
    ).toBe(200);
  });

  it('refuses deleting the default group or an unknown group', async () => {
    const { http } = await setup();
    expect((await http.delete(groupUrl(DEFAULT_GROUP))).body.errorCode).toBe(
      'DeviceGroupService.INPUT_INVALID.DefaultGroup.Immutable',
    );
    const missing = await http.delete(groupUrl('Nope'));
    expect(missing.status).toBe(400);
    expect(missing.body.errorCode).toBe('DeviceGroupService.REQUEST_FAILED.GroupNotFound');
  });
});

describe('thingspace account isolation', () => {
  it('answers AccountNotFound for another user’s account and an unknown one, on every group call', async () => {
    const { http } = await setup();
    for (const account of [OTHER_ACCOUNT, '0000000000-00000']) {
      const calls = [
        http.get(`${M2M}/groups/${account}`),
        http.get(groupUrl('Warehouse', account)),
        http.put(groupUrl('Warehouse', account)).send({ newGroupDescription: 'mine now' }),
        http.delete(groupUrl('Warehouse', account)),
        http.post(`${M2M}/groups`).send({ accountName: account, groupName: 'Sneaky', groupDescription: 'x' }),
        http.post(`${M2M}/devices/actions/list`).send({ accountName: account }),
        http
          .put(`${M2M}/devices/actions/customFields`)
          .send({ accountName: account, customFieldsToUpdate: [{ key: 'CustomField1', value: 'x' }] }),
      ];
      for (const call of calls) {
        const res = await call;
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          errorCode: 'UnifiedWebService.REQUEST_FAILED.AccountNotFound',
          errorMessage: 'The account was not found.',
        });
      }
    }
  });

  it('leaves the other account untouched', async () => {
    const { server, http } = await setup();
    await http.delete(groupUrl('Warehouse', OTHER_ACCOUNT));
    const other = await login(server, { user: 'other-user', password: 'other-password' });
    const res = await m2m(server, other).get(groupUrl('Warehouse', OTHER_ACCOUNT));
    expect(res.status).toBe(200);
    expect(res.body.devices).toHaveLength(2);
  });
});

describe('thingspace spec examples against the demo tenant', () => {
  it('runs the request examples of the spec in order: create, update, custom fields, delete', async () => {
    const { server, creds, http } = await setup();
    const doc = server.apis.get('thingspace')!.spec.doc;
    const example = (path: string, method: string, name: string) =>
      doc.paths[path][method].requestBody.content['application/json'].examples[name].value;
    expect((await http.post(`${M2M}/groups`).send(example('/api/m2m/v1/groups', 'post', 'withDevices'))).status).toBe(
      200,
    );
    expect((await http.post(`${M2M}/groups`).send(example('/api/m2m/v1/groups', 'post', 'empty'))).status).toBe(200);
    expect(await groupDeviceIds(server, creds, 'NV tanks')).toEqual([
      '990003420535537',
      '990003420537355',
      '990005373420535',
    ]);
    const groupPath = '/api/m2m/v1/groups/{aname}/name/{gname}';
    expect((await http.put(groupUrl('NV tanks')).send(example(groupPath, 'put', 'moveDevices'))).status).toBe(200);
    const cf = '/api/m2m/v1/devices/actions/customFields';
    expect((await http.put(`${M2M}/devices/actions/customFields`).send(example(cf, 'put', 'byGroup'))).status).toBe(
      200,
    );
    expect((await http.put(`${M2M}/devices/actions/customFields`).send(example(cf, 'put', 'byDevice'))).status).toBe(
      200,
    );
    expect((await http.put(groupUrl('NV tanks')).send(example(groupPath, 'put', 'rename'))).status).toBe(200);
    const list = '/api/m2m/v1/devices/actions/list';
    const byId = await http.post(`${M2M}/devices/actions/list`).send(example(list, 'post', 'byIdentifier'));
    expect(byId.body.devices.map((d: ListedDevice) => d.groupNames)).toEqual([['Nevada tanks']]);
    expect((await http.delete(groupUrl('Nevada tanks'))).status).toBe(200);
  });
});
