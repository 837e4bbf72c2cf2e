/**
 * The names the mock's own certificate is for: loopback (`localhost`, `127.0.0.1`, `::1`), the
 * Android emulator's name for the host (`10.0.2.2`), the host the mock is bound to (when it is a
 * name or an address, not a wildcard) and any given with `--tls-names` (a phone on the LAN reaches
 * the machine by its LAN address or name). Each is a DNS name or an IP address; anything else is
 * refused before a certificate is made for it.
 */
import { isIP } from 'node:net';
import { TlsOptionError } from './errors.js';

export const BASE_NAMES = ['localhost', '127.0.0.1', '::1', '10.0.2.2'];

export interface CertName {
  type: 'dns' | 'ip';
  /** Lower-case DNS name, or the address in Node's canonical text. */
  value: string;
}

/** Whether `text` is a DNS name a certificate can carry (labels of letters, digits and hyphens; one leading `*.` allowed). */
function isDnsName(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.replace(/^\*\./, '').split('.');
  return labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
}

/** An address's 4 or 16 bytes. */
export function ipBytes(address: string): number[] {
  if (isIP(address) === 4) return address.split('.').map(Number);
  const [head, tail] = address.split('::') as [string, string | undefined];
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  // A dotted IPv4 tail (::ffff:1.2.3.4) is two groups.
  const expand = (g: string[]) =>
    g.flatMap((p) => {
      if (!p.includes('.')) return [p];
      const [a, b, c, d] = p.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const l = expand(left);
  const r = expand(right);
  const all = tail === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  return all.flatMap((p) => {
    const n = Number.parseInt(p, 16);
    return [(n >> 8) & 0xff, n & 0xff];
  });
}

/** One name as a certificate carries it; a bad one is refused naming it. */
export function certName(raw: string, where = '--tls-names'): CertName {
  const text = raw
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  const family = isIP(text);
  if (family === 4) return { type: 'ip', value: ipBytes(text).join('.') };
  if (family === 6) {
    if (text.includes('%'))
      throw new TlsOptionError(`${where}: "${raw}" has a zone (%…); certificates carry addresses without one`);
    // WHATWG URL parsing gives the canonical (compressed, lower-case) text of an IPv6 address.
    return { type: 'ip', value: new URL(`http://[${text}]/`).hostname.slice(1, -1) };
  }
  if (!isDnsName(text))
    throw new TlsOptionError(`${where}: "${raw.slice(0, 100)}" is neither a host name nor an IP address`);
  return { type: 'dns', value: text.replace(/\.$/, '') };
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** The names for a mock bound to `host`, with `extra` (`--tls-names`), each once, loopback first. */
export function certNames(host: string, extra: string[] = []): CertName[] {
  const out: CertName[] = [];
  const add = (n: CertName) => {
    if (!out.some((o) => o.type === n.type && o.value === n.value)) out.push(n);
  };
  for (const n of BASE_NAMES) add(certName(n));
  const bound = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (!WILDCARDS.has(bound)) add(certName(bound, '--host'));
  for (const n of extra) add(certName(n));
  return out;
}

export const nameKey = (n: CertName) => `${n.type}:${n.value}`;
