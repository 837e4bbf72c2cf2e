import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkState } from '../../../src/engine/state/state-check.js';
import { renderProblem } from '../../../src/engine/types.js';
import { api, moduleNamed } from '../../helpers.js';
import { ACCOUNT, M2M, TOKEN_URL, login, m2m, tsServer } from './thingspace-client.js';

const mod = moduleNamed('thingspace');
const fixture = () => JSON.parse(readFileSync(mod.fixtureFile, 'utf8'));

describe('thingspace demo tenant', () => {
  it('is valid and has what the docs promise', () => {
    const state = fixture();
    expect(checkState(mod, state)).toEqual([]);
    expect(state.oauthApps['demo-app-key'].secret).toBe('demo-app-secret');
    expect(state.users['demo-user']).toMatchObject({
      password: 'demo-password',
      accounts: expect.arrayContaining([ACCOUNT]),
    });
    const account = state.accounts[ACCOUNT];
    expect(account.devices.length).toBeGreaterThanOrEqual(30);
    expect(
      new Set(account.devices.flatMap((d: { deviceIds: Array<{ kind: string }> }) => d.deviceIds.map((x) => x.kind)))
        .size,
    ).toBe(7);
    expect(account.groups.filter((g: { isDefaultGroup: boolean }) => !g.isDefaultGroup)).toHaveLength(2);
    expect(state.settings.devicePageSize).toBe(10);
    // Internal device IDs: unique in the namespace, in the numeric order of the devices' first identifiers.
    const devices = Object.values(state.accounts).flatMap((a: any) => a.devices) as Array<{
      internalId: number;
      deviceIds: Array<{ kind: string; id: string }>;
    }>;
    const value = (d: (typeof devices)[number]) =>
      d.deviceIds[0]!.kind === 'meid' ? BigInt(`0x${d.deviceIds[0]!.id}`) : BigInt(d.deviceIds[0]!.id);
    const sorted = [...devices].sort((a, b) => a.internalId - b.internalId);
    expect(sorted.map((d) => d.internalId)).toEqual(devices.map((_, i) => i + 1));
    expect(sorted.map(value)).toEqual(sorted.map(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe('thingspace state import', () => {
  const rejected = async (mutate: (s: any) => void, problem: RegExp) => {
    const server = tsServer();
    const creds = await login(server);
    const before = (await api(server).get('/__admin/state/thingspace')).body;
    const state = structuredClone(before);
    mutate(state);
    const res = await api(server).put('/__admin/state/thingspace').send(state);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/old state is kept/);
    expect(res.body.problems.join('\n')).toMatch(problem);
    expect((await api(server).get('/__admin/state/thingspace')).body).toEqual(before);
    // The API still serves the old state with the old credentials.
    expect((await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`)).status).toBe(200);
  };

  it('rejects a device in two groups (the same identifier twice), naming both places', async () => {
    await rejected(
      (s) => s.accounts[ACCOUNT].devices.push({ ...s.accounts[ACCOUNT].devices[0], groupName: 'Cold Chain' }),
      /^\/accounts\/0000123456-00001\/devices\/32\/deviceIds\/0: imei 350000000000101 is also \/accounts\/0000123456-00001\/devices\/0 \(group "Fleet West"\)/m,
    );
  });

  it('rejects a device in two accounts', async () => {
    await rejected(
      (s) => s.accounts['0000999999-00001'].devices.push({ ...s.accounts[ACCOUNT].devices[5], groupName: 'Warehouse' }),
      /^\/accounts\/0000999999-00001\/devices\/5\/deviceIds\/0: imei 350000000000106 is also/m,
    );
  });

  it('rejects an identifier that breaks its kind’s format', async () => {
    await rejected(
      (s) => (s.accounts[ACCOUNT].devices[3].deviceIds[0].id = '35000000000010X'),
      /^\/accounts\/0000123456-00001\/devices\/3\/deviceIds\/0\/id: "35000000000010X" is not a valid imei/m,
    );
  });

  it('rejects an unknown kind, a missing group, a lost default group and a duplicate group name', async () => {
    await rejected(
      (s) => (s.accounts[ACCOUNT].devices[1].deviceIds[0].kind = 'serial'),
      /^\/accounts\/0000123456-00001\/devices\/1\/deviceIds\/0\/kind: must be equal to one of the allowed values/m,
    );
    await rejected(
      (s) => (s.accounts[ACCOUNT].devices[3].groupName = 'Nowhere'),
      /^\/accounts\/0000123456-00001\/devices\/3\/groupName: no group "Nowhere" in this account/m,
    );
    await rejected(
      (s) => (s.accounts[ACCOUNT].groups[0].isDefaultGroup = false),
      /^\/accounts\/0000123456-00001\/groups: needs exactly one group with isDefaultGroup true, has 0/m,
    );
    await rejected(
      (s) => (s.accounts[ACCOUNT].groups[2].name = 'FLEET WEST'),
      /^\/accounts\/0000123456-00001\/groups\/2\/name: "FLEET WEST" is also the name of group 1/m,
    );
  });

  it('rejects a missing, non-positive or repeated internal device ID, naming both devices', async () => {
    await rejected(
      (s) => delete s.accounts[ACCOUNT].devices[2].internalId,
      /^\/accounts\/0000123456-00001\/devices\/2\/internalId: must have required property 'internalId'$/m,
    );
    await rejected(
      (s) => (s.accounts[ACCOUNT].devices[2].internalId = 0),
      /^\/accounts\/0000123456-00001\/devices\/2\/internalId: must be >= 1$/m,
    );
    // Unique across accounts too: the device list spans all of a user's accounts.
    await rejected(
      (s) => (s.accounts['0000123456-00002'].devices[0].internalId = s.accounts[ACCOUNT].devices[0].internalId),
      /^\/accounts\/0000123456-00002\/devices\/0\/internalId: 11 is also the internal device ID of \/accounts\/0000123456-00001\/devices\/0$/m,
    );
  });

  it('rejects dangling users, tokens and sessions, and bad settings', async () => {
    await rejected(
      (s) => s.users['demo-user'].accounts.push('0000000000-00000'),
      /^\/users\/demo-user\/accounts\/2: no account 0000000000-00000/m,
    );
    await rejected(
      (s) => (s.sessions['00000000-0000-4000-8000-000000000000'] = { username: 'ghost', lastUsed: 0 }),
      /^\/sessions\/00000000-0000-4000-8000-000000000000\/username: no user ghost/m,
    );
    await rejected((s) => (s.settings.devicePageSize = 0), /^\/settings\/devicePageSize: must be >= 1/m);
  });

  it('rejects references to names every object inherits (constructor, toString, ...), which are no account, app or user', async () => {
    await rejected(
      (s) => s.users['demo-user'].accounts.push('constructor'),
      /^\/users\/demo-user\/accounts\/2: no account constructor$/m,
    );
    await rejected(
      (s) => (s.accessTokens['0123456789abcdef0123456789abcdef'] = { appKey: 'toString', issuedAt: 0 }),
      /^\/accessTokens\/0123456789abcdef0123456789abcdef\/appKey: no OAuth app toString$/m,
    );
    await rejected(
      (s) => (s.sessions['00000000-0000-4000-8000-000000000000'] = { username: 'constructor', lastUsed: 0 }),
      /^\/sessions\/00000000-0000-4000-8000-000000000000\/username: no user constructor$/m,
    );
  });

  it('accepts a valid state and serves it', async () => {
    const server = tsServer();
    const state = fixture();
    state.accounts[ACCOUNT].groups.push({
      name: 'Imported',
      description: 'from a file',
      isDefaultGroup: false,
      extendedAttributes: [{ key: 'owner', value: 'ops' }],
    });
    state.accounts[ACCOUNT].devices[0].groupName = 'Imported';
    expect((await api(server).put('/__admin/state/thingspace').send(state)).status).toBe(200);
    const creds = await login(server);
    const groups = (await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`)).body;
    expect(groups.at(-1)).toEqual({
      name: 'Imported',
      description: 'from a file',
      isDefaultGroup: false,
      extendedAttributes: [{ key: 'owner', value: 'ops' }],
    });
  });
});

describe('thingspace engine-level responses', () => {
  it('answers an unknown path with the gateway 900906 fault', async () => {
    const server = tsServer();
    for (const path of [`${M2M}/nothing`, '/thingspace/api/m2m/v2/groups', '/thingspace/']) {
      const res = await api(server).get(path);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        fault: {
          code: '900906',
          message: 'No matching resource found in the API for the given request',
          description:
            'Access failure for API: /m2m/v1, version: v1. Check the API documentation and add a proper REST resource path to the invocation URL',
        },
      });
    }
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const server = tsServer();
    const res = await api(server).patch(`${M2M}/groups/${ACCOUNT}/name/x`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, PUT, DELETE');
    expect(res.body.fault.message).toBe('Method not allowed for given API resource');
    const token = await api(server).get(TOKEN_URL);
    expect(token.status).toBe(405);
    expect(token.headers.allow).toBe('POST');
  });

  it('answers a body over 1 MB with 413 in the M2M error body', async () => {
    const server = tsServer();
    const res = await api(server)
      .post(`${M2M}/groups`)
      .send({ accountName: ACCOUNT, groupName: 'big', groupDescription: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.Request.TooLarge',
      errorMessage: 'The request body is larger than 1mb.',
    });
  });

  it('serves documented examples through Prefer, in the vendor body', async () => {
    const server = tsServer();
    const creds = await login(server);
    const res = await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}/name/x`).set('Prefer', 'example=groupNotFound');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorCode: 'DeviceGroupService.REQUEST_FAILED.GroupNotFound',
      errorMessage: 'The device group was not found.',
    });
    const bad = await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`).set('Prefer', 'code=418');
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Prefer');
  });

  it('renders the 415 and 429 engine answers in the bodies x-mock-responses documents', () => {
    const server = tsServer();
    const rt = server.apis.get('thingspace')!;
    const req = {
      method: 'POST',
      path: '/api/m2m/v1/groups',
      operationId: 'createDeviceGroup',
      params: {},
      query: {},
      headers: {},
      body: 'x',
      ns: server.store.view('thingspace', 'default'),
    };
    const cases = [
      [
        'unsupportedMediaType',
        renderProblem(mod, { kind: 'unsupportedMediaType', contentType: 'text/plain' }, req),
        415,
      ],
      ['rateLimited', renderProblem(mod, { kind: 'rateLimited', retryAfterSeconds: 5 }, req), 429],
    ] as const;
    for (const [kind, reply, status] of cases) {
      expect(reply.status, kind).toBe(status);
      expect(rt.schemas.check(rt.spec.engineResponses.get(kind)!.schemaPointer!, reply.body), kind).toEqual([]);
    }
  });

  it('has a handler for every operation of the spec', () => {
    const server = tsServer();
    const ops = server.apis.get('thingspace')!.spec.operations.map((o) => o.operationId);
    expect(ops.sort()).toEqual(Object.keys(mod.handlers).sort());
  });
});
