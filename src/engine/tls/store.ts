/**
 * The mock's own CA and server certificate in the data directory (`<dataDir>/tls/`), made once and
 * reused: a phone or an emulator trusts the CA once, and every later run (and every parallel test
 * worker) serves a certificate it signed. Created atomically under a lock directory (`mkdir` is
 * atomic), each file written to a temporary name and renamed into place, so that two workers
 * starting together end with one CA. Key files are 0600 in a 0700 folder and never served.
 *
 * Reused while it fits; otherwise made anew, and said so (`notes`):
 * - the server certificate when a wanted name is missing from it, it expires within 30 days, its
 *   key does not match it, or another CA signed it;
 * - the CA when its constraints do not cover a wanted name (its names grow: the new CA permits the
 *   old names and the new ones, so each growth happens once), it expires within 30 days, or its
 *   files are missing or broken.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCa, issueServer, permittedNames, sanNames, type Issued } from './issue.js';
import { nameKey, type CertName } from './names.js';

const RENEW_BEFORE_MS = 30 * 86_400_000;
/** A lock older than this was left by a process that died while holding it. */
const STALE_LOCK_MS = 60_000;

export interface LocalCertificates {
  /** The CA to trust (PEM). */
  caPem: string;
  /** The server certificate (PEM), then the CA: the chain the server sends. */
  certChainPem: string;
  keyPem: string;
  /** Where the files are. */
  files: { ca: string; caKey: string; cert: string; key: string };
  /** What was made anew, and why, for the banner. Empty when everything was reused. */
  notes: string[];
}

export const tlsFolder = (dataDir: string) => join(dataDir, 'tls');

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes a file whole or not at all: a reader (under the lock or not) never sees half of it. */
function writeAtomic(path: string, text: string, mode: number): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode); // the umask may have taken bits away; never added any
  renameSync(tmp, path);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmdirSync(lock);
      } catch {
        // Gone meanwhile: try again.
      }
      if (attempt > 2000) throw new Error(`${lock} stays locked; remove it if no groups-mock is starting`);
      await sleep(Math.min(10 + attempt * 5, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(lock);
  }
}

const covers = (have: CertName[], want: CertName[]) => {
  const keys = new Set(have.map(nameKey));
  return want.every((n) => keys.has(nameKey(n)));
};
const shown = (names: CertName[]) => names.map((n) => n.value).join(', ');

function keyMatches(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** Why a stored CA cannot serve these names now, or undefined when it can. */
function caProblem(ca: Issued | undefined, want: CertName[], now: number): string | undefined {
  if (!ca) return 'there was none';
  if (!keyMatches(ca.certPem, ca.keyPem)) return 'its files were unreadable or its key did not match it';
  const permitted = permittedNames(ca.certPem) ?? [];
  const missing = want.filter((n) => !covers(permitted, [n]));
  if (missing.length) return `its name constraints did not cover ${shown(missing)}`;
  if (Date.parse(new X509Certificate(ca.certPem).validTo) - now < RENEW_BEFORE_MS) return 'it was about to expire';
  return undefined;
}

function serverProblem(server: Issued | undefined, ca: Issued, want: CertName[], now: number): string | undefined {
  if (!server) return 'there was none';
  if (!keyMatches(server.certPem, server.keyPem)) return 'its files were unreadable or its key did not match it';
  const cert = new X509Certificate(server.certPem);
  if (!cert.checkIssued(new X509Certificate(ca.certPem)) || !cert.verify(new X509Certificate(ca.certPem).publicKey))
    return 'another CA had signed it';
  const missing = want.filter((n) => !covers(sanNames(server.certPem), [n]));
  if (missing.length) return `it was not for ${shown(missing)}`;
  if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return 'it was about to expire';
  return undefined;
}

/** The CA and server certificate for these names, from `<dataDir>/tls/` or made there. */
export async function localCertificates(
  dataDir: string,
  want: CertName[],
  now = Date.now(),
): Promise<LocalCertificates> {
  const dir = tlsFolder(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
  };
  return withLock(dir, async () => {
    const notes: string[] = [];
    const pair = (cert: string, key: string): Issued | undefined => {
      const c = read(cert);
      const k = read(key);
      return c !== undefined && k !== undefined ? { certPem: c, keyPem: k } : undefined;
    };
    let ca = pair(files.ca, files.caKey);
    const whyCa = caProblem(ca, want, now);
    let server = pair(files.cert, files.key);
    if (whyCa) {
      // The old names stay permitted: a CA is remade once per new name, not once per run.
      let old: CertName[] = [];
      try {
        old = (ca && permittedNames(ca.certPem)) ?? [];
      } catch {
        // An unreadable CA has no names to keep.
      }
      const names = [...want, ...old.filter((n) => !covers(want, [n]))];
      ca = await issueCa(names, now);
      writeAtomic(files.caKey, ca.keyPem, 0o600);
      writeAtomic(files.ca, ca.certPem, 0o644);
      notes.push(
        whyCa === 'there was none'
          ? `made a local CA for ${shown(names)} (${files.ca})`
          : `made a new local CA for ${shown(names)} because ${whyCa}: trust the new one (${files.ca}) where the old one was trusted`,
      );
      server = undefined;
    }
    const whyServer = server ? serverProblem(server, ca!, want, now) : undefined;
    if (!server || whyServer) {
      // For every name the CA permits: the certificate then fits any run this CA fits.
      const names = permittedNames(ca!.certPem) ?? want;
      server = await issueServer(ca!, names, now);
      writeAtomic(files.key, server.keyPem, 0o600);
      writeAtomic(files.cert, server.certPem, 0o644);
      if (whyServer) notes.push(`made a new server certificate for ${shown(names)} because ${whyServer}`);
    }
    // Key files loosened by hand (a copy, a restore) are closed again.
    for (const key of [files.caKey, files.key]) if ((statSync(key).mode & 0o077) !== 0) chmodSync(key, 0o600);
    return {
      caPem: ca!.certPem,
      certChainPem: `${server.certPem.trimEnd()}\n${ca!.certPem.trimEnd()}\n`,
      keyPem: server.keyPem,
      files,
      notes,
    };
  });
}
