/**
 * What MDM answers about the state: a group as the listing and the details show it, and a member's
 * details (a device with its user, or a user). Ids leave state as exact decimal strings and are
 * written here with `wireId`, so one past 2^53 goes out digit for digit.
 */
import { compareIds, own, wireId } from '../../engine/kit/index.js';
import type { components } from '../../generated/mdm.js';
import { DEVICE_GROUP, PLATFORMS, type MdmState, type StoredGroup } from './state.js';

type Group = components['schemas']['Group'];
type MemberDetails = components['schemas']['MemberDetails'];
type Summary = NonNullable<components['schemas']['GroupDetails']['summary']>;

/** The group's member ids, smallest first. */
export const sortedMembers = (g: StoredGroup): string[] => [...g.members].sort(compareIds);

/** Member ids as a reply writes them. */
export const wireIds = (keys: readonly string[]): number[] => keys.map((k) => wireId(k));

export function groupView(id: string, g: StoredGroup): Group {
  return {
    group_id: wireId(id),
    name: g.name,
    group_type: g.group_type,
    group_category: 1,
    ...(g.domain !== undefined ? { domain: g.domain } : {}),
    ...(g.description !== undefined ? { description: g.description } : {}),
    member_count: g.members.length,
    created_time: g.created_time,
  };
}

/** A device (with its user) or a user, as `include=memberdetails` lists it. */
export function memberDetails(state: MdmState, g: StoredGroup, key: string): MemberDetails {
  if (g.group_type === DEVICE_GROUP) {
    const d = own(state.devices, key)!;
    const user = own(state.users, d.user_id);
    return {
      device_id: wireId(key),
      udid: d.udid,
      device_name: d.device_name,
      platform_type: d.platform_type,
      platform_type_id: (PLATFORMS.indexOf(d.platform_type) + 1) as 1 | 2 | 3 | 4,
      model: d.model,
      product_name: d.product_name,
      os_version: d.os_version,
      last_contact_time: d.last_contact_time,
      is_removed: d.is_removed,
      user: { user_id: wireId(d.user_id), user_name: user?.user_name ?? '' },
    };
  }
  const u = own(state.users, key)!;
  return {
    user_id: wireId(key),
    user_name: u.user_name,
    ...(u.email !== undefined ? { email: u.email } : {}),
    domain_name: u.domain_name,
    is_removed: u.is_removed,
  };
}

/** The counts of `include=summary`; a user group's devices are its users' devices. */
export function summaryOf(state: MdmState, g: StoredGroup): Summary {
  const members = new Set(g.members);
  const device_count =
    g.group_type === DEVICE_GROUP
      ? g.members.length
      : Object.values(state.devices).filter((d) => members.has(d.user_id)).length;
  return {
    member_count: g.members.length,
    device_count,
    app_count: g.apps.length,
    profile_count: g.profile_ids.length,
  };
}
