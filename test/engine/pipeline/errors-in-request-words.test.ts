/**
 * Errors asked for with `Prefer` or a fault rule carry the request's own values where the vendor's
 * body carries any (issue 21, item 13: Kazoo's 404 had the example's `auth_token` and a fixed
 * `timestamp`; MDM's 409 said "Member 12" when 987000000654330 was sent) — the ids of the path and
 * body, the token, the request id, the namespace's engine clock — and still fit the spec (checked
 * here, and by the harness for every reply). What the request cannot supply stays the example's.
 */
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/engine/app.js';
import { api, CLOCK_START, moduleNamed, testServer } from '../../helpers.js';
import { groupsUrl, login as kazooLogin } from '../../apis/kazoo/kazoo-client.js';
import { client as mdmClient, MDM_GROUP, readJson, TOKEN as MDM_TOKEN } from '../../apis/mdm/mdm-client.js';
import {
  ACCOUNT,
  groupUrl as tsGroupUrl,
  login as tsLogin,
  m2m,
  M2M,
} from '../../apis/thingspace/thingspace-client.js';
import {
  as as plaspyAs,
  DEMO as PLASPY_DEMO,
  getToken as plaspyToken,
  GROUPS as PLASPY_GROUPS,
} from '../../apis/plaspy/plaspy-client.js';
import { ADMIN, as as boldAs, groupUrl as boldGroupUrl } from '../../apis/bold/bold-client.js';

const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The body validates against the documented response of that operation and status. */
function fitsSpec(server: MockServer, name: string, operationId: string, status: number, body: unknown) {
  const rt = server.apis.get(name)!;
  const pointer = rt.spec.byId.get(operationId)!.responses.get(String(status))!.schemaPointer!;
  expect(rt.schemas.check(pointer, rt.module.json ? rt.module.json.toPlain(body) : body)).toEqual([]);
}

const rule = (server: MockServer, r: object) => api(server).post('/__admin/faults').send(r).expect(201);

describe('kazoo', () => {
  it("Prefer: code=404 has the caller's token, its X-Request-ID, the engine clock and the path's id", async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    await api(server).post('/__admin/clock').send({ advance: '90m' }).expect(200);
    const token = await kazooLogin(server);
    const group = '0123456789abcdef0123456789abcdef';
    const res = await api(server)
      .get(`${groupsUrl()}/${group}`)
      .set('X-Auth-Token', token)
      .set('X-Request-ID', 'qa-run-7')
      .set('Prefer', 'code=404');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      status: 'error',
      error: '404',
      message: 'bad_identifier',
      auth_token: token,
      request_id: 'qa-run-7',
      timestamp: at(CLOCK_START + 90 * 60_000),
      data: { message: 'bad identifier', cause: group },
    });
    fitsSpec(server, 'kazoo', 'getGroup', 404, res.body);
  });

  it('a fault rule (no credentials): the token is empty, and a validation error names the value sent', async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    await rule(server, {
      api: 'kazoo',
      operationId: 'createGroup',
      action: { respond: { status: 400, example: 'nameTooLong' } },
    });
    const res = await api(server)
      .put(groupsUrl())
      .send({ data: { name: 'Night shift', endpoints: {} } });
    expect(res.status).toBe(400);
    expect(res.body.auth_token).toBe('');
    expect(res.body.request_id).toBe(res.headers['x-request-id']);
    expect(res.body.timestamp).toBe(at(CLOCK_START));
    expect(res.body.data.name.maxLength).toEqual({
      message: 'String must not be more than 128 characters',
      target: 128,
      cause: 'Night shift',
      value: 'Night shift',
    });
    fitsSpec(server, 'kazoo', 'createGroup', 400, res.body);
  });
});

describe('mdm', () => {
  it("Prefer: code=409 names the members sent (exactly, past 2^53 too), not the example's 12", async () => {
    const server = testServer({ apis: [moduleNamed('mdm')] });
    const sent = await api(server)
      .post(`/mdm/api/v1/mdm/groups/${MDM_GROUP}/members`)
      .set('Authorization', `Zoho-oauthtoken ${MDM_TOKEN}`)
      .set('Prefer', 'code=409')
      .set('Content-Type', 'application/json')
      .send('{"member_ids":[987000000654330,9007199254741003]}');
    const res = { status: sent.status, body: readJson(sent.text) };
    expect(res.status, sent.text).toBe(409);
    expect(res.body).toEqual({
      error_code: 'GRP0001',
      error_description: 'Member 987000000654330, 9007199254741003 is already in the group.',
      localized_error_description: 'Member 987000000654330, 9007199254741003 is already in the group.',
    });
    fitsSpec(server, 'mdm', 'addGroupMembers', 409, res.body);
  });

  it("a fault rule's 404 names the group id of the path; a 409 on create the name sent", async () => {
    const server = testServer({ apis: [moduleNamed('mdm')] });
    await rule(server, { api: 'mdm', operationId: 'getGroup', action: { respond: { status: 404 } } });
    const missing = await mdmClient(server, { token: null }).get('/groups/424242');
    expect(missing.status).toBe(404);
    expect(missing.body.error_description).toBe('Invalid group_id 424242. No such group exists.');
    fitsSpec(server, 'mdm', 'getGroup', 404, missing.body);
    await rule(server, {
      api: 'mdm',
      operationId: 'createGroup',
      action: { respond: { status: 409, example: 'nameExists' } },
    });
    const taken = await mdmClient(server).post('/groups', { name: 'Night shift', group_type: 6 });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      error_code: 'COM0010',
      error_description: 'A group named Night shift already exists.',
    });
    fitsSpec(server, 'mdm', 'createGroup', 409, taken.body);
  });
});

describe('thingspace', () => {
  it('Prefer: example=deviceNotInGroup names the group of the path and the device sent', async () => {
    const server = testServer({ apis: [moduleNamed('thingspace')] });
    const creds = await tsLogin(server);
    const res = await m2m(server, creds)
      .put(tsGroupUrl('Fleet West'))
      .set('Prefer', 'example=deviceNotInGroup')
      .send({ devicesToRemove: [{ kind: 'imei', id: '990003420535111' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorCode: 'DeviceGroupService.INPUT_INVALID.Device.NotInGroup',
      errorMessage: 'The device is not in device group Fleet West: imei 990003420535111.',
    });
    fitsSpec(server, 'thingspace', 'updateDeviceGroup', 400, res.body);
  });

  it('a fault rule: invalidDeviceId names the device of devicesToAdd', async () => {
    const server = testServer({ apis: [moduleNamed('thingspace')] });
    await rule(server, {
      api: 'thingspace',
      operationId: 'createDeviceGroup',
      action: { respond: { status: 400, example: 'invalidDeviceId' } },
    });
    const res = await api(server)
      .post(`${M2M}/groups`)
      .send({
        accountName: ACCOUNT,
        groupName: 'x',
        groupDescription: 'y',
        devicesToAdd: [{ kind: 'meid', id: 'A0000012345678' }],
      });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toBe('The device identifier is not valid for its kind: meid A0000012345678.');
    fitsSpec(server, 'thingspace', 'createDeviceGroup', 400, res.body);
  });
});

describe('plaspy', () => {
  it("Prefer: code=404 carries the caller's own counters; unknownDevices names the devices that are not the caller's", async () => {
    const server = testServer({ apis: [moduleNamed('plaspy')] });
    const token = await plaspyToken(server);
    const http = plaspyAs(server, token);
    const res = await http.get(`${PLASPY_GROUPS}/grp-999`).set('Prefer', 'code=404');
    expect(res.status).toBe(404);
    const user = (await api(server).get('/__admin/state/plaspy')).body.users[PLASPY_DEMO.userName];
    expect(res.body).toEqual({
      success: false,
      error: 'Group not found',
      apiUsage: user.apiUsage,
      apiDailyUsage: user.apiDailyUsage,
    });
    fitsSpec(server, 'plaspy', 'getGroup', 404, res.body);
    const devices = await http
      .post(PLASPY_GROUPS)
      .set('Prefer', 'example=unknownDevices')
      .send({ name: 'x', devices: ['dev-456', 'dev-nope'] });
    expect(devices.status).toBe(400);
    expect(devices.body.error).toBe('Invalid input: devices not found: dev-nope.');
    fitsSpec(server, 'plaspy', 'createGroup', 400, devices.body);
  });

  it("Prefer: example=dailyLimit gives the caller's limit and the next midnight on the engine clock, with its Retry-After", async () => {
    const server = testServer({ apis: [moduleNamed('plaspy')] });
    const http = plaspyAs(server, await plaspyToken(server));
    const res = await http.get(PLASPY_GROUPS).set('Prefer', 'code=429, example=dailyLimit');
    expect(res.status).toBe(429);
    const limit = (await api(server).get('/__admin/state/plaspy')).body.users[PLASPY_DEMO.userName].dailyLimit;
    expect(res.body.error).toBe(`Daily API limit of ${limit} calls reached. Try again after 2026-03-02T00:00:00Z.`);
    expect(res.headers['retry-after']).toBe(String(15 * 3600));
    fitsSpec(server, 'plaspy', 'listGroups', 429, res.body);
  });
});

describe('bold', () => {
  it('Prefer: code=404 is the documented body: Bold names nothing of the request in its errors', async () => {
    const server = testServer({ apis: [moduleNamed('bold')] });
    const res = await boldAs(server, ADMIN).get(boldGroupUrl(424242)).set('Prefer', 'code=404');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(
      server.apis.get('bold')!.spec.byId.get('getDeviceGroup')!.responses.get('404')!.examples.groupNotFound,
    );
    fitsSpec(server, 'bold', 'getDeviceGroup', 404, res.body);
  });
});
