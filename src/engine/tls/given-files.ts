/**
 * A certificate and key of the user's own (`--tls-cert FILE --tls-key FILE`), used as given — the
 * chain in the file is sent as it is — after the checks that would otherwise surface as a TLS
 * error on the first connection, or a stack at start-up: each file is there and readable, holds
 * PEM of the right kind, and the key is the certificate's. Each failure is one line naming the file.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { TlsOptionError } from './errors.js';

function readText(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT'
        ? 'no such file'
        : e.code === 'EACCES'
          ? 'not readable (permission denied)'
          : e.code === 'EISDIR'
            ? 'is a folder, not a file'
            : (e.code ?? e.message);
    throw new TlsOptionError(`${option} ${file}: ${why}`);
  }
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export interface GivenCertificate {
  certChainPem: string;
  keyPem: string;
  /** The first certificate's names and expiry, for the banner. */
  subject: string;
  validTo: string;
}

/** The user's certificate and key, checked; throws TlsOptionError naming the file otherwise. */
export function givenCertificate(certFile: string, keyFile: string): GivenCertificate {
  const certText = readText('--tls-cert', certFile);
  const keyText = readText('--tls-key', keyFile);
  const certBlocks = [...certText.matchAll(PEM_BLOCK)].filter((m) => m[1] === 'CERTIFICATE').map((m) => m[0]);
  if (!certBlocks.length)
    throw new TlsOptionError(
      `--tls-cert ${certFile}: holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER or PKCS#12 file with openssl first`,
    );
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certBlocks[0]!);
    for (const block of certBlocks.slice(1)) new X509Certificate(block);
  } catch (err) {
    throw new TlsOptionError(`--tls-cert ${certFile}: a certificate in it cannot be read (${(err as Error).message})`);
  }
  const keyBlocks = [...keyText.matchAll(PEM_BLOCK)].filter((m) => /PRIVATE KEY$/.test(m[1]!));
  if (!keyBlocks.length)
    throw new TlsOptionError(`--tls-key ${keyFile}: holds no PEM private key (-----BEGIN PRIVATE KEY-----)`);
  if (keyBlocks[0]![1] === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(keyBlocks[0]![0]))
    throw new TlsOptionError(
      `--tls-key ${keyFile}: the key is encrypted; give it without a passphrase (openssl pkey -in FILE -out plain.pem)`,
    );
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlocks[0]![0]);
  } catch (err) {
    throw new TlsOptionError(`--tls-key ${keyFile}: the key cannot be read (${(err as Error).message})`);
  }
  if (!leaf.checkPrivateKey(key))
    throw new TlsOptionError(`--tls-key ${keyFile}: is not the key of the certificate in --tls-cert ${certFile}`);
  return { certChainPem: certText, keyPem: keyBlocks[0]![0], subject: leaf.subject, validTo: leaf.validTo };
}
