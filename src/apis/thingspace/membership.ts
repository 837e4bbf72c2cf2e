/**
 * The one-group-per-device rules. A device names its group (`groupName`), so moving a device is
 * one assignment and it can never be in two groups; "Unassigned Devices" takes every device that
 * leaves a group without entering another. Requests are checked whole before anything moves.
 */
import { idKey, isValidId, kindOf, type DeviceId } from './device-ids.js';
import { errors } from './errors.js';
import type { Account, StoredDevice, StoredGroup } from './state.js';

export type Refusal = ReturnType<(typeof errors)[keyof typeof errors]>;

export const defaultGroup = (account: Account): StoredGroup => account.groups.find((g) => g.isDefaultGroup)!;

/** The group called exactly `name`. */
export const findGroup = (account: Account, name: string): StoredGroup | undefined =>
  account.groups.find((g) => g.name === name);

/** Whether another group already uses `name`, compared without regard to case. */
export function nameTaken(account: Account, name: string, except?: StoredGroup): boolean {
  const lower = name.toLowerCase();
  return account.groups.some((g) => g !== except && g.name.toLowerCase() === lower);
}

/** The account's device with this identifier. */
export function findDevice(account: Account, id: { kind: string; id: string }): StoredDevice | undefined {
  const key = idKey({ kind: id.kind.toLowerCase(), id: id.id });
  return account.devices.find((d) => d.deviceIds.some((x) => idKey(x) === key));
}

/**
 * The devices a request names, each once, in the order named; a malformed identifier or one that
 * is not a device of the account refuses the whole request.
 */
export function resolveDevices(
  account: Account,
  ids: readonly DeviceId[] | undefined,
): { devices: StoredDevice[] } | { refusal: Refusal } {
  const devices: StoredDevice[] = [];
  for (const id of ids ?? []) {
    if (!isValidId(id.kind, id.id)) return { refusal: errors.invalidDeviceId(id) };
    const device = findDevice(account, { kind: kindOf(id.kind)!, id: id.id });
    if (!device) return { refusal: errors.deviceNotFound(id) };
    if (!devices.includes(device)) devices.push(device);
  }
  return { devices };
}

/** Puts the devices in the group (out of whatever group they were in). */
export function moveDevices(devices: StoredDevice[], group: StoredGroup): void {
  for (const d of devices) d.groupName = group.name;
}

/** Smallest internal device ID first: the order of every listing. */
export const byInternalId = (a: StoredDevice, b: StoredDevice): number => a.internalId - b.internalId;

/** The group's devices, smallest internal device ID first. */
export const devicesIn = (account: Account, group: StoredGroup): StoredDevice[] =>
  account.devices.filter((d) => d.groupName === group.name).sort(byInternalId);

/** Renames a group; its devices follow it. */
export function renameGroup(account: Account, group: StoredGroup, name: string): void {
  for (const d of account.devices) if (d.groupName === group.name) d.groupName = name;
  group.name = name;
}

/** Deletes a group; its devices go back to the default group. */
export function deleteGroup(account: Account, group: StoredGroup): void {
  moveDevices(
    account.devices.filter((d) => d.groupName === group.name),
    defaultGroup(account),
  );
  account.groups.splice(account.groups.indexOf(group), 1);
}
