/**
 * The HTTPS options before any socket: the user's certificate and key checked with one line naming
 * the file for each way they can be wrong, the data directory's default per platform (never the
 * package or the working folder), the CA route (public, GET only, a 404 that says why without a
 * CA), and the option combinations `serve` and `proxy` refuse as usage errors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { httpsOptionsOf, tlsFor } from '../../src/cli/tls.js';
import { ENV_PREFIX, resolveFlags, UsageError } from '../../src/cli/flags.js';
import { PROXY_FLAGS } from '../../src/cli/proxy.js';
import { givenCertificate } from '../../src/engine/tls/given-files.js';
import { defaultDataDir, withCaRoute } from '../../src/engine/tls/index.js';
import { issueCa, issueServer } from '../../src/engine/tls/issue.js';
import { certNames } from '../../src/engine/tls/names.js';

const dir = mkdtempSync(join(tmpdir(), 'groups-mock-tls-opts-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('--tls-cert and --tls-key', async () => {
  const names = certNames('127.0.0.1');
  const ca = await issueCa(names);
  const server = await issueServer(ca, names);
  const cert = file('cert.pem', server.certPem + ca.certPem);
  const key = file('key.pem', server.keyPem);

  it('a matching pair is used as given: the whole chain of the file, the key', () => {
    const given = givenCertificate(cert, key);
    expect(given.certChainPem).toBe(server.certPem + ca.certPem);
    expect(given.keyPem.trim()).toBe(server.keyPem.trim());
    expect(given.subject).toContain('CN=localhost');
  });

  it('each bad file is one line naming it', () => {
    const missing = join(dir, 'nope.pem');
    expect(() => givenCertificate(missing, key)).toThrow(`--tls-cert ${missing}: no such file`);
    expect(() => givenCertificate(cert, missing)).toThrow(`--tls-key ${missing}: no such file`);
    const text = file('notes.txt', 'hello');
    expect(() => givenCertificate(text, key)).toThrow(`--tls-cert ${text}: holds no PEM certificate`);
    expect(() => givenCertificate(cert, text)).toThrow(`--tls-key ${text}: holds no PEM private key`);
    expect(() => givenCertificate(key, key)).toThrow(`--tls-cert ${key}: holds no PEM certificate`);
    const broken = file('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(() => givenCertificate(broken, key)).toThrow(
      new RegExp(`^--tls-cert ${broken}: a certificate in it cannot be read`),
    );
    const otherKey = file('other-key.pem', ca.keyPem);
    expect(() => givenCertificate(cert, otherKey)).toThrow(
      `--tls-key ${otherKey}: is not the key of the certificate in --tls-cert ${cert}`,
    );
    expect(() => givenCertificate(dir, key)).toThrow(`--tls-cert ${dir}: is a folder, not a file`);
    for (const attempt of [() => givenCertificate(missing, key), () => givenCertificate(cert, otherKey)]) {
      try {
        attempt();
      } catch (err) {
        expect((err as Error).message).not.toContain('\n');
      }
    }
  });

  it('as usage errors through the command (exit 2): a bad file, one of the pair alone, TLS options without --https-port', async () => {
    const missing = join(dir, 'nope.pem');
    await expect(tlsFor({ httpsPort: 0, tlsCert: missing, tlsKey: key }, '127.0.0.1', {})).rejects.toThrow(UsageError);
    await expect(tlsFor({ httpsPort: 0, tlsCert: cert }, '127.0.0.1', {})).rejects.toThrow(
      `--tls-cert ${cert} needs --tls-key (its private key)`,
    );
    await expect(
      tlsFor({ httpsPort: 0, tlsCert: cert, tlsKey: key, tlsNames: ['a.lan'] }, '127.0.0.1', {}),
    ).rejects.toThrow(/--tls-names is for the certificate the mock makes/);
    await expect(tlsFor({ httpsPort: 0, tlsNames: ['bad name'] }, '127.0.0.1', {})).rejects.toThrow(
      '--tls-names: "bad name" is neither a host name nor an IP address',
    );
    expect(() => httpsOptionsOf({ 'tls-cert': cert }, 4010)).toThrow(
      '--tls-cert is for HTTPS: give --https-port N too',
    );
    expect(() => httpsOptionsOf({ 'https-port': 4010 }, 4010)).toThrow('--https-port 4010 is the HTTP port too');
    expect(httpsOptionsOf({}, 4010)).toBeUndefined();
    expect(httpsOptionsOf({ 'https-port': 4443, 'data-dir': dir }, 4010)).toMatchObject({
      httpsPort: 4443,
      dataDir: dir,
    });
  });
});

describe('where the HTTPS options come from', () => {
  it('flag, GROUPS_MOCK_* variable, config key (camel case) — for serve and, with its own prefix, the proxy', () => {
    expect(resolveFlags(['--https-port', '4443', '--tls-names', 'a.lan,10.0.3.2'], {})).toMatchObject({
      'https-port': 4443,
      'tls-names': ['a.lan', '10.0.3.2'],
    });
    expect(resolveFlags([], { GROUPS_MOCK_HTTPS_PORT: '4443', GROUPS_MOCK_DATA_DIR: dir })).toMatchObject({
      'https-port': 4443,
      'data-dir': dir,
    });
    const config = file('groups-mock.json', JSON.stringify({ httpsPort: 4443, tlsCert: 'c.pem', tlsKey: 'k.pem' }));
    expect(resolveFlags(['--config', config], {})).toMatchObject({
      'https-port': 4443,
      'tls-cert': 'c.pem',
      'tls-key': 'k.pem',
    });
    expect(() => resolveFlags(['--https-port', '70000'], {})).toThrow(
      '--https-port must be an integer ≥ 0 and ≤ 65535',
    );
    const proxy = resolveFlags(
      ['--insecure-upstream'],
      { GROUPS_MOCK_PROXY_HTTPS_PORT: '4444', GROUPS_MOCK_PROXY_UPSTREAM_CA: 'ca.pem' },
      PROXY_FLAGS,
      ENV_PREFIX.proxy,
    );
    expect(proxy).toMatchObject({ 'https-port': 4444, 'upstream-ca': 'ca.pem', 'insecure-upstream': true });
  });
});

describe('the data directory by default', () => {
  it("is under the user's data home on each platform, never the working folder", () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/ann' }, 'linux', '/home/ann')).toBe('/data/ann/groups-mock');
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.local/share/groups-mock');
    // A relative XDG_DATA_HOME is invalid (XDG base directory spec) and would land in the working folder.
    expect(defaultDataDir({ XDG_DATA_HOME: 'data' }, 'linux', '/home/ann')).toBe('/home/ann/.local/share/groups-mock');
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/groups-mock');
    expect(defaultDataDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Local\\groups-mock',
    );
    expect(defaultDataDir({}, 'linux')).not.toContain(process.cwd() === '/' ? '\0' : process.cwd());
  });
});

describe('GET /__admin/tls/ca.pem', async () => {
  const ca = await issueCa(certNames('127.0.0.1'));
  const behind = (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(418).end('behind');

  it('serves the CA as PEM (and ca.crt as DER), without a token; other paths go on to the app', async () => {
    const handler = withCaRoute(behind, ca.certPem);
    const pem = await request(handler).get('/__admin/tls/ca.pem');
    expect(pem.status).toBe(200);
    expect(pem.headers['content-type']).toBe('application/x-pem-file');
    expect(pem.text).toBe(ca.certPem);
    expect(pem.text).not.toContain('PRIVATE KEY');
    const der = await request(handler).get('/__admin/tls/ca.crt').buffer(true);
    expect(der.status).toBe(200);
    expect(der.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(Number(der.headers['content-length'])).toBeGreaterThan(300);
    const head = await request(handler).head('/__admin/tls/ca.pem?x=1');
    expect(head.status).toBe(200);
    expect((await request(handler).get('/__admin/health')).status).toBe(418);
    const post = await request(handler).post('/__admin/tls/ca.pem');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('without a CA of the mock: 404 in the admin envelope, saying why', async () => {
    const off = await request(withCaRoute(behind, undefined)).get('/__admin/tls/ca.pem');
    expect(off.status).toBe(404);
    expect(off.body).toEqual({
      error: 'this mock has no CA of its own',
      problems: ['start it with --https-port N: it then makes a local CA and serves it here'],
    });
    const own = await request(withCaRoute(behind, undefined, 'yours')).get('/__admin/tls/ca.pem');
    expect(own.body.problems).toEqual(['yours']);
  });
});
