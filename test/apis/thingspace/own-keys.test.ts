/**
 * Keys a client sends (bearer tokens, session tokens, user names, account names, app keys) name
 * entries of the state's maps only when the map has them as its own: `constructor`, `__proto__` or
 * `toString` are no token, user or account. Checked twice: through HTTP (where the engine also hands
 * out null-prototype state), and against the vendor code alone with a state of plain objects, so
 * ThingSpace's lookups are safe whatever the engine does.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { NamespaceView, RequestInfo } from '../../../src/engine/types.js';
import { handlers } from '../../../src/apis/thingspace/handlers.js';
import { checkThingSpaceState, type ThingSpaceState } from '../../../src/apis/thingspace/state.js';
import { loadApi } from '../../../src/engine/app.js';
import { checkSecurity } from '../../../src/engine/pipeline/stages/authenticate.js';
import { api, moduleNamed } from '../../helpers.js';
import { ACCOUNT, M2M, basic, getToken, login, tsServer } from './thingspace-client.js';

const mod = moduleNamed('thingspace');
const { spec } = loadApi(mod).api;
/** The operation's security checks, as the pipeline runs them. */
const authenticate = (req: RequestInfo<ThingSpaceState>) =>
  checkSecurity(mod, spec.byId.get(req.operationId!)!.security, req as RequestInfo<unknown>);
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const SIDE_EFFECTS = ['failedLogins', 'locked'];

/** A namespace view whose state is made of ordinary objects (with Object.prototype). */
function plainView(): NamespaceView<ThingSpaceState> {
  const server = tsServer();
  const view = server.store.view<ThingSpaceState>('thingspace', 'default');
  const state = JSON.parse(readFileSync(mod.fixtureFile, 'utf8')) as ThingSpaceState;
  expect(Object.getPrototypeOf(state.users)).toBe(Object.prototype);
  return { name: view.name, clock: view.clock, rng: view.rng, state };
}

const request = (
  ns: NamespaceView<ThingSpaceState>,
  operationId: string,
  headers: Record<string, string>,
  body: unknown = {},
): RequestInfo<ThingSpaceState> => ({
  method: 'POST',
  path: '/api/m2m/v1/x',
  operationId,
  params: {},
  query: {},
  headers,
  body,
  ns,
});

/** Whatever a test wrote onto a shared prototype is taken off again, so one failure does not spread. */
afterEach(() => {
  for (const target of [
    Object.prototype,
    Object,
    Object.prototype.toString,
    Object.prototype.hasOwnProperty,
    Object.prototype.valueOf,
  ] as object[]) {
    for (const key of SIDE_EFFECTS) delete (target as Record<string, unknown>)[key];
  }
});

function expectNoPollution(): void {
  for (const [name, target] of Object.entries({
    'Object.prototype': Object.prototype,
    Object,
    toString: Object.prototype.toString,
    hasOwnProperty: Object.prototype.hasOwnProperty,
    valueOf: Object.prototype.valueOf,
  })) {
    for (const key of SIDE_EFFECTS) expect(Object.hasOwn(target, key), `${name}.${key}`).toBe(false);
  }
}

describe('thingspace lookups with a state of plain objects (the vendor code alone)', () => {
  it('refuses an inherited name as bearer token with the 900901 fault', () => {
    const ns = plainView();
    for (const token of INHERITED) {
      for (const operationId of ['startSession', 'listDeviceGroups']) {
        const res = authenticate(
          request(ns, operationId, {
            authorization: `Bearer ${token}`,
            'vz-m2m-token': '00000000-0000-4000-8000-000000000000',
          }),
        );
        expect(res.ok, `${operationId} with Bearer ${token}`).toBe(false);
        expect(!res.ok && res.reply).toMatchObject({ status: 401, body: { fault: { code: '900901' } } });
      }
    }
  });

  it('refuses an inherited name as OAuth app key', () => {
    const ns = plainView();
    for (const key of INHERITED) {
      for (const secret of ['', 'undefined', 'x']) {
        const res = authenticate(request(ns, 'getOAuthToken', { authorization: basic(key, secret) }));
        expect(res.ok, `${key}:${secret}`).toBe(false);
        expect(!res.ok && res.reply).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      }
    }
  });

  it('refuses a session whose user is an inherited name', () => {
    const ns = plainView();
    const now = ns.clock.now();
    ns.state.accessTokens['0123456789abcdef0123456789abcdef'] = { appKey: 'demo-app-key', issuedAt: now };
    for (const [i, username] of INHERITED.entries()) {
      const token = `00000000-0000-4000-8000-00000000000${i}`;
      ns.state.sessions[token] = { username, lastUsed: now };
      const res = authenticate(
        request(ns, 'listDeviceGroups', {
          authorization: 'Bearer 0123456789abcdef0123456789abcdef',
          'vz-m2m-token': token,
        }),
      );
      expect(res.ok, username).toBe(false);
      expect(!res.ok && res.reply).toMatchObject({
        status: 400,
        body: { errorCode: 'UnifiedWebService.INPUT_INVALID.SessionToken.Invalid' },
      });
    }
  });

  it('answers a login as an inherited name with InvalidCredentials and changes nothing, not even a prototype', async () => {
    const ns = plainView();
    const before = structuredClone(ns.state);
    for (const username of INHERITED) {
      for (let attempt = 0; attempt < 6; attempt++) {
        const ctx = {
          operationId: 'startSession',
          params: {},
          query: {},
          body: { username, password: 'x' },
          ns,
          principal: { appKey: 'demo-app-key', accessToken: 't' },
        };
        const res = await handlers.startSession(ctx as unknown as Parameters<typeof handlers.startSession>[0]);
        expect(res, `${username}, attempt ${attempt + 1}`).toEqual({
          status: 400,
          body: {
            errorCode: 'UnifiedWebService.REQUEST_FAILED.Login.InvalidCredentials',
            errorMessage: 'Invalid username or password.',
          },
        });
      }
    }
    expectNoPollution();
    expect(ns.state).toEqual(before);
  });

  it('answers an inherited account name with AccountNotFound', async () => {
    const ns = plainView();
    const principal = {
      kind: 'session',
      appKey: 'demo-app-key',
      accessToken: 't',
      username: 'demo-user',
      sessionToken: 's',
    };
    for (const aname of INHERITED) {
      const ctx = { operationId: 'listDeviceGroups', params: { aname }, query: {}, body: undefined, ns, principal };
      const res = await handlers.listDeviceGroups(ctx as unknown as Parameters<typeof handlers.listDeviceGroups>[0]);
      expect(res, aname).toMatchObject({
        status: 400,
        body: { errorCode: 'UnifiedWebService.REQUEST_FAILED.AccountNotFound' },
      });
    }
  });

  it('checkState reports users, tokens and sessions that point at an inherited name', () => {
    const ns = plainView();
    const state = ns.state;
    state.users['demo-user']!.accounts.push('constructor');
    state.accessTokens['0123456789abcdef0123456789abcdef'] = { appKey: 'toString', issuedAt: 0 };
    state.sessions['00000000-0000-4000-8000-000000000000'] = { username: 'hasOwnProperty', lastUsed: 0 };
    expect(checkThingSpaceState(state)).toEqual([
      '/users/demo-user/accounts/2: no account constructor',
      '/accessTokens/0123456789abcdef0123456789abcdef/appKey: no OAuth app toString',
      '/sessions/00000000-0000-4000-8000-000000000000/username: no user hasOwnProperty',
    ]);
  });
});

describe('thingspace lookups through HTTP', () => {
  it('answers an inherited name as bearer token with 401 900901, at login and on group calls', async () => {
    const server = tsServer();
    const { session } = await login(server);
    for (const token of INHERITED) {
      const atLogin = await api(server)
        .post(`${M2M}/session/login`)
        .set('Authorization', `Bearer ${token}`)
        .send({ username: 'demo-user', password: 'demo-password' });
      expect(atLogin.status, token).toBe(401);
      expect(atLogin.body.fault.code).toBe('900901');
      const onCall = await api(server)
        .get(`${M2M}/groups/${ACCOUNT}`)
        .set('Authorization', `Bearer ${token}`)
        .set('VZ-M2M-Token', session);
      expect(onCall.status, token).toBe(401);
      expect(onCall.body.fault.code).toBe('900901');
    }
  });

  it('answers an inherited name as session token with SessionToken.Format', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    for (const token of INHERITED) {
      const res = await api(server)
        .get(`${M2M}/groups/${ACCOUNT}`)
        .set('Authorization', `Bearer ${bearer}`)
        .set('VZ-M2M-Token', token);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.SessionToken.Format');
    }
  });

  it('answers a login as an inherited name with a plain InvalidCredentials, never a lock, and changes no state', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    const before = (await api(server).get('/__admin/state/thingspace')).body;
    for (const username of INHERITED) {
      for (let attempt = 0; attempt < 6; attempt++) {
        const res = await api(server)
          .post(`${M2M}/session/login`)
          .set('Authorization', `Bearer ${bearer}`)
          .send({ username, password: 'demo-password' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          errorCode: 'UnifiedWebService.REQUEST_FAILED.Login.InvalidCredentials',
          errorMessage: 'Invalid username or password.',
        });
      }
    }
    expectNoPollution();
    expect((await api(server).get('/__admin/state/thingspace')).body).toEqual(before);
  });

  it('answers an inherited account name with AccountNotFound', async () => {
    const server = tsServer();
    const creds = await login(server);
    for (const aname of ['constructor', 'toString', 'hasOwnProperty']) {
      const res = await api(server)
        .get(`${M2M}/groups/${aname}`)
        .set('Authorization', `Bearer ${creds.bearer}`)
        .set('VZ-M2M-Token', creds.session);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.AccountNotFound');
    }
  });
});
