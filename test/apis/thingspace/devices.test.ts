import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  ACCOUNT,
  DEFAULT_GROUP,
  M2M,
  SECOND_ACCOUNT,
  allDevices,
  groupUrl,
  login,
  m2m,
  tsServer,
  type ListedDevice,
} from './thingspace-client.js';

const LIST = `${M2M}/devices/actions/list`;
const CUSTOM_FIELDS = `${M2M}/devices/actions/customFields`;

async function setup() {
  const server = tsServer();
  const creds = await login(server);
  return { server, creds, http: m2m(server, creds) };
}

const firstIds = (devices: ListedDevice[]) => devices.map((d) => d.deviceIds[0]!.id);

describe('thingspace device list', () => {
  it('lists every device of the account with its identifiers, group, custom fields and carrier data', async () => {
    const { http } = await setup();
    const res = await http.post(LIST).send({ accountName: ACCOUNT });
    expect(res.status).toBe(200);
    expect(res.body.hasMoreData).toBe(false);
    expect(res.body.devices).toHaveLength(32);
    const tank = res.body.devices.find((d: ListedDevice) => d.deviceIds[0]!.id === '990003420535537');
    expect(tank).toEqual({
      accountName: ACCOUNT,
      deviceIds: [
        { kind: 'imei', id: '990003420535537' },
        { kind: 'iccid', id: '89148000000800139708' },
      ],
      groupNames: [DEFAULT_GROUP],
      customFields: [{ key: 'CustomField1', value: 'West Region' }],
      carrierInformations: [{ carrierName: 'Verizon Wireless', servicePlan: 'm2m4G', state: 'active' }],
      connected: true,
      ipAddress: '10.120.3.17',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    // Sorted by device ID, smallest first.
    const values = res.body.devices.map((d: ListedDevice) =>
      d.deviceIds[0]!.kind === 'meid' ? BigInt(`0x${d.deviceIds[0]!.id}`) : BigInt(d.deviceIds[0]!.id),
    );
    expect(values).toEqual([...values].sort((a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('narrows to a group, a device, identifier substrings, a state, a plan, custom fields and dates', async () => {
    const { http } = await setup();
    const ids = async (body: Record<string, unknown>) => {
      const res = await http.post(LIST).send({ accountName: ACCOUNT, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return firstIds(res.body.devices);
    };
    expect(await ids({ groupName: 'Cold Chain' })).toEqual([
      '12800000001',
      '12800000002',
      '17755550001',
      '89049032000000000000000000000001',
    ]);
    expect(await ids({ deviceId: { kind: 'ICCID', id: '89148000000800139708' } })).toEqual(['990003420535537']);
    expect(await ids({ filter: { deviceIdentifierFilters: [{ kind: 'iccid', contains: '0800139' }] } })).toEqual([
      '990003420535537',
    ]);
    expect(await ids({ filter: { deviceIdentifierFilters: [{ kind: 'mdn', startswith: '775555000' }] } })).toEqual([
      '7755550001',
      '7755550002',
      '7755550003',
    ]);
    expect(await ids({ filter: { deviceIdentifierFilters: [{ kind: 'imei', endswith: '12' }] } })).toEqual([
      '350000000000112',
    ]);
    expect(await ids({ currentState: 'SUSPEND' })).toEqual(['7755550003', 'A1000000000002']);
    expect(await ids({ servicePlan: 'IoTFlex5G', groupName: DEFAULT_GROUP })).toEqual([
      '17755550002',
      '17755550003',
      '89049032000000000000000000000002',
    ]);
    expect(await ids({ customFields: [{ key: 'CustomField2', value: 'Freezer' }] })).toEqual(['12800000002']);
    const all = await ids({});
    const early = await ids({ latest: '2024-06-30T23:59:59Z' });
    const late = await ids({ earliest: '2024-07-01T00:00:00Z' });
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect([...early, ...late].sort()).toEqual([...all].sort());
  });

  it('takes only ISO 8601 date-times with a time zone and a real calendar date as earliest and latest', async () => {
    const { http } = await setup();
    const list = (body: Record<string, unknown>) => http.post(LIST).send({ accountName: ACCOUNT, ...body });
    const all = (await list({})).body.devices.length;
    for (const [field, value] of [
      ['earliest', '2024-07-01T00:00:00'],
      ['latest', '2024-07-01T00:00'],
      ['earliest', '2024-07-01'],
      ['latest', '2024-02-30T00:00:00Z'],
      ['earliest', '2023-02-29T12:00:00Z'],
      ['latest', '2024-13-01T00:00:00Z'],
      ['earliest', '2024-07-01T24:00:00Z'],
      ['latest', '2024-07-01T00:00:00+25:00'],
      ['earliest', 'Mon, 01 Jul 2024 00:00:00 GMT'],
      ['latest', '2024-07-01 00:00:00Z'],
      ['earliest', '1719792000000'],
    ] as const) {
      const res = await list({ [field]: value });
      expect(res.status, value).toBe(400);
      expect(res.body).toEqual({
        errorCode: `UnifiedWebService.INPUT_INVALID.${field[0]!.toUpperCase()}${field.slice(1)}`,
        errorMessage: `${field}: must be an ISO 8601 date and time`,
      });
    }
    // The same instant in any offset selects the same devices; a leap day and fractions are fine.
    const ids = async (body: Record<string, unknown>) => {
      const res = await list(body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return firstIds(res.body.devices);
    };
    const utc = await ids({ earliest: '2024-07-01T00:00:00Z' });
    expect(utc.length).toBeGreaterThan(0);
    expect(utc.length).toBeLessThan(all);
    expect(await ids({ earliest: '2024-06-30T20:00:00-04:00' })).toEqual(utc);
    expect(await ids({ earliest: '2024-07-01T02:00+02:00' })).toEqual(utc);
    expect(await ids({ earliest: '2024-06-30T23:59:59.9999Z', latest: '2024-02-29T00:00:00Z' })).toEqual([]);
  });

  it('covers all of the user’s accounts without accountName', async () => {
    const { http } = await setup();
    const res = await http
      .post(LIST)
      .send({ filter: { deviceIdentifierFilters: [{ kind: 'imei', startswith: '3500000000002' }] } });
    expect(res.status).toBe(200);
    expect(res.body.devices.map((d: ListedDevice) => d.accountName)).toEqual([
      SECOND_ACCOUNT,
      SECOND_ACCOUNT,
      SECOND_ACCOUNT,
    ]);
    const everything = await http.post(LIST).send({});
    expect(everything.body.devices).toHaveLength(35);
    // Never the other user's devices.
    expect(firstIds(everything.body.devices).some((id) => id.startsWith('3500000000009'))).toBe(false);
  });

  /** Pages of the device list, each asked with the largestDeviceIdSeen of the one before; `between` runs after each page. */
  async function pages(
    http: ReturnType<typeof m2m>,
    body: Record<string, unknown>,
    between: (page: number, ids: string[]) => Promise<void> = async () => {},
  ) {
    const seen: string[] = [];
    const more: boolean[] = [];
    let largestDeviceIdSeen = 0;
    for (let page = 0; page < 20; page++) {
      const res = await http.post(LIST).send({ ...body, largestDeviceIdSeen });
      // 202 while more devices remain, 200 on the last page (the official SDK's model).
      expect(res.status, JSON.stringify(res.body)).toBe(res.body.hasMoreData ? 202 : 200);
      const ids = firstIds(res.body.devices);
      seen.push(...ids);
      more.push(res.body.hasMoreData);
      if (!res.body.hasMoreData) return { seen, more };
      expect(res.body.largestDeviceIdSeen).toBeGreaterThan(largestDeviceIdSeen);
      largestDeviceIdSeen = res.body.largestDeviceIdSeen;
      await between(page, ids);
    }
    throw new Error(`paging did not end: ${more.join(', ')}`);
  }

  it('pages with maxNumberOfDevices and largestDeviceIdSeen until hasMoreData is false', async () => {
    const { http } = await setup();
    const all = firstIds((await http.post(LIST).send({ accountName: ACCOUNT })).body.devices);
    const { seen, more } = await pages(http, { accountName: ACCOUNT, maxNumberOfDevices: 7 });
    expect(more).toEqual([true, true, true, true, false]);
    // Exactly a page's worth left: the page holding the last device is the 200, not a 202 before an empty one.
    const exact = await http.post(LIST).send({ accountName: ACCOUNT, maxNumberOfDevices: all.length });
    expect([exact.status, exact.body.hasMoreData, exact.body.devices.length]).toEqual([200, false, all.length]);
    expect(seen).toEqual(all);
    // Across accounts too: the internal device IDs are unique in the namespace.
    const everything = firstIds((await http.post(LIST).send({})).body.devices);
    expect((await pages(http, { maxNumberOfDevices: 4 })).seen).toEqual(everything);
  });

  it('pages by device ID: devices leaving or joining a listed group between pages are neither skipped nor repeated', async () => {
    const { http } = await setup();
    const group = { accountName: ACCOUNT, groupName: 'Fleet West', maxNumberOfDevices: 5 };
    const before = firstIds(
      (await http.post(LIST).send({ accountName: ACCOUNT, groupName: 'Fleet West' })).body.devices,
    );
    expect(before).toHaveLength(14);
    // A device of the first page leaves the group after that page.
    const left = await pages(http, group, async (page, ids) => {
      if (page === 0)
        expect(
          (await http.put(groupUrl('Fleet West')).send({ devicesToRemove: [{ kind: 'imei', id: ids[1]! }] })).status,
        ).toBe(200);
    });
    expect(left.seen).toEqual(before);
    // A device that sorts first joins the group after the first page (of the group as it is now).
    const now = before.filter((id) => id !== before[1]);
    const joined = await pages(http, group, async (page) => {
      if (page === 0)
        expect(
          (await http.put(groupUrl('Fleet West')).send({ devicesToAdd: [{ kind: 'esn', id: '12800000003' }] })).status,
        ).toBe(200);
    });
    expect(joined.seen).toEqual(now);
  });

  it('uses deviceListPageSize from the state when maxNumberOfDevices is not given', async () => {
    const { server, creds } = await setup();
    // The exported state holds the session and token just made, so they survive the import.
    const state = (await api(server).get('/__admin/state/thingspace')).body;
    state.settings.deviceListPageSize = 30;
    expect((await api(server).put('/__admin/state/thingspace').send(state)).status).toBe(200);
    const res = await m2m(server, creds).post(LIST).send({ accountName: ACCOUNT });
    expect(res.body.devices).toHaveLength(30);
    expect(res.body.hasMoreData).toBe(true);
    expect(res.status).toBe(202);
  });

  it('refuses a malformed deviceId, an unknown group, a bad date and a bad page size', async () => {
    const { http } = await setup();
    expect(
      (await http.post(LIST).send({ accountName: ACCOUNT, deviceId: { kind: 'mdn', id: '12' } })).body.errorCode,
    ).toBe('UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid');
    expect((await http.post(LIST).send({ accountName: ACCOUNT, groupName: 'Nope' })).body.errorCode).toBe(
      'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
    );
    expect((await http.post(LIST).send({ accountName: ACCOUNT, earliest: 'yesterday' })).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.Earliest',
      errorMessage: 'earliest: must be an ISO 8601 date and time',
    });
    expect((await http.post(LIST).send({ accountName: ACCOUNT, maxNumberOfDevices: -1 })).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.MaxNumberOfDevices',
      errorMessage: 'maxNumberOfDevices: must be >= 0',
    });
    expect((await http.post(LIST).send({})).status).toBe(200);
  });
});

describe('thingspace device custom fields', () => {
  it('sets custom fields on listed devices, visible in the device list, and returns a request id', async () => {
    const { server, creds, http } = await setup();
    const res = await http.put(CUSTOM_FIELDS).send({
      accountName: ACCOUNT,
      devices: [
        { deviceIds: [{ kind: 'iccid', id: '89148000000800139708' }] },
        { deviceIds: [{ kind: 'mdn', id: '7755551234' }] },
      ],
      customFieldsToUpdate: [
        { key: 'CustomField2', value: 'Distribution' },
        { key: 'CustomField1', value: 'East Region' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const devices = await allDevices(server, creds);
    const fieldsOf = (id: string) => devices.find((d) => d.deviceIds.some((x) => x.id === id))!.customFields;
    expect(fieldsOf('990003420535537')).toEqual([
      { key: 'CustomField1', value: 'East Region' },
      { key: 'CustomField2', value: 'Distribution' },
    ]);
    expect(fieldsOf('7755551234')).toEqual([
      { key: 'CustomField1', value: 'East Region' },
      { key: 'CustomField2', value: 'Distribution' },
    ]);
    expect(fieldsOf('990005373420535')).toEqual([]);
    const again = await http.put(CUSTOM_FIELDS).send({
      accountName: ACCOUNT,
      devices: [{ deviceIds: [{ kind: 'mdn', id: '7755551234' }] }],
      customFieldsToUpdate: [{ key: 'CustomField3', value: 'x' }],
    });
    expect(again.body.requestId).not.toBe(res.body.requestId);
  });

  it('sets custom fields on every device matching the filters', async () => {
    const { http } = await setup();
    const res = await http.put(CUSTOM_FIELDS).send({
      accountName: ACCOUNT,
      groupName: 'Cold Chain',
      servicePlan: 'm2m3G',
      customFieldsToUpdate: [{ key: 'CustomField3', value: 'Reefer' }],
    });
    expect(res.status).toBe(200);
    const tagged = await http
      .post(LIST)
      .send({ accountName: ACCOUNT, customFields: [{ key: 'CustomField3', value: 'Reefer' }] });
    expect(firstIds(tagged.body.devices)).toEqual(['12800000001', '12800000002']);
  });

  it('refuses a custom field name other than CustomField1 to 5', async () => {
    const { http } = await setup();
    const res = await http
      .put(CUSTOM_FIELDS)
      .send({ accountName: ACCOUNT, groupName: 'Cold Chain', customFieldsToUpdate: [{ key: 'Colour', value: 'red' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorCode: 'DeviceService.INPUT_INVALID.CustomField.InvalidName',
      errorMessage: 'Invalid custom field name. Valid names are CustomField1 through CustomField5.',
    });
  });

  it('checks every identifier of every listed device before changing any device', async () => {
    const { server, creds, http } = await setup();
    const send = (devices: unknown[]) =>
      http
        .put(CUSTOM_FIELDS)
        .send({ accountName: ACCOUNT, devices, customFieldsToUpdate: [{ key: 'CustomField5', value: 'x' }] });
    const tank = { kind: 'imei', id: '990003420535537' };
    const valid = { deviceIds: [{ kind: 'mdn', id: '7755551234' }] };
    // A second identifier that is no device of the account, or that is another device's.
    for (const [other, message] of [
      [{ kind: 'iccid', id: '89148000000000000999' }, 'iccid 89148000000000000999'],
      [{ kind: 'mdn', id: '7755551234' }, 'mdn 7755551234'],
    ] as const) {
      const res = await send([valid, { deviceIds: [tank, other] }]);
      expect(res.status, message).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'UnifiedWebService.INPUT_INVALID.Device.Account.Invalid',
        errorMessage: `The device was not a part of the account specified: ${message}.`,
      });
    }
    // A malformed identifier after a valid device.
    expect((await send([valid, { deviceIds: [tank, { kind: 'iccid', id: '8914-bad' }] }])).body.errorCode).toBe(
      'UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid',
    );
    expect((await allDevices(server, creds)).some((d) => d.customFields.some((f) => f.key === 'CustomField5'))).toBe(
      false,
    );
    // All identifiers of one device, in any order: fine.
    expect((await send([valid, { deviceIds: [{ kind: 'ICCID', id: '89148000000800139708' }, tank] }])).status).toBe(
      200,
    );
    const tagged = await http
      .post(LIST)
      .send({ accountName: ACCOUNT, customFields: [{ key: 'CustomField5', value: 'x' }] });
    expect(firstIds(tagged.body.devices).sort()).toEqual(['7755551234', '990003420535537']);
  });

  it('refuses an unknown or malformed device, an unknown group, and a request without updates, changing nothing', async () => {
    const { server, creds, http } = await setup();
    const send = (body: Record<string, unknown>) =>
      http
        .put(CUSTOM_FIELDS)
        .send({ accountName: ACCOUNT, customFieldsToUpdate: [{ key: 'CustomField4', value: 'x' }], ...body });
    expect(
      (
        await send({
          devices: [
            { deviceIds: [{ kind: 'mdn', id: '7755551234' }] },
            { deviceIds: [{ kind: 'mdn', id: '7755559999' }] },
          ],
        })
      ).body.errorCode,
    ).toBe('UnifiedWebService.INPUT_INVALID.Device.Account.Invalid');
    expect((await send({ devices: [{ deviceIds: [{ kind: 'meid', id: 'XYZ' }] }] })).body.errorCode).toBe(
      'UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid',
    );
    expect((await send({ groupName: 'Nope' })).body.errorCode).toBe('DeviceGroupService.REQUEST_FAILED.GroupNotFound');
    expect((await send({ devices: [{ deviceIds: [] }] })).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.Devices',
      errorMessage: 'devices.0.deviceIds: must NOT have fewer than 1 items',
    });
    expect((await http.put(CUSTOM_FIELDS).send({ accountName: ACCOUNT })).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.CustomFieldsToUpdate',
      errorMessage: 'customFieldsToUpdate: is required',
    });
    const devices = await allDevices(server, creds);
    expect(devices.some((d) => d.customFields.some((f) => f.key === 'CustomField4'))).toBe(false);
  });
});
