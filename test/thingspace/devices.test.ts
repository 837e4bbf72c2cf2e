import { describe, expect, it } from 'vitest';
import { api } from '../helpers.js';
import { ACCOUNT, DEFAULT_GROUP, M2M, SECOND_ACCOUNT, allDevices, login, m2m, tsServer, type ListedDevice } from './thingspace-client.js';

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
    const values = res.body.devices.map((d: ListedDevice) => (d.deviceIds[0]!.kind === 'meid' ? BigInt(`0x${d.deviceIds[0]!.id}`) : BigInt(d.deviceIds[0]!.id)));
    expect(values).toEqual([...values].sort((a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('narrows to a group, a device, identifier substrings, a state, a plan, custom fields and dates', async () => {
    const { http } = await setup();
    const ids = async (body: Record<string, unknown>) => {
      const res = await http.post(LIST).send({ accountName: ACCOUNT, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return firstIds(res.body.devices);
    };
    expect(await ids({ groupName: 'Cold Chain' })).toEqual(['12800000001', '12800000002', '17755550001', '89049032000000000000000000000001']);
    expect(await ids({ deviceId: { kind: 'ICCID', id: '89148000000800139708' } })).toEqual(['990003420535537']);
    expect(await ids({ filter: { deviceIdentifierFilters: [{ kind: 'iccid', contains: '0800139' }] } })).toEqual(['990003420535537']);
    expect(await ids({ filter: { deviceIdentifierFilters: [{ kind: 'mdn', startswith: '775555000' }] } })).toEqual(['7755550001', '7755550002', '7755550003']);
    expect(await ids({ filter: { deviceIdentifierFilters: [{ kind: 'imei', endswith: '12' }] } })).toEqual(['350000000000112']);
    expect(await ids({ currentState: 'SUSPEND' })).toEqual(['7755550003', 'A1000000000002']);
    expect(await ids({ servicePlan: 'IoTFlex5G', groupName: DEFAULT_GROUP })).toEqual(['17755550002', '17755550003', '89049032000000000000000000000002']);
    expect(await ids({ customFields: [{ key: 'CustomField2', value: 'Freezer' }] })).toEqual(['12800000002']);
    const all = await ids({});
    const early = await ids({ latest: '2024-06-30T23:59:59Z' });
    const late = await ids({ earliest: '2024-07-01T00:00:00Z' });
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect([...early, ...late].sort()).toEqual([...all].sort());
  });

  it('covers all of the user’s accounts without accountName', async () => {
    const { http } = await setup();
    const res = await http.post(LIST).send({ filter: { deviceIdentifierFilters: [{ kind: 'imei', startswith: '3500000000002' }] } });
    expect(res.status).toBe(200);
    expect(res.body.devices.map((d: ListedDevice) => d.accountName)).toEqual([SECOND_ACCOUNT, SECOND_ACCOUNT, SECOND_ACCOUNT]);
    const everything = await http.post(LIST).send({});
    expect(everything.body.devices).toHaveLength(35);
    // Never the other user's devices.
    expect(firstIds(everything.body.devices).some((id) => id.startsWith('3500000000009'))).toBe(false);
  });

  it('pages with maxNumberOfDevices and largestDeviceIdSeen until hasMoreData is false', async () => {
    const { http } = await setup();
    const seen: string[] = [];
    const pages: boolean[] = [];
    for (let from = 0; ; ) {
      const res = await http.post(LIST).send({ accountName: ACCOUNT, maxNumberOfDevices: 7, largestDeviceIdSeen: from });
      expect(res.status).toBe(200);
      expect(res.body.devices.length).toBeLessThanOrEqual(7);
      seen.push(...firstIds(res.body.devices));
      pages.push(res.body.hasMoreData);
      from += res.body.devices.length;
      if (!res.body.hasMoreData) break;
    }
    expect(pages).toEqual([true, true, true, true, false]);
    expect(seen).toHaveLength(32);
    expect(new Set(seen).size).toBe(32);
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
  });

  it('refuses a malformed deviceId, an unknown group, a bad date and a bad page size', async () => {
    const { http } = await setup();
    expect((await http.post(LIST).send({ accountName: ACCOUNT, deviceId: { kind: 'mdn', id: '12' } })).body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid');
    expect((await http.post(LIST).send({ accountName: ACCOUNT, groupName: 'Nope' })).body.errorCode).toBe('DeviceGroupService.REQUEST_FAILED.GroupNotFound');
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
      devices: [{ deviceIds: [{ kind: 'iccid', id: '89148000000800139708' }] }, { deviceIds: [{ kind: 'mdn', id: '7755551234' }] }],
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
    const again = await http.put(CUSTOM_FIELDS).send({ accountName: ACCOUNT, devices: [{ deviceIds: [{ kind: 'mdn', id: '7755551234' }] }], customFieldsToUpdate: [{ key: 'CustomField3', value: 'x' }] });
    expect(again.body.requestId).not.toBe(res.body.requestId);
  });

  it('sets custom fields on every device matching the filters', async () => {
    const { http } = await setup();
    const res = await http.put(CUSTOM_FIELDS).send({ accountName: ACCOUNT, groupName: 'Cold Chain', servicePlan: 'm2m3G', customFieldsToUpdate: [{ key: 'CustomField3', value: 'Reefer' }] });
    expect(res.status).toBe(200);
    const tagged = await http.post(LIST).send({ accountName: ACCOUNT, customFields: [{ key: 'CustomField3', value: 'Reefer' }] });
    expect(firstIds(tagged.body.devices)).toEqual(['12800000001', '12800000002']);
  });

  it('refuses a custom field name other than CustomField1 to 5', async () => {
    const { http } = await setup();
    const res = await http.put(CUSTOM_FIELDS).send({ accountName: ACCOUNT, groupName: 'Cold Chain', customFieldsToUpdate: [{ key: 'Colour', value: 'red' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorCode: 'DeviceService.INPUT_INVALID.CustomField.InvalidName', errorMessage: 'Invalid custom field name. Valid names are CustomField1 through CustomField5.' });
  });

  it('refuses an unknown or malformed device, an unknown group, and a request without updates, changing nothing', async () => {
    const { server, creds, http } = await setup();
    const send = (body: Record<string, unknown>) => http.put(CUSTOM_FIELDS).send({ accountName: ACCOUNT, customFieldsToUpdate: [{ key: 'CustomField4', value: 'x' }], ...body });
    expect(
      (await send({ devices: [{ deviceIds: [{ kind: 'mdn', id: '7755551234' }] }, { deviceIds: [{ kind: 'mdn', id: '7755559999' }] }] })).body.errorCode,
    ).toBe('UnifiedWebService.INPUT_INVALID.Device.Account.Invalid');
    expect((await send({ devices: [{ deviceIds: [{ kind: 'meid', id: 'XYZ' }] }] })).body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Device.Identifier.Invalid');
    expect((await send({ groupName: 'Nope' })).body.errorCode).toBe('DeviceGroupService.REQUEST_FAILED.GroupNotFound');
    expect((await send({ devices: [{ deviceIds: [] }] })).body).toEqual({ errorCode: 'UnifiedWebService.INPUT_INVALID.Devices', errorMessage: 'devices.0.deviceIds: must NOT have fewer than 1 items' });
    expect((await http.put(CUSTOM_FIELDS).send({ accountName: ACCOUNT })).body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.CustomFieldsToUpdate',
      errorMessage: 'customFieldsToUpdate: is required',
    });
    const devices = await allDevices(server, creds);
    expect(devices.some((d) => d.customFields.some((f) => f.key === 'CustomField4'))).toBe(false);
  });
});
