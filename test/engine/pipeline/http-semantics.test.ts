/** HEAD and CORS, as browsers and HTTP tools use them, on every API's paths. */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login, SALES } from '../../apis/kazoo/kazoo-client.js';

describe('HEAD', () => {
  it('answers like GET, with the headers and no body', async () => {
    const server = testServer();
    const token = await login(server);
    const get = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token).set('X-Request-ID', 'r1');
    const head = await api(server).head(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token).set('X-Request-ID', 'r1');
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    const denied = await api(server).head(`${groupsUrl()}/${SALES}`);
    expect(denied.status).toBe(401);
    const journal = await api(server).get('/__admin/requests?operationId=getGroup');
    expect(journal.body.requests.map((r: { method: string }) => r.method)).toContain('HEAD');
  });

  it('is still a 405 where the path has no GET', async () => {
    const server = testServer();
    const res = await api(server).head('/kazoo/v2/user_auth');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('PUT');
  });
});

describe('CORS', () => {
  it('answers a preflight for the methods of the path, allowing the headers asked for', async () => {
    const server = testServer();
    const res = await api(server)
      .options(groupsUrl())
      .set('Origin', 'http://localhost:3000')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'x-auth-token, content-type, x-mock-namespace');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-allow-methods']).toBe('GET, PUT, OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe('x-auth-token, content-type, x-mock-namespace');
    const thingspace = await api(server)
      .options('/thingspace/api/m2m/v1/groups/0000123456-00001/name/x')
      .set('Origin', 'http://app.test');
    expect(thingspace.status).toBe(204);
    expect(thingspace.headers.allow).toBe('GET, PUT, DELETE, OPTIONS');
  });

  it('lets the requesting origin read answers, errors included; no CORS headers without an Origin', async () => {
    const server = testServer();
    const withOrigin = await api(server)
      .get('/thingspace/api/m2m/v1/groups/0000123456-00001')
      .set('Origin', 'http://app.test');
    expect(withOrigin.status).toBe(401);
    expect(withOrigin.headers['access-control-allow-origin']).toBe('http://app.test');
    expect(withOrigin.headers['access-control-expose-headers']).toContain('Location');
    const without = await api(server).get('/thingspace/api/m2m/v1/groups/0000123456-00001');
    expect(without.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps an unknown path a 404 for OPTIONS too', async () => {
    const server = testServer();
    expect((await api(server).options('/kazoo/v2/nowhere').set('Origin', 'http://x')).status).toBe(404);
  });
});
