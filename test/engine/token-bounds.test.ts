/**
 * Token maps stay bounded (src/engine/kit/limits.ts `boundTokens`, docs/memory.md): a client that
 * logs in on every loop does not grow them for as long as a token lives. Past `maxTokens` the
 * least recently used tokens are forgotten (they answer 401 as an unknown token would), never one in use;
 * expired ones go at the next sweep. Checked through Kazoo's, Plaspy's and ThingSpace's logins.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../helpers.js';
import { groupsUrl, login as kazooLogin } from '../kazoo/kazoo-client.js';
import { GROUPS as PLASPY_GROUPS, as as plaspyAs, getToken as plaspyToken } from '../plaspy/plaspy-client.js';
import { login as tsLogin } from '../thingspace/thingspace-client.js';

const NS = 'tokens';

const health = async (server: ReturnType<typeof testServer>) =>
  (await api(server).get('/__admin/health').expect(200)).body.sizes[NS];

describe('token maps are bounded', () => {
  it('Kazoo: 40 logins with maxTokens 5 keep at most 10 tokens; the newest works, the first is forgotten', async () => {
    const server = testServer({ maxTokens: 5 });
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) tokens.push(await kazooLogin(server, undefined, undefined, undefined, NS));
    expect((await health(server)).kazoo.tokens).toBeLessThanOrEqual(10);
    const newest = await api(server).get(groupsUrl()).set('X-Auth-Token', tokens.at(-1)!).set('X-Mock-Namespace', NS);
    expect(newest.status).toBe(200);
    const first = await api(server).get(groupsUrl()).set('X-Auth-Token', tokens[0]!).set('X-Mock-Namespace', NS);
    expect(first.status).toBe(401);
    expect(first.body.message).toBe('invalid_credentials');
  });

  it('Kazoo: a token in use survives a storm of logins past maxTokens (the least recently used go)', async () => {
    const server = testServer({ maxTokens: 5 });
    const kept = await kazooLogin(server, undefined, undefined, undefined, NS);
    const use = () => api(server).get(groupsUrl()).set('X-Auth-Token', kept).set('X-Mock-Namespace', NS);
    for (let i = 0; i < 40; i++) {
      await kazooLogin(server, undefined, undefined, undefined, NS);
      if (i % 3 === 0) expect((await use()).status).toBe(200);
    }
    expect((await use()).status).toBe(200);
  });

  it('Plaspy: the newest token works after many logins, and the map stays within twice the bound', async () => {
    const server = testServer({ maxTokens: 4 });
    let token = '';
    for (let i = 0; i < 25; i++) token = await plaspyToken(server, undefined, NS);
    expect((await health(server)).plaspy.tokens).toBeLessThanOrEqual(8);
    expect((await plaspyAs(server, token, NS).get(PLASPY_GROUPS)).status).toBe(200);
  });

  it('ThingSpace: M2M sessions are bounded the same way', async () => {
    const server = testServer({ maxTokens: 3 });
    for (let i = 0; i < 20; i++) await tsLogin(server, { namespace: NS });
    expect((await health(server)).thingspace.sessions).toBeLessThanOrEqual(6);
  });

  it('by default (10,000) a few logins forget nothing', async () => {
    const server = testServer();
    for (let i = 0; i < 5; i++) await kazooLogin(server, undefined, undefined, undefined, NS);
    // The demo tenant's own tokens plus the five.
    const fixtureTokens = Object.keys((await api(server).get('/__admin/state/kazoo').expect(200)).body.tokens).length;
    expect((await health(server)).kazoo.tokens).toBe(fixtureTokens + 5);
  });
});
