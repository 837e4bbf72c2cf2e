import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import { ACCOUNT, M2M, TOKEN_URL, basic, getToken, login, m2m, tsServer } from './thingspace-client.js';

const MINUTE = 60 * 1000;

const tokenRequest = (server: ReturnType<typeof tsServer>, auth?: string) => {
  const req = api(server).post(TOKEN_URL).type('form');
  return auth ? req.set('Authorization', auth) : req;
};

describe('thingspace OAuth token', () => {
  it('issues a one-hour bearer token for Basic key:secret and the client-credentials form', async () => {
    const server = tsServer();
    const res = await tokenRequest(server, basic('demo-app-key', 'demo-app-secret')).send({
      grant_type: 'client_credentials',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'am_application_scope default',
    });
  });

  it('returns the same token within its hour, counting down, and a new one after it', async () => {
    const server = tsServer();
    const clock = server.store.clock('default');
    const first = await getToken(server);
    clock.advance(10 * MINUTE);
    const again = await tokenRequest(server, basic('demo-app-key', 'demo-app-secret')).send({
      grant_type: 'client_credentials',
    });
    expect(again.body).toMatchObject({ access_token: first, expires_in: 3000 });
    clock.advance(50 * MINUTE);
    // The old token is dead at the hour...
    const refused = await api(server)
      .post(`${M2M}/session/login`)
      .set('Authorization', `Bearer ${first}`)
      .send({ username: 'demo-user', password: 'demo-password' });
    expect(refused.status).toBe(401);
    expect(refused.body.fault.code).toBe('900901');
    // ...and the next request gets a fresh one.
    const renewed = await tokenRequest(server, basic('demo-app-key', 'demo-app-secret')).send({
      grant_type: 'client_credentials',
    });
    expect(renewed.body.expires_in).toBe(3600);
    expect(renewed.body.access_token).not.toBe(first);
  });

  it('answers a missing Basic header with the gateway 900902 fault', async () => {
    const server = tsServer();
    for (const auth of [undefined, 'Bearer abc']) {
      const res = await tokenRequest(server, auth).send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(401);
      expect(res.body.fault).toMatchObject({ code: '900902', message: 'Missing Credentials' });
      expect(res.body.fault.description).toContain('Authorization: Basic');
    }
  });

  it('answers an unknown key or a wrong secret with invalid_client', async () => {
    const server = tsServer();
    for (const auth of [basic('demo-app-key', 'wrong'), basic('nobody', 'demo-app-secret'), 'Basic bm9jb2xvbg==']) {
      const res = await tokenRequest(server, auth).send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_client', error_description: 'Client Authentication failed.' });
    }
  });

  it('answers a missing or wrong grant_type, or a body that is not a form, with invalid_request', async () => {
    const server = tsServer();
    const auth = basic('demo-app-key', 'demo-app-secret');
    const sends = [
      tokenRequest(server, auth).send({ grant_type: 'password' }),
      tokenRequest(server, auth).send({ scope: 'x' }),
      api(server).post(TOKEN_URL).set('Authorization', auth),
      api(server).post(TOKEN_URL).set('Authorization', auth).send({ grant_type: 'client_credentials' }),
    ];
    for (const send of sends) {
      const res = await send;
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_request', error_description: 'Missing grant_type parameter value' });
    }
  });
});

describe('thingspace bearer token on M2M calls', () => {
  it('answers a missing bearer with 900902 and an unknown one with 900901', async () => {
    const server = tsServer();
    const { session } = await login(server);
    const missing = await api(server).get(`${M2M}/groups/${ACCOUNT}`).set('VZ-M2M-Token', session);
    expect(missing.status).toBe(401);
    expect(missing.body.fault).toMatchObject({ code: '900902', message: 'Missing Credentials' });
    const unknown = await api(server)
      .get(`${M2M}/groups/${ACCOUNT}`)
      .set('Authorization', 'Bearer 0123456789abcdef0123456789abcdef')
      .set('VZ-M2M-Token', session);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({
      fault: {
        code: '900901',
        message: 'Invalid Credentials',
        description: 'Access failure for API: /m2m/v1, version: v1. Make sure you have given the correct access token',
      },
    });
  });

  it('checks the bearer before the session, and both on every group call', async () => {
    const server = tsServer();
    const creds = await login(server);
    const noSession = await api(server).get(`${M2M}/groups/${ACCOUNT}`).set('Authorization', `Bearer ${creds.bearer}`);
    expect(noSession.status).toBe(400);
    expect(noSession.body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.SessionToken.Format');
    const neither = await api(server).get(`${M2M}/groups/${ACCOUNT}`);
    expect(neither.status).toBe(401);
  });

  it('rejects a bearer whose hour is over even while the session is alive', async () => {
    const server = tsServer();
    const creds = await login(server);
    const clock = server.store.clock('default');
    for (let i = 0; i < 4; i++) {
      clock.advance(15 * MINUTE);
      const res = await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`);
      expect(res.status, `after ${(i + 1) * 15} minutes`).toBe(i < 3 ? 200 : 401);
    }
  });
});

describe('thingspace M2M sessions', () => {
  it('logs in with the bearer only and returns a UUID session token', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    const res = await api(server)
      .post(`${M2M}/session/login`)
      .set('Authorization', `Bearer ${bearer}`)
      .send({ username: 'demo-user', password: 'demo-password' });
    expect(res.status).toBe(200);
    expect(res.body.sessionToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses login without a bearer', async () => {
    const server = tsServer();
    const res = await api(server)
      .post(`${M2M}/session/login`)
      .send({ username: 'demo-user', password: 'demo-password' });
    expect(res.status).toBe(401);
    expect(res.body.fault.code).toBe('900902');
  });

  it('refuses a wrong password or an unknown user with the login error', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    for (const body of [
      { username: 'demo-user', password: 'nope' },
      { username: 'nobody', password: 'demo-password' },
    ]) {
      const res = await api(server).post(`${M2M}/session/login`).set('Authorization', `Bearer ${bearer}`).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'UnifiedWebService.REQUEST_FAILED.Login.InvalidCredentials',
        errorMessage: 'Invalid username or password.',
      });
    }
  });

  it('names the missing field of a login and refuses a blank one', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    const missing = await api(server)
      .post(`${M2M}/session/login`)
      .set('Authorization', `Bearer ${bearer}`)
      .send({ username: 'demo-user' });
    expect(missing.body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.Password',
      errorMessage: 'password: is required',
    });
    const blank = await api(server).post(`${M2M}/session/login`).set('Authorization', `Bearer ${bearer}`).send({});
    expect(blank.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.RequestUndefined');
    const none = await api(server).post(`${M2M}/session/login`).set('Authorization', `Bearer ${bearer}`);
    expect(none.status).toBe(400);
    expect(none.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.RequestUndefined');
  });

  it('refuses forbidden characters in the user name (not in the password) and a body that is not JSON', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    const login = (body: string | object) =>
      api(server)
        .post(`${M2M}/session/login`)
        .set('Authorization', `Bearer ${bearer}`)
        .set('Content-Type', 'application/json')
        .send(body);
    const bad = await login({ username: '<demo-user>', password: 'demo-password' });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Request.InvalidCharacter');
    // A password may hold any character: this one is simply wrong.
    expect((await login({ username: 'demo-user', password: "it's<\\" })).body.errorCode).toBe(
      'UnifiedWebService.REQUEST_FAILED.Login.InvalidCredentials',
    );
    const broken = await login('{"username": "demo-user",');
    expect(broken.status).toBe(400);
    expect(broken.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.DeserializationFailed');
    expect(broken.body.errorMessage).toMatch(/^The request body could not be read as JSON: /);
  });

  it('locks the user after 5 consecutive failed logins, even for the right password', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    const attempt = (password: string, username = 'demo-user') =>
      api(server).post(`${M2M}/session/login`).set('Authorization', `Bearer ${bearer}`).send({ username, password });
    for (let i = 1; i <= 5; i++) {
      const res = await attempt('wrong');
      expect(res.body.errorCode, `attempt ${i}`).toBe('UnifiedWebService.REQUEST_FAILED.Login.InvalidCredentials');
    }
    const locked = await attempt('demo-password');
    expect(locked.status).toBe(400);
    expect(locked.body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.Login.UserLocked');
    expect((await attempt('wrong')).body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.Login.UserLocked');
    // Other users are not affected.
    expect((await attempt('other-password', 'other-user')).status).toBe(200);
    // An operator unlocks the user by importing a state.
    const state = (await api(server).get('/__admin/state/thingspace')).body;
    expect(state.users['demo-user']).toMatchObject({ locked: true, failedLogins: 5 });
    state.users['demo-user'] = { ...state.users['demo-user'], locked: false, failedLogins: 0 };
    expect((await api(server).put('/__admin/state/thingspace').send(state)).status).toBe(200);
    expect((await attempt('demo-password')).status).toBe(200);
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    const server = tsServer();
    const bearer = await getToken(server);
    const attempt = (password: string) =>
      api(server)
        .post(`${M2M}/session/login`)
        .set('Authorization', `Bearer ${bearer}`)
        .send({ username: 'demo-user', password });
    for (let i = 0; i < 4; i++) await attempt('wrong');
    expect((await attempt('demo-password')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt('wrong')).body.errorCode).toContain('InvalidCredentials');
    expect((await attempt('demo-password')).status).toBe(200);
  });

  it('answers a missing or malformed session with SessionToken.Format and an unknown one with SessionToken.Invalid', async () => {
    const server = tsServer();
    const { bearer } = await login(server);
    const url = `${M2M}/groups/${ACCOUNT}`;
    for (const token of [undefined, '', 'not-a-uuid']) {
      const req = api(server).get(url).set('Authorization', `Bearer ${bearer}`);
      const res = await (token === undefined ? req : req.set('VZ-M2M-Token', token));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorCode: 'UnifiedWebService.REQUEST_FAILED.SessionToken.Format',
        errorMessage: 'The session token is missing or not in the correct format.',
      });
    }
    const unknown = await m2m(server, { bearer, session: '00000000-0000-4000-8000-000000000000' }).get(url);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      errorCode: 'UnifiedWebService.INPUT_INVALID.SessionToken.Invalid',
      errorMessage: 'The session token is invalid.',
    });
  });

  it('expires a session after 20 minutes without use; every use restarts the 20 minutes', async () => {
    const server = tsServer();
    const creds = await login(server);
    const clock = server.store.clock('default');
    const list = () => m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`);
    clock.advance(19 * MINUTE);
    expect((await list()).status).toBe(200);
    clock.advance(20 * MINUTE);
    expect((await list()).status).toBe(200);
    clock.advance(20 * MINUTE + 1);
    const expired = await list();
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({
      errorCode: 'UnifiedWebService.REQUEST_FAILED.SessionToken.Expired',
      errorMessage: 'The Session has expired.',
    });
    // Still expired on the next try; a new login works.
    expect((await list()).body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.SessionToken.Expired');
    const fresh = await login(server);
    expect((await m2m(server, fresh).get(`${M2M}/groups/${ACCOUNT}`)).status).toBe(200);
  });

  it('ends a session on logout; later use gets SessionToken.Invalid', async () => {
    const server = tsServer();
    const creds = await login(server);
    const out = await m2m(server, creds).post(`${M2M}/session/logout`);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ sessionToken: creds.session });
    for (const res of [
      await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`),
      await m2m(server, creds).post(`${M2M}/session/logout`),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.SessionToken.Invalid');
    }
  });

  it('refuses logout of an expired session with SessionToken.Expired', async () => {
    const server = tsServer();
    const creds = await login(server);
    server.store.clock('default').advance(21 * MINUTE);
    const res = await m2m(server, creds).post(`${M2M}/session/logout`);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('UnifiedWebService.REQUEST_FAILED.SessionToken.Expired');
  });

  it('keeps two sessions of one user independent', async () => {
    const server = tsServer();
    const a = await login(server);
    const b = await login(server);
    expect(a.session).not.toBe(b.session);
    await m2m(server, a).post(`${M2M}/session/logout`);
    expect((await m2m(server, b).get(`${M2M}/groups/${ACCOUNT}`)).status).toBe(200);
  });
});

describe('thingspace namespaces', () => {
  it('keeps tokens, sessions and groups apart per X-Mock-Namespace', async () => {
    const server = tsServer();
    const a = await login(server, { namespace: 'team-a' });
    const b = await login(server, { namespace: 'team-b' });
    const created = await m2m(server, a)
      .post(`${M2M}/groups`)
      .send({ accountName: ACCOUNT, groupName: 'Only in A', groupDescription: 'x' });
    expect(created.status).toBe(200);
    const namesIn = async (creds: typeof a) =>
      (await m2m(server, creds).get(`${M2M}/groups/${ACCOUNT}`)).body.map((g: { name: string }) => g.name);
    expect(await namesIn(a)).toContain('Only in A');
    expect(await namesIn(b)).not.toContain('Only in A');
    // A's credentials mean nothing in B.
    const crossed = await m2m(server, { ...a, namespace: 'team-b' }).get(`${M2M}/groups/${ACCOUNT}`);
    expect(crossed.status).toBe(401);
    expect(crossed.body.fault.code).toBe('900901');
  });

  it('answers a malformed namespace header with a field error', async () => {
    const server = tsServer();
    const res = await api(server).get(`${M2M}/groups/${ACCOUNT}`).set('X-Mock-Namespace', 'bad namespace!');
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.XMockNamespace');
    expect(res.body.errorMessage).toMatch(/^X-Mock-Namespace: /);
  });
});
