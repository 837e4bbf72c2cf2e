/**
 * Bold's objects as the API writes them, from the state: a group (times in its organization's time
 * zone, fields without a value left out, as the docs' examples do) and a device (its organization's
 * name and the groups it is in, derived so that they are always true to the state).
 */
import { isoInZone, isoUtc, own } from '../../engine/kit/index.js';
import type { components } from '../../generated/bold.js';
import type { BoldState, StoredDevice, StoredGroup } from './state.js';

export type DeviceGroup = components['schemas']['DeviceGroup'];
export type RelatedDeviceGroup = components['schemas']['RelatedDeviceGroup'];
export type Device = components['schemas']['Device'];

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z']);

/** An engine-clock time in the organization's zone: `2026-03-10T10:32:32.431+01:00` (`…Z` for UTC, as the docs show). */
export function orgTime(state: BoldState, organizationId: number, ms: number): string {
  const zone = own(state.organizations, String(organizationId))?.timeZone ?? 'UTC';
  return UTC_ZONES.has(zone) ? isoUtc(ms) : isoInZone(ms, zone, { withMs: true });
}

export function relatedView(state: BoldState, id: number, g: StoredGroup): RelatedDeviceGroup {
  return {
    id,
    organizationId: g.organizationId,
    name: g.name,
    ...(g.remarks !== null ? { remarks: g.remarks } : {}),
    ...(g.location !== null ? { location: g.location } : {}),
    dateCreated: orgTime(state, g.organizationId, g.dateCreated),
    ...(g.dateModified !== null ? { dateModified: orgTime(state, g.organizationId, g.dateModified) } : {}),
  };
}

/** Which groups each device is in: built once per answer that shows devices. */
export function membershipIndex(state: BoldState): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (const [key, g] of Object.entries(state.groups)) {
    for (const d of g.devices) {
      const list = index.get(d);
      if (list) list.push(Number(key));
      else index.set(d, [Number(key)]);
    }
  }
  return index;
}

export function deviceView(state: BoldState, id: number, d: StoredDevice, index: Map<number, number[]>): Device {
  const { registered: _registered, name, organizationId, ...fields } = d;
  const organizationName = own(state.organizations, String(organizationId))?.name;
  const related = (index.get(id) ?? [])
    .sort((a, b) => a - b)
    .flatMap((gid) => {
      const g = own(state.groups, String(gid));
      return g ? [relatedView(state, gid, g)] : [];
    });
  return {
    id,
    name,
    organizationId,
    ...(organizationName !== undefined ? { organizationName } : {}),
    ...fields,
    relatedDeviceGroups: related,
  };
}

/** A group with `deviceList`: the full devices when `index` is given, `[]` otherwise (the docs' default). */
export function groupView(state: BoldState, id: number, g: StoredGroup, index?: Map<number, number[]>): DeviceGroup {
  const deviceList = index
    ? g.devices.flatMap((d) => {
        const device = own(state.devices, String(d));
        return device ? [deviceView(state, d, device, index)] : [];
      })
    : [];
  return { ...relatedView(state, id, g), deviceList };
}
