/**
 * The mock's own certificates, made with @peculiar/x509 over Node's WebCrypto (Node 20's crypto
 * reads certificates but cannot issue them): a local CA, name-constrained (RFC 5280 §4.2.1.10,
 * critical) to the mock's names so that trusting it cannot vouch for any other site, and a server
 * certificate it signs with those names as SANs, `serverAuth` and at most 825 days of validity (iOS
 * and macOS refuse a TLS server certificate valid for longer). ECDSA P-256 keys: every TLS stack
 * from Android 5 and iOS 9 on takes them.
 *
 * @example
 *   const ca = await issueCa(certNames('127.0.0.1'));
 *   const server = await issueServer(ca, certNames('127.0.0.1'));
 *   https.createServer({ cert: server.certPem + ca.certPem, key: server.keyPem }, app);
 */
import { webcrypto } from 'node:crypto';
import { hostname } from 'node:os';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  GeneralName as AsnGeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  NameConstraints,
  id_ce_nameConstraints,
} from '@peculiar/asn1-x509';
import { type CertName, ipBytes } from './names.js';
import { x509 } from './x509.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** The longest a TLS server certificate may be valid for iOS and macOS (Apple, since 2019). */
export const SERVER_DAYS = 825;
/** The CA lasts longer (mkcert's ten years): a phone keeps trusting it across server certificates. */
export const CA_DAYS = 3650;
/** Clocks of emulators and phones lag: a certificate is valid from an hour before it is made. */
const BACKDATE_MS = 3_600_000;

export interface Issued {
  certPem: string;
  keyPem: string;
}

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0]! &= 0x7f; // positive
  bytes[0]! |= 0x01; // and never a leading zero byte
  return Buffer.from(bytes).toString('hex');
}

/** PEM as files hold it: CRLF-free, one newline at the end. */
const pemText = (pem: string) => `${pem.replace(/\r\n/g, '\n').trimEnd()}\n`;

async function keyPemOf(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** The NameConstraints extension permitting exactly these names (an address as address/32 or /128). */
export function nameConstraintsExtension(names: CertName[]): x509.Extension {
  const subtrees = names.map((n) => {
    if (n.type === 'dns') return new GeneralSubtree({ base: new AsnGeneralName({ dNSName: n.value }) });
    const bytes = ipBytes(n.value);
    const cidr = bytes.length === 4 ? `${n.value}/32` : `${bytes.length === 16 ? fullIpv6(bytes) : n.value}/128`;
    return new GeneralSubtree({ base: new AsnGeneralName({ iPAddress: cidr }) });
  });
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }));
  return new x509.Extension(id_ce_nameConstraints, true, value);
}

/** `0:0:0:0:0:0:0:1`: the uncompressed form the ASN.1 library reads for sure. */
function fullIpv6(bytes: number[]): string {
  return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
}

/** The names a CA's NameConstraints permits (DNS names and addresses), or undefined if it has none. */
export function permittedNames(caPem: string): CertName[] | undefined {
  const cert = new x509.X509Certificate(caPem);
  const ext = cert.getExtension(id_ce_nameConstraints);
  if (!ext) return undefined;
  const nc = AsnConvert.parse(ext.value, NameConstraints);
  const out: CertName[] = [];
  for (const subtree of nc.permittedSubtrees ?? []) {
    const base = subtree.base;
    if (base.dNSName !== undefined) out.push({ type: 'dns', value: base.dNSName.toLowerCase() });
    else if (base.iPAddress !== undefined) {
      const [addr] = base.iPAddress.split('/');
      out.push({ type: 'ip', value: addr!.includes(':') ? new URL(`http://[${addr}]/`).hostname.slice(1, -1) : addr! });
    }
  }
  return out;
}

/** The DNS names and addresses of a certificate's SubjectAltName. */
export function sanNames(certPem: string): CertName[] {
  const cert = new x509.X509Certificate(certPem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san) return [];
  return san.names.items.flatMap((n): CertName[] =>
    n.type === 'dns'
      ? [{ type: 'dns', value: n.value.toLowerCase() }]
      : n.type === 'ip'
        ? [
            {
              type: 'ip',
              value: n.value.includes(':') ? new URL(`http://[${n.value}]/`).hostname.slice(1, -1) : n.value,
            },
          ]
        : [],
  );
}

/** A new local CA for these names. */
export async function issueCa(names: CertName[], now = Date.now()): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now - BACKDATE_MS);
  // A name that tells one machine's CA from another's in a trust store's list.
  const id = serial().slice(0, 8);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=groups-mock local CA ${id} (${hostname()
      .slice(0, 40)
      .replace(/[,+="\\<>;#]/g, '-')}), O=groups-mock (development only)`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + CA_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      nameConstraintsExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: pemText(cert.toString('pem')), keyPem: pemText(await keyPemOf(keys.privateKey)) };
}

/** A server certificate for these names, signed by the CA. */
export async function issueServer(ca: Issued, names: CertName[], now = Date.now()): Promise<Issued> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(ca.keyPem)[0]!, ALG, false, [
    'sign',
  ]);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now - BACKDATE_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    // A name the CA permits: OpenSSL checks a host-like CN against the constraints too.
    subject: 'CN=localhost, O=groups-mock (development only)',
    issuer: caCert.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + SERVER_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    signingKey: caKey,
    publicKey: keys.publicKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: n.type, value: n.value }))),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: pemText(cert.toString('pem')), keyPem: pemText(await keyPemOf(keys.privateKey)) };
}
