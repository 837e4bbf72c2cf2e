/**
 * The control plane's guard (issue 14, defect 9): DNS rebinding (Host), cross-site browser requests
 * (Origin, Sec-Fetch-Site, non-JSON bodies) and the admin token required beyond loopback. The vendor
 * APIs are not guarded: SDKs and browser clients reach them from anywhere.
 */
import { describe, expect, it } from 'vitest';
import { hostName, isLoopbackHost } from '../../../src/engine/admin/guard.js';
import { api, moduleNamed, testServer } from '../../helpers.js';

const kazooOnly = (admin = {}) => testServer({ apis: [moduleNamed('kazoo')], admin });

describe('admin guard: Host', () => {
  it('answers for loopback names and refuses another Host (a rebound DNS name) in the admin envelope', async () => {
    const server = kazooOnly();
    for (const host of ['127.0.0.1:4010', 'localhost:4010', '[::1]:4010', 'localhost']) {
      expect((await api(server).get('/__admin/health').set('Host', host)).status, host).toBe(200);
    }
    const res = await api(server).post('/__admin/reset').set('Host', 'evil.example:4010');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: 'the admin API does not answer for host "evil.example"',
      problems: [expect.stringContaining('--allowed-hosts')],
    });
  });

  it('the vendor APIs answer whatever the Host', async () => {
    const server = kazooOnly();
    const res = await api(server).put('/kazoo/v2/user_auth').set('Host', 'mock.internal').send({});
    expect(res.status).toBe(400);
  });

  it('allowedHosts, the bound name and IP addresses pass; "*" passes any', async () => {
    const server = kazooOnly({ allowedHosts: ['mock.ci.internal'], boundHost: 'mock.lan' });
    expect((await api(server).get('/__admin/health').set('Host', 'mock.ci.internal:4010')).status).toBe(200);
    expect((await api(server).get('/__admin/health').set('Host', 'mock.lan:4010')).status).toBe(200);
    // DNS rebinding needs a name: an IP address (of the machine, as on a LAN) always passes.
    expect((await api(server).get('/__admin/health').set('Host', '10.1.2.3:4010')).status).toBe(200);
    expect((await api(server).get('/__admin/health').set('Host', '[fd00::1]:4010')).status).toBe(200);
    expect((await api(server).get('/__admin/health').set('Host', 'other.internal')).status).toBe(403);
    const open = kazooOnly({ allowedHosts: ['*'] });
    expect((await api(open).get('/__admin/health').set('Host', 'other.internal')).status).toBe(200);
  });
});

describe('admin guard: cross-site browsers', () => {
  it('a page elsewhere cannot reset the mock (Origin of another host, Sec-Fetch-Site: cross-site, Origin null)', async () => {
    const server = kazooOnly();
    for (const [h, v] of [
      ['Origin', 'https://evil.example'],
      ['Sec-Fetch-Site', 'cross-site'],
      ['Origin', 'null'],
    ] as const) {
      const res = await api(server).post('/__admin/reset').set(h, v);
      expect(res.status, `${h}: ${v}`).toBe(403);
      expect(res.body.error).toBe('the admin API refuses cross-site browser requests');
    }
  });

  it('a page on another loopback port (a dev server) may call it', async () => {
    const server = kazooOnly();
    const res = await api(server)
      .post('/__admin/reset')
      .set('Origin', 'http://localhost:3000')
      .set('Sec-Fetch-Site', 'same-site');
    expect(res.status).toBe(200);
  });

  it('a body that is not JSON (what a form can post without a preflight) is 415', async () => {
    const server = kazooOnly();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await api(server)
        .post('/__admin/faults')
        .set('Content-Type', type)
        .send('{"api":"kazoo","action":{"respond":{"status":500}}}');
      expect(res.status, type).toBe(415);
      expect(res.body.problems).toEqual(['send Content-Type: application/json']);
    }
    expect((await api(server).get('/__admin/faults')).body.faults).toEqual([]);
  });
});

describe('admin guard: the token', () => {
  it('with a token set, every admin call needs it (Bearer or X-Admin-Token); a wrong one is 401 and changes nothing', async () => {
    const server = kazooOnly({ token: 's3cret-admin' });
    const none = await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', action: { respond: { status: 500 } } });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body.error).toBe('the admin API needs its token');
    expect((await api(server).get('/__admin/health').set('Authorization', 'Bearer wrong')).status).toBe(401);
    expect((await api(server).get('/__admin/faults').set('Authorization', 'Bearer s3cret-admin')).body.faults).toEqual(
      [],
    );
    expect((await api(server).get('/__admin/health').set('X-Admin-Token', 's3cret-admin')).status).toBe(200);
  });

  it('the token is never in the journal', async () => {
    const server = kazooOnly({ token: 's3cret-admin' });
    await api(server).get('/kazoo/v2/accounts').set('X-Admin-Token', 's3cret-admin');
    const journal = await api(server).get('/__admin/requests').set('X-Admin-Token', 's3cret-admin');
    expect(journal.status).toBe(200);
    expect(JSON.stringify(journal.body)).not.toContain('s3cret-admin');
  });
});

describe('admin guard: deep JSON', () => {
  it('a state import nested 2,500 levels deep is a 400 naming the depth', async () => {
    const server = kazooOnly();
    const res = await api(server)
      .put('/__admin/state/kazoo')
      .type('json')
      .send(`{"accounts":${'['.repeat(2500)}${']'.repeat(2500)}}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/nested deeper than 256 levels/);
  });
});

describe('host names', () => {
  it.each([
    ['127.0.0.1:4010', '127.0.0.1', true],
    ['[::1]:4010', '::1', true],
    ['LOCALHOST', 'localhost', true],
    ['app.localhost:80', 'app.localhost', true],
    ['10.0.0.1:4010', '10.0.0.1', false],
    ['127.0.0.1.evil.example', '127.0.0.1.evil.example', false],
  ])('%s → %s (loopback: %s)', (header, name, loopback) => {
    expect(hostName(header)).toBe(name);
    expect(isLoopbackHost(hostName(header))).toBe(loopback);
  });
});
