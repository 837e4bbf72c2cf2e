/** Keys clients choose never reach Object.prototype, and a reset never re-issues old credentials. */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

describe('state maps keyed by client input', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'the token "%s" is just an unknown token',
    async (token) => {
      const server = testServer();
      const res = await api(server).get(groupsUrl()).set('X-Auth-Token', token);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('invalid_credentials');
      expect(({} as Record<string, unknown>).last_used).toBeUndefined();
    },
  );

  it('an imported state keeps working and exports as plain JSON', async () => {
    const server = testServer();
    const state = (await api(server).get('/__admin/state/kazoo')).body;
    state.tokens.constructor = {
      account_id: 'de000000000000000000000000000001',
      method: 'api_auth',
      issuedAt: Date.parse('2026-03-01T09:00:00Z'),
      lastUsed: Date.parse('2026-03-01T09:00:00Z'),
    };
    expect((await api(server).put('/__admin/state/kazoo?namespace=imported').send(state)).status).toBe(200);
    const res = await api(server)
      .get(groupsUrl())
      .set('X-Mock-Namespace', 'imported')
      .set('X-Auth-Token', 'constructor');
    expect(res.status).toBe(200);
    const back = (await api(server).get('/__admin/state/kazoo?namespace=imported')).body;
    expect(Object.keys(back.tokens)).toEqual(['constructor']);
  });

  it('an imported state taken over in place (no copy) keeps "__proto__" a plain key and finds no inherited member', async () => {
    const server = testServer();
    const state = (await api(server).get('/__admin/state/kazoo')).body;
    const token = {
      account_id: 'de000000000000000000000000000001',
      method: 'api_auth',
      issuedAt: Date.parse('2026-03-01T09:00:00Z'),
      lastUsed: Date.parse('2026-03-01T09:00:00Z'),
    };
    // Written as text: an object literal's __proto__ would set a prototype, JSON's is a key.
    const text = JSON.stringify({ ...state, tokens: { PLACEHOLDER: token } }).replace('"PLACEHOLDER"', '"__proto__"');
    const put = await api(server)
      .put('/__admin/state/kazoo?namespace=taken')
      .set('Content-Type', 'application/json')
      .send(text);
    expect(put.status, put.text).toBe(200);
    const as = (t: string) => api(server).get(groupsUrl()).set('X-Mock-Namespace', 'taken').set('X-Auth-Token', t);
    expect((await as('__proto__')).status).toBe(200);
    for (const t of ['constructor', 'toString', 'hasOwnProperty']) expect((await as(t)).status).toBe(401);
    expect(({} as Record<string, unknown>).account_id).toBeUndefined();
    const kept = server.store.view<{ tokens: Record<string, unknown> }>('kazoo', 'taken').state.tokens;
    expect(['constructor' in kept, 'toString' in kept, Object.keys(kept)]).toEqual([false, false, ['__proto__']]);
    const back = (await api(server).get('/__admin/state/kazoo?namespace=taken').set('Accept', 'application/json')).text;
    expect(back).toContain('"__proto__":{');
  });
});

describe('reset and credentials', () => {
  it('a token issued before a reset is never issued again after it', async () => {
    const server = testServer();
    const before = await login(server);
    await api(server).post('/__admin/reset');
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', before)).status).toBe(401);
    const after = await login(server);
    expect(after).not.toBe(before);
    expect((await api(server).get(groupsUrl()).set('X-Auth-Token', before)).status).toBe(401);
  });

  it('is still deterministic: the same requests after the same resets give the same tokens', async () => {
    const run = async () => {
      const server = testServer();
      await login(server);
      await api(server).post('/__admin/reset?api=kazoo');
      return login(server);
    };
    expect(await run()).toBe(await run());
  });
});
