/**
 * `GET /__admin/live` (issue 28): the liveness check a load balancer polls. It answers 200
 * `{"status":"ok"}` without the admin token a guarded mock asks of every other admin call, and
 * still only for a Host the admin API answers for; it opens nothing else to a tokenless caller.
 */
import { describe, expect, it } from 'vitest';
import { api, moduleNamed, testServer } from '../helpers.js';

const guarded = () =>
  testServer({ apis: [moduleNamed('kazoo')], admin: { token: 'change-me-please-1234', allowedHosts: ['mock.lan'] } });

describe('GET /__admin/live', () => {
  it('answers 200 {"status":"ok"} without the token where every other admin call needs it', async () => {
    const server = guarded();
    const res = await api(server).get('/__admin/live').set('Host', 'mock.lan:4010');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'ok' });
    expect((await api(server).head('/__admin/live').set('Host', 'mock.lan:4010')).status).toBe(200);
    expect((await api(server).get('/__admin/health').set('Host', 'mock.lan:4010')).status).toBe(401);
    // Only that exact path: a neighbour or another method still needs the token.
    expect((await api(server).get('/__admin/live/x').set('Host', 'mock.lan:4010')).status).toBe(401);
    expect((await api(server).post('/__admin/live').set('Host', 'mock.lan:4010')).status).toBe(401);
  });

  it('is still Host-checked and refuses cross-site browsers', async () => {
    const server = guarded();
    const rebound = await api(server).get('/__admin/live').set('Host', 'evil.example');
    expect(rebound.status).toBe(403);
    expect(rebound.body.error).toBe('the admin API does not answer for host "evil.example"');
    const page = await api(server).get('/__admin/live').set('Host', 'mock.lan').set('Sec-Fetch-Site', 'cross-site');
    expect(page.status).toBe(403);
  });

  it('is listed in the admin index', async () => {
    const res = await api(testServer()).get('/__admin').set('Host', '127.0.0.1:4010');
    expect(res.body.endpoints).toContainEqual(expect.objectContaining({ method: 'GET', path: '/__admin/live' }));
  });
});
