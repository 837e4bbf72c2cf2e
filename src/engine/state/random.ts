/**
 * Seeded randomness: every id, token and fake value the mock makes comes from a namespace's Rng,
 * so the same seed and the same requests give the same answers. A generator's 32-bit state walks a
 * single cycle of 2^32 steps, so no draw of a namespace starts from the same state twice in its life
 * (a reset starts a new generation with a new seed): a random id or token (Kazoo's 32-hex group ids,
 * every vendor's tokens) comes back only by a 128-bit coincidence, with no set of every id issued;
 * sequential ids keep a high-water mark in the state instead (docs/ids.md).
 */

/** A 32-bit FNV-1a hash, to turn names (api, namespace) and a seed into a generator seed. */
export function hashSeed(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** A version-4 style UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A seed for a child generator (json-schema-faker takes a number). */
  seed(): number {
    return Math.floor(this.next() * 2 ** 31);
  }
}
