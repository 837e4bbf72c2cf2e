import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { ACME, BRANCH, DEMO, DEMO_API_KEY, MISSING, groupsUrl, login, md5 } from './kazoo-client.js';

describe('kazoo auth: user_auth, api_auth, tokens', () => {
  it('user_auth with md5 credentials returns a token and the account', async () => {
    const server = testServer();
    const res = await api(server)
      .put('/kazoo/v2/user_auth')
      .send({ data: { credentials: md5('demo-admin:demo-password'), account_name: 'demo' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'success',
      revision: 'automatic',
      data: { account_id: DEMO, account_name: 'demo', owner_id: 'a0000000000000000000000000000001' },
    });
    expect(res.body.auth_token).toMatch(/^[0-9a-f]{48}$/);
    expect(res.headers['x-request-id']).toBe(res.body.request_id);
  });

  it('user_auth finds the account by realm, or by the credentials alone', async () => {
    const server = testServer();
    const byRealm = await api(server)
      .put('/kazoo/v2/user_auth')
      .send({ data: { credentials: md5('alice:alice-password'), account_realm: 'demo.sip.groups-mock.test' } });
    expect(byRealm.status).toBe(201);
    const alone = await api(server)
      .put('/kazoo/v2/user_auth')
      .send({ data: { credentials: md5('acme-admin:acme-password') } });
    expect(alone.status).toBe(201);
    expect(alone.body.data.account_id).toBe(ACME);
  });

  it('wrong credentials → 401 invalid_credentials', async () => {
    const server = testServer();
    for (const data of [
      { credentials: md5('demo-admin:wrong'), account_name: 'demo' },
      { credentials: md5('demo-admin:demo-password'), account_name: 'acme' },
    ]) {
      const res = await api(server).put('/kazoo/v2/user_auth').send({ data });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        status: 'error',
        error: '401',
        message: 'invalid_credentials',
        data: { message: 'invalid credentials' },
      });
    }
  });

  it('user_auth validates the body: credentials must be an md5 hex digest', async () => {
    const server = testServer();
    const res = await api(server)
      .put('/kazoo/v2/user_auth')
      .send({ data: { credentials: 'not-md5', account_name: 'demo' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('validation error');
    expect(res.body.data.credentials.pattern).toMatchObject({
      message: 'Failed to match pattern: ^[0-9a-f]{32}$',
      value: 'not-md5',
    });
  });

  it('api_auth exchanges the api_key; an unknown key is a 401', async () => {
    const server = testServer();
    const ok = await api(server)
      .put('/kazoo/v2/api_auth')
      .send({ data: { api_key: DEMO_API_KEY } });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ account_id: DEMO, account_name: 'demo' });
    const list = await api(server).get(groupsUrl()).set('X-Auth-Token', ok.body.auth_token);
    expect(list.status).toBe(200);
    const bad = await api(server)
      .put('/kazoo/v2/api_auth')
      .send({ data: { api_key: 'f'.repeat(64) } });
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('invalid_credentials');
  });

  it('no token or an unknown one → 401; the token works as X-Auth-Token, Bearer or ?auth_token=', async () => {
    const server = testServer();
    const token = await login(server);
    const none = await api(server).get(groupsUrl());
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: '401', message: 'invalid_credentials', auth_token: '' });
    const unknown = await api(server).get(groupsUrl()).set('X-Auth-Token', 'nope');
    expect(unknown.status).toBe(401);
    expect((await api(server).get(groupsUrl()).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await api(server).get(`${groupsUrl()}?auth_token=${token}`)).status).toBe(200);
  });

  it('a token idle for more than an hour expires (engine clock)', async () => {
    const server = testServer();
    const token = await login(server);
    server.store.clock('default').advance(59 * 60 * 1000);
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', token)).status).toBe(200);
    server.store.clock('default').advance(59 * 60 * 1000); // used a minute ago: still alive
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', token)).status).toBe(200);
    server.store.clock('default').advance(3600 * 1000 + 1);
    const expired = await api(server).get(groupsUrl()).set('X-Auth-Token', token);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('invalid_credentials');
  });

  it("another account's path → 403 forbidden; a parent account may act on its sub-account", async () => {
    const server = testServer();
    const demo = await login(server);
    const forbidden = await api(server).get(groupsUrl(ACME)).set('X-Auth-Token', demo);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: '403', message: 'forbidden' });
    const branch = await api(server).get(groupsUrl(BRANCH)).set('X-Auth-Token', demo);
    expect(branch.status).toBe(200);
    expect(branch.body.data.map((g: { name: string }) => g.name)).toEqual(['Branch reception']);
    const acme = await login(server, 'acme-admin', 'acme-password', 'acme');
    expect((await api(server).get(groupsUrl(DEMO)).set('X-Auth-Token', acme)).status).toBe(403);
    const up = await login(server, 'branch-admin', 'branch-password', 'demo-branch');
    expect((await api(server).get(groupsUrl(DEMO)).set('X-Auth-Token', up)).status).toBe(403);
  });

  it('an unknown account is 404 for a reseller and 403 for anyone else', async () => {
    const server = testServer();
    const demo = await login(server);
    const res = await api(server).get(groupsUrl(MISSING)).set('X-Auth-Token', demo);
    expect(res.status).toBe(404);
    expect(res.body.data).toEqual({ message: 'bad identifier', cause: MISSING });
    const acme = await login(server, 'acme-admin', 'acme-password', 'acme');
    expect((await api(server).get(groupsUrl(MISSING)).set('X-Auth-Token', acme)).status).toBe(403);
  });
});
