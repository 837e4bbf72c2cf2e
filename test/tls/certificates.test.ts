/**
 * The mock's own certificates (src/engine/tls/), without a TLS handshake (that is the system tier's
 * https.system.test.ts): the CA is name-constrained (critical) to exactly the mock's names, the
 * server certificate carries them as SANs with serverAuth and at most 825 days; both live in the
 * data directory with 0600 keys, are reused across runs, are remade when the names grow (and said
 * so), and two creators at once end with one CA.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueCa, issueServer, permittedNames, sanNames, SERVER_DAYS } from '../../src/engine/tls/issue.js';
import { certName, certNames } from '../../src/engine/tls/names.js';
import { localCertificates } from '../../src/engine/tls/store.js';
import { x509 } from '../../src/engine/tls/x509.js';

const DAY_MS = 86_400_000;
const tmp = () => mkdtempSync(join(tmpdir(), 'groups-mock-tls-'));
const values = (names: Array<{ value: string }>) => names.map((n) => n.value);

describe('the certificates the mock makes', () => {
  it('a CA name-constrained (critical) to exactly the names, a server certificate with those SANs, serverAuth, ≤ 825 days', async () => {
    const names = certNames('127.0.0.1', ['phone.lan', '192.168.1.20']);
    expect(values(names)).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2', 'phone.lan', '192.168.1.20']);
    const ca = await issueCa(names);
    const server = await issueServer(ca, names);

    const caCert = new x509.X509Certificate(ca.certPem);
    const nc = caCert.getExtension('2.5.29.30');
    expect(nc, 'NameConstraints extension').not.toBeNull();
    expect(nc!.critical).toBe(true);
    expect(permittedNames(ca.certPem)).toEqual(names);
    const basic = caCert.getExtension(x509.BasicConstraintsExtension)!;
    expect([basic.ca, basic.pathLength, basic.critical]).toEqual([true, 0, true]);

    const leaf = new x509.X509Certificate(server.certPem);
    expect(sanNames(server.certPem)).toEqual(names);
    const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension)!;
    expect(eku.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(leaf.getExtension(x509.BasicConstraintsExtension)!.ca).toBe(false);
    const days = (leaf.notAfter.getTime() - leaf.notBefore.getTime()) / DAY_MS;
    expect(days).toBeLessThanOrEqual(825);
    expect(days).toBe(SERVER_DAYS);
    expect(leaf.notBefore.getTime()).toBeLessThanOrEqual(Date.now());

    // Node's own X.509 reads them the same way: the CA signed the leaf, the key is the leaf's.
    const nodeLeaf = new X509Certificate(server.certPem);
    const nodeCa = new X509Certificate(ca.certPem);
    expect(nodeLeaf.checkIssued(nodeCa) && nodeLeaf.verify(nodeCa.publicKey)).toBe(true);
    expect(nodeLeaf.checkPrivateKey(createPrivateKey(server.keyPem))).toBe(true);
    expect(nodeCa.ca).toBe(true);
    expect(nodeLeaf.checkHost('localhost')).toBe('localhost');
    expect(nodeLeaf.checkIP('::1')).toBe('::1');
    expect(nodeLeaf.checkIP('10.0.2.2')).toBe('10.0.2.2');
    expect(nodeLeaf.checkHost('evil.example')).toBeUndefined();
  });

  it('names: the bound host joins (not a wildcard), each once; a bad name is refused naming it', () => {
    expect(values(certNames('0.0.0.0'))).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2']);
    expect(values(certNames('devbox.lan', ['LOCALHOST', '[0:0::1]', 'devbox.lan']))).toEqual([
      'localhost',
      '127.0.0.1',
      '::1',
      '10.0.2.2',
      'devbox.lan',
    ]);
    expect(() => certName('not a name!')).toThrow(
      '--tls-names: "not a name!" is neither a host name nor an IP address',
    );
    expect(() => certName('fe80::1%eth0')).toThrow(/has a zone/);
  });
});

describe('the data directory', () => {
  it('keys are 0600 in a 0700 folder, and a second run reuses the same CA and certificate', async () => {
    const dir = tmp();
    const names = certNames('127.0.0.1');
    const first = await localCertificates(dir, names);
    expect(first.notes).toEqual([
      expect.stringMatching(/^made a local CA for localhost, 127\.0\.0\.1, ::1, 10\.0\.2\.2/),
    ]);
    if (process.platform !== 'win32') {
      expect(statSync(first.files.caKey).mode & 0o777).toBe(0o600);
      expect(statSync(first.files.key).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    }
    expect(readFileSync(first.files.ca, 'utf8')).toBe(first.caPem);
    const again = await localCertificates(dir, names);
    expect(again.notes).toEqual([]);
    expect(again.caPem).toBe(first.caPem);
    expect(again.certChainPem).toBe(first.certChainPem);
    // The chain sent: the server certificate, then the CA.
    expect(first.certChainPem.endsWith(first.caPem)).toBe(true);
  });

  it('new names: the CA is remade for the old and new names (and said so), then reused', async () => {
    const dir = tmp();
    const first = await localCertificates(dir, certNames('127.0.0.1'));
    const grown = await localCertificates(dir, certNames('127.0.0.1', ['phone.lan']));
    expect(grown.caPem).not.toBe(first.caPem);
    expect(grown.notes).toEqual([
      expect.stringMatching(
        /^made a new local CA for .*phone\.lan.* because its name constraints did not cover phone\.lan: trust the new one/,
      ),
    ]);
    expect(values(permittedNames(grown.caPem)!)).toContain('phone.lan');
    expect(values(sanNames(grown.certChainPem))).toContain('phone.lan');
    // Fewer names later: the grown CA covers them, nothing is remade.
    const fewer = await localCertificates(dir, certNames('127.0.0.1'));
    expect(fewer.notes).toEqual([]);
    expect(fewer.caPem).toBe(grown.caPem);
  });

  it('a server certificate that is broken or expiring is remade under the same CA', async () => {
    const dir = tmp();
    const names = certNames('127.0.0.1');
    const first = await localCertificates(dir, names);
    writeFileSync(first.files.key, (await issueCa(names)).keyPem); // another key: no longer the certificate's
    const fixed = await localCertificates(dir, names);
    expect(fixed.caPem).toBe(first.caPem);
    expect(fixed.notes).toEqual([
      expect.stringMatching(
        /^made a new server certificate .* because its files were unreadable or its key did not match it/,
      ),
    ]);
    // 800 days on, the 825-day certificate is within 30 days of its end.
    const later = await localCertificates(dir, names, Date.now() + 800 * DAY_MS);
    expect(later.caPem).toBe(first.caPem);
    expect(later.notes).toEqual([expect.stringMatching(/because it was about to expire$/)]);
  });

  it('two creators at once end with one CA, and both serve a certificate it signed', async () => {
    const dir = tmp();
    const names = certNames('127.0.0.1');
    const [a, b] = await Promise.all([localCertificates(dir, names), localCertificates(dir, names)]);
    expect(a.caPem).toBe(b.caPem);
    expect(a.certChainPem).toBe(b.certChainPem);
    expect([...a.notes, ...b.notes].filter((n) => n.startsWith('made a local CA'))).toHaveLength(1);
    expect(readFileSync(join(dir, 'tls', 'ca.pem'), 'utf8')).toBe(a.caPem);
  });
});
