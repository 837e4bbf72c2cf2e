/**
 * ThingSpace device identifiers `{kind, id}`: the formats per kind (Create Device Group page; EID's
 * from the SDK, format inferred) and case-insensitive kinds. Listings are ordered by the devices'
 * internal device IDs (`StoredDevice.internalId`), not by these identifiers.
 */
import type { components } from '../../generated/thingspace.js';

export type DeviceId = components['schemas']['DeviceId'];
export type Kind = 'esn' | 'iccid' | 'imei' | 'mdn' | 'meid' | 'msisdn' | 'eid';

/**
 * Formats by kind, as the Create Device Group page words them: "up to" N digits takes 1 to N, a bare
 * count exactly N. IMEI: "up to 16 digits" (an older page says 15; real IMEIs have 15 and IMEISVs 16,
 * but the mock follows the documented bound). EID: 32 digits (inferred; the SDK only names the kind).
 */
export const FORMATS: Record<Kind, { pattern: RegExp; text: string }> = {
  esn: { pattern: /^\d{11}$/, text: 'decimal, 11 digits' },
  iccid: { pattern: /^\d{1,20}$/, text: 'decimal, up to 20 digits' },
  imei: { pattern: /^\d{1,16}$/, text: 'decimal, up to 16 digits' },
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
export const showId = (d: { kind?: unknown; id?: unknown }) =>
  [d.kind, d.id]
    .filter((x) => x !== undefined && x !== null)
    .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
    .map((x) => (x.length > 120 ? `${x.slice(0, 120)}…` : x))
    .join(' ');

/** The identity of an identifier: lower-case kind, and a MEID's hex in upper case. */
export function idKey(d: { kind: string; id: string }): string {
  const k = d.kind.toLowerCase();
  return `${k}:${k === 'meid' ? d.id.toUpperCase() : d.id}`;
}
