/**
 * HTTPS beside HTTP through the real command (issue 27): a Node client that trusts ONLY the CA the
 * mock serves completes a Kazoo session over TLS (login, create a group, read it back); a wrong
 * host name is refused by that client, and so is a certificate the CA signs for a name outside its
 * constraints; `curl --cacert <(curl …/__admin/tls/ca.pem) https://localhost:…/__admin/health`
 * answers; a certificate and key of one's own are served as given; bad files stop the start with
 * one line naming the file (exit 2); two mocks starting together on one data directory share one
 * CA; the proxy listens on HTTPS and checks an HTTPS upstream's certificate.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { loginFor } from '../../src/contract/logins/index.js';
import type { WireRequest, WireResponse } from '../../src/contract/http.js';
import { issueCa, issueServer } from '../../src/engine/tls/issue.js';
import { certNames, certName } from '../../src/engine/tls/names.js';
import { runOnce, start, type RunningServer } from '../cli/run-cli.js';

const running: RunningServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    s.stop();
    await s.exited;
  }
});

const tmp = () => mkdtempSync(join(tmpdir(), 'groups-mock-https-'));

async function serveHttps(args: string[]): Promise<RunningServer & { https: string }> {
  const s = await start(['serve', '--port', '0', '--https-port', '0', '--log-level', 'silent', ...args]);
  running.push(s);
  const m = /^ {2}https: (https:\/\/\S+) /m.exec(s.output);
  expect(m, s.output).not.toBeNull();
  return Object.assign(s, { https: m![1]! });
}

interface Answer {
  status: number;
  text: string;
  json?: unknown;
  peer?: X509Certificate;
}

/** One HTTPS request trusting exactly `ca` (not Node's bundled CAs); rejects with the TLS error. */
function send(
  url: string,
  ca: string | undefined,
  opts: { method?: string; headers?: Record<string, string>; body?: string; servername?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options: RequestOptions = {
      method: opts.method ?? 'GET',
      headers: opts.headers,
      agent: false,
      ...(ca !== undefined ? { ca } : {}),
      ...(opts.servername ? { servername: opts.servername } : {}),
    };
    const req = request(url, options, (res) => {
      const peer = (res.socket as TLSSocket).getPeerX509Certificate();
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json, peer });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const caOf = async (base: string) => {
  const res = await fetch(`${base}/__admin/tls/ca.pem`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('serve --https-port', () => {
  it('a client trusting only the served CA completes a Kazoo session over HTTPS; without it, it is refused', async () => {
    const mock = await serveHttps(['--api', 'kazoo,bold', '--data-dir', tmp()]);
    const ca = await caOf(mock.base);
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(ca).not.toContain('PRIVATE KEY');
    expect(mock.output).toContain(`CA to trust: ${mock.base}/__admin/tls/ca.pem`);

    const kazoo = `${mock.https}/kazoo`;
    const target = {
      baseUrl: kazoo,
      headers: {},
      async send(r: WireRequest): Promise<WireResponse> {
        const a = await send(r.url, ca, { method: r.method, headers: r.headers, body: r.body });
        return { status: a.status, headers: {}, text: a.text, json: a.json, ms: 0 };
      },
    };
    const session = await loginFor('kazoo')!.login(target, {
      username: 'demo-admin',
      password: 'demo-password',
      account: 'demo',
    });
    const account = session.params!.ACCOUNT_ID!;
    const created = await send(`${kazoo}/v2/accounts/${account}/groups`, ca, {
      method: 'PUT',
      headers: { ...session.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { name: 'Over TLS', endpoints: {} } }),
    });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as { data: { id: string } }).data.id;
    const read = await send(`${kazoo}/v2/accounts/${account}/groups/${id}`, ca, { headers: session.headers });
    expect(read.status).toBe(200);
    expect((read.json as { data: { name: string } }).data.name).toBe('Over TLS');
    // The same state over HTTP: one app behind both ports.
    const overHttp = await fetch(`${mock.base}/kazoo/v2/accounts/${account}/groups/${id}`, {
      headers: session.headers,
    });
    expect(overHttp.status).toBe(200);
    // Admin plane and console over TLS too.
    expect((await send(`${mock.https}/__admin/health`, ca)).status).toBe(200);
    expect((await send(`${mock.https}/__admin/tls/ca.pem`, ca)).text).toBe(ca);

    // Node's own trust store does not know the mock's CA.
    await expect(send(`${mock.https}/__admin/health`, undefined)).rejects.toMatchObject({
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
  });

  it("a link the mock sends back to follow (MDM's next page) is https:// on the TLS port, http:// on the HTTP one", async () => {
    const mock = await serveHttps(['--api', 'mdm', '--data-dir', tmp()]);
    const ca = await caOf(mock.base);
    const auth = { Authorization: 'Zoho-oauthtoken demo-mdm-token' };
    const first = await send(`${mock.https}/mdm/api/v1/mdm/groups?limit=1`, ca, { headers: auth });
    expect(first.status, first.text).toBe(200);
    const next = (first.json as { paging: { next?: string } }).paging.next!;
    expect(next.startsWith(`${mock.https}/mdm/api/v1/mdm/groups?skip-token=`), next).toBe(true);
    expect((await send(next, ca, { headers: auth })).status).toBe(200);
    const plain = await fetch(`${mock.base}/mdm/api/v1/mdm/groups?limit=1`, { headers: auth });
    expect(((await plain.json()) as { paging: { next: string } }).paging.next.startsWith(`${mock.base}/mdm/`)).toBe(
      true,
    );
  });

  it('a wrong host name is refused by the client, and the CA cannot vouch for a name outside its constraints', async () => {
    const dataDir = tmp();
    const mock = await serveHttps(['--api', 'bold', '--data-dir', dataDir]);
    const ca = await caOf(mock.base);
    const port = new URL(mock.https).port;
    await expect(
      send(`https://127.0.0.1:${port}/__admin/health`, ca, {
        servername: 'evil.example',
        headers: { Host: 'evil.example' },
      }),
    ).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    // With the right names it passes: the refusal above is about the name.
    expect((await send(`https://localhost:${port}/__admin/health`, ca)).status).toBe(200);

    // Someone with the CA's key signs a certificate for evil.example: a client trusting the CA still refuses it.
    const caKey = readFileSync(join(dataDir, 'tls', 'ca-key.pem'), 'utf8');
    const rogue = await issueServer({ certPem: ca, keyPem: caKey }, [certName('evil.example'), certName('127.0.0.1')]);
    const permitted = await issueServer({ certPem: ca, keyPem: caKey }, [certName('127.0.0.1')]);
    for (const [cert, expected] of [
      [rogue, 'refused'],
      [permitted, 'accepted'],
    ] as const) {
      const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_q, r) => r.end('ok'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
      try {
        const outcome = await send(url, ca).then(
          () => 'accepted',
          // OpenSSL's X509_V_ERR_PERMITTED_VIOLATION, which Node reports without a code of its own.
          (err: NodeJS.ErrnoException) => (err.message === 'permitted subtree violation' ? 'refused' : err.message),
        );
        expect(outcome).toBe(expected);
      } finally {
        server.close();
      }
    }
  });

  it("the issue's curl line answers: curl --cacert <(curl -s …/__admin/tls/ca.pem) https://localhost:…/__admin/health", async () => {
    const curl = spawnSync('curl', ['--version']);
    if (curl.error) throw new Error('this test needs curl (install with: apt-get install -y curl)');
    const mock = await serveHttps(['--api', 'bold', '--data-dir', tmp()]);
    const port = new URL(mock.https).port;
    const run = spawnSync(
      'bash',
      ['-c', `curl -sS --cacert <(curl -s ${mock.base}/__admin/tls/ca.pem) https://localhost:${port}/__admin/health`],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok' });
  });

  it('a certificate and key of your own are served as given; the mock then has no CA to offer', async () => {
    const dir = tmp();
    const names = certNames('127.0.0.1');
    const theirCa = await issueCa(names);
    const theirs = await issueServer(theirCa, names);
    writeFileSync(join(dir, 'cert.pem'), theirs.certPem);
    writeFileSync(join(dir, 'key.pem'), theirs.keyPem);
    const mock = await serveHttps([
      '--api',
      'bold',
      '--tls-cert',
      join(dir, 'cert.pem'),
      '--tls-key',
      join(dir, 'key.pem'),
    ]);
    expect(mock.output).toContain(`your certificate ${join(dir, 'cert.pem')}`);
    const answer = await send(`${mock.https}/__admin/health`, theirCa.certPem);
    expect(answer.status).toBe(200);
    expect(answer.peer!.fingerprint256).toBe(new X509Certificate(theirs.certPem).fingerprint256);
    const noCa = await fetch(`${mock.base}/__admin/tls/ca.pem`);
    expect(noCa.status).toBe(404);
    expect((await noCa.json()).problems).toEqual(['the mock serves your certificate (--tls-cert): trust its issuer']);
  });

  it('bad files stop the start: exit 2, one line naming the file, no stack', async () => {
    const dir = tmp();
    const names = certNames('127.0.0.1');
    const ca = await issueCa(names);
    const server = await issueServer(ca, names);
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const text = join(dir, 'notes.txt');
    writeFileSync(cert, server.certPem);
    writeFileSync(key, ca.keyPem); // the CA's key: not the certificate's
    writeFileSync(text, 'not a certificate');
    const cases: Array<[string[], string]> = [
      [
        ['--tls-cert', join(dir, 'missing.pem'), '--tls-key', key],
        `--tls-cert ${join(dir, 'missing.pem')}: no such file`,
      ],
      [['--tls-cert', text, '--tls-key', key], `--tls-cert ${text}: holds no PEM certificate`],
      [
        ['--tls-cert', cert, '--tls-key', key],
        `--tls-key ${key}: is not the key of the certificate in --tls-cert ${cert}`,
      ],
      [['--tls-cert', cert], `--tls-cert ${cert} needs --tls-key`],
    ];
    for (const [args, message] of cases) {
      const run = await runOnce(['serve', '--port', '0', '--https-port', '0', ...args]);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      const first = run.stderr.split('\n')[0]!;
      expect(first.startsWith(`groups-mock: ${message}`), run.stderr).toBe(true);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    const stray = await runOnce(['serve', '--port', '0', '--tls-cert', cert]);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/^groups-mock: --tls-cert is for HTTPS: give --https-port N too/);
  });

  it('two mocks starting together on one data directory share one CA, and a restart reuses it', async () => {
    const dataDir = tmp();
    const [a, b] = await Promise.all([
      serveHttps(['--api', 'bold', '--data-dir', dataDir]),
      serveHttps(['--api', 'bold', '--data-dir', dataDir]),
    ]);
    const [caA, caB] = await Promise.all([caOf(a.base), caOf(b.base)]);
    expect(caA).toBe(caB);
    expect(readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8')).toBe(caA);
    expect([a.output, b.output].filter((o) => o.includes('made a local CA'))).toHaveLength(1);
    // Each serves a certificate the shared CA signed.
    for (const s of [a, b]) expect((await send(`${s.https}/__admin/health`, caA)).status).toBe(200);
    a.stop();
    await a.exited;
    const again = await serveHttps(['--api', 'bold', '--data-dir', dataDir]);
    expect(await caOf(again.base)).toBe(caA);
    expect(again.output).not.toContain('tls: made');
  });
});

describe('proxy over HTTPS', () => {
  it('listens on HTTPS and checks an HTTPS upstream: refused without its CA, passed with --upstream-ca or --insecure-upstream', async () => {
    const dataDir = tmp();
    const mock = await serveHttps(['--api', 'bold', '--data-dir', dataDir]);
    const ca = await caOf(mock.base);
    const caFile = join(dataDir, 'upstream-ca.pem');
    writeFileSync(caFile, ca);
    const proxy = async (args: string[]) => {
      const p = await start(['proxy', '--api', 'bold', '--upstream', `${mock.https}/bold`, '--port', '0', ...args]);
      running.push(p);
      return p;
    };
    const auth = { Authorization: 'Bearer demo-bold-admin-token' };
    const unchecked = await proxy([]);
    const refused = await fetch(`${unchecked.base}/bold/v1/device-groups`, { headers: auth });
    expect(refused.status).toBe(502);
    expect((await refused.json()).hint).toMatch(/--upstream-ca FILE/);

    const trusted = await proxy(['--upstream-ca', caFile, '--https-port', '0', '--data-dir', dataDir]);
    const httpsBase = /^ {2}https: (https:\/\/\S+) /m.exec(trusted.output)![1]!;
    const viaTls = await send(`${httpsBase}/bold/v1/device-groups`, ca, { headers: auth });
    expect(viaTls.status, viaTls.text).toBe(200);

    const insecure = await proxy(['--insecure-upstream']);
    expect((await fetch(`${insecure.base}/bold/v1/device-groups`, { headers: auth })).status).toBe(200);
  });
});
