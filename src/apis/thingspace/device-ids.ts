/**
 * ThingSpace device identifiers `{kind, id}`: the formats per kind (Create Device Group page; EID's
 * from the SDK, format inferred), case-insensitive kinds, and the order devices are listed in.
 */
import type { components } from '../../generated/thingspace.js';

export type DeviceId = components['schemas']['DeviceId'];
export type Kind = 'esn' | 'iccid' | 'imei' | 'mdn' | 'meid' | 'msisdn' | 'eid';

/**
 * Formats by kind. IMEI: "up to 16 digits" (an older page says 15); real IMEIs are 15 digits and
 * IMEISVs 16, so the mock takes exactly those two lengths.
 */
export const FORMATS: Record<Kind, { pattern: RegExp; text: string }> = {
  esn: { pattern: /^\d{11}$/, text: 'decimal, 11 digits' },
  iccid: { pattern: /^\d{1,20}$/, text: 'decimal, up to 20 digits' },
  imei: { pattern: /^\d{15,16}$/, text: 'decimal, 15 or 16 digits' },
  mdn: { pattern: /^\d{10}$/, text: 'decimal, 10 digits' },
  meid: { pattern: /^[0-9A-Fa-f]{14}$/, text: 'hexadecimal, 14 characters' },
  msisdn: { pattern: /^\d{11}$/, text: 'decimal, 11 digits' },
  eid: { pattern: /^\d{32}$/, text: 'decimal, 32 digits' },
};

export const KINDS = Object.keys(FORMATS) as Kind[];

/** The kind in the lower case the mock stores, or undefined for an unknown kind. */
export function kindOf(kind: unknown): Kind | undefined {
  const k = typeof kind === 'string' ? kind.toLowerCase() : '';
  return (KINDS as string[]).includes(k) ? (k as Kind) : undefined;
}

/** Whether `id` is well-formed for `kind` (any case). */
export function isValidId(kind: unknown, id: unknown): boolean {
  const k = kindOf(kind);
  return !!k && typeof id === 'string' && FORMATS[k].pattern.test(id);
}

/** `imei 990003420535537`, as error messages name a device. */
export const showId = (d: { kind?: unknown; id?: unknown }) => [d.kind, d.id].filter((x) => x !== undefined && x !== null).map(String).join(' ');

/** The identity of an identifier: lower-case kind, and a MEID's hex in upper case. */
export function idKey(d: { kind: string; id: string }): string {
  const k = d.kind.toLowerCase();
  return `${k}:${k === 'meid' ? d.id.toUpperCase() : d.id}`;
}

/** The number an identifier stands for (hexadecimal for a MEID), for "sorted by device ID". */
export function idValue(d: { kind: string; id: string }): bigint {
  try {
    return d.kind.toLowerCase() === 'meid' ? BigInt(`0x${d.id}`) : BigInt(d.id);
  } catch {
    return 0n;
  }
}

/** Smallest first, by the first identifier of each device; ties by the identifier's text. */
export function compareDevices(a: { deviceIds: DeviceId[] }, b: { deviceIds: DeviceId[] }): number {
  const x = a.deviceIds[0]!;
  const y = b.deviceIds[0]!;
  const dx = idValue(x);
  const dy = idValue(y);
  if (dx !== dy) return dx < dy ? -1 : 1;
  const kx = idKey(x);
  const ky = idKey(y);
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}
