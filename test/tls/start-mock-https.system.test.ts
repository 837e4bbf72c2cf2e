/**
 * `startMock({ httpsPort })` (the programmatic API) serves HTTPS beside HTTP as `serve --https-port`
 * does: `httpsUrl` answers a client that trusts only `caPem`, and `close()` stops both ports.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';

const get = (url: string, ca: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });

describe('startMock with httpsPort', () => {
  it('serves the same mock over TLS, trusted through caPem; close() stops both ports', async () => {
    const mock = await startMock({
      api: ['bold'],
      httpsPort: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'groups-mock-sm-')),
    });
    try {
      expect(mock.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(mock.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const health = await get(`${mock.httpsUrl}/__admin/health`, mock.caPem!);
      expect(health.status).toBe(200);
      const served = await fetch(`${mock.baseUrl}/__admin/tls/ca.pem`);
      expect(await served.text()).toBe(mock.caPem);
    } finally {
      await mock.close();
    }
    await expect(get(`${mock.httpsUrl}/__admin/health`, mock.caPem!)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a bad option is refused with the message serve would print', async () => {
    await expect(
      startMock({ httpsPort: 0, tlsCert: '/nonexistent/cert.pem', tlsKey: '/nonexistent/key.pem' }),
    ).rejects.toThrow('--tls-cert /nonexistent/cert.pem: no such file');
    await expect(startMock({ tlsNames: ['a.lan'] })).rejects.toThrow(
      '--tls-names is for HTTPS: give --https-port N too',
    );
  });
});
