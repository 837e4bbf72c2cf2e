/**
 * ThingSpace devices as the API shows them and changes them: the device list's view of a stored
 * device, custom-field filters and updates, and which devices a custom-fields request targets.
 */
import { parseIsoDateTime } from '../../engine/kit/index.js';
import type { components } from '../../generated/thingspace.js';
import { isValidId, kindOf, type DeviceId } from './device-ids.js';
import { errors, m2mError } from './errors.js';
import { findDevice, findGroup, type Refusal } from './membership.js';
import type { Account, StoredDevice } from './state.js';

type KeyValue = components['schemas']['KeyValue'];
type ThingspaceDevice = components['schemas']['ThingspaceDevice'];

const CARRIER = 'Verizon Wireless';

export const copyIds = (ids: DeviceId[]): DeviceId[] => ids.map((d) => ({ kind: d.kind, id: d.id }));

export function deviceView(accountName: string, d: StoredDevice): ThingspaceDevice {
  return {
    accountName,
    deviceIds: copyIds(d.deviceIds),
    groupNames: [d.groupName],
    customFields: d.customFields.map((f) => ({ ...f })),
    carrierInformations: [{ carrierName: CARRIER, servicePlan: d.servicePlan, state: d.state }],
    connected: d.connected,
    ...(d.ipAddress ? { ipAddress: d.ipAddress } : {}),
    createdAt: d.createdAt,
  };
}

export const hasAllFields = (d: StoredDevice, wanted: readonly KeyValue[] | undefined) =>
  (wanted ?? []).every((w) => d.customFields.some((f) => f.key === w.key && f.value === w.value));

/** Sets custom fields on a device, keeping them ordered by name. */
export function setCustomFields(d: StoredDevice, updates: readonly KeyValue[]): void {
  for (const u of updates) {
    const existing = d.customFields.find((f) => f.key === u.key);
    if (existing) existing.value = u.value;
    else d.customFields.push({ key: u.key, value: u.value });
  }
  d.customFields.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A date-time filter of the device list, or the field error it deserves. */
export function parseTime(field: string, value: string | undefined): { ms?: number } | { refusal: Refusal } {
  if (value === undefined) return {};
  const ms = parseIsoDateTime(value);
  if (ms === undefined)
    return {
      refusal: m2mError(
        `UnifiedWebService.INPUT_INVALID.${field[0]!.toUpperCase()}${field.slice(1)}`,
        `${field}: must be an ISO 8601 date and time`,
      ),
    };
  return { ms };
}

type CustomFieldsRequest = components['schemas']['CustomFieldsUpdateRequest'];

/**
 * The devices a custom-fields request changes: the listed devices (every identifier of an entry must
 * be well-formed and name the same device of one account in scope), or, without a list, every device
 * of the scope matching the filters.
 */
export function customFieldTargets(
  req: CustomFieldsRequest,
  scope: Array<[string, Account]>,
): { devices: StoredDevice[] } | { refusal: Refusal } {
  const devices: StoredDevice[] = [];
  if (req.devices && req.devices.length > 0) {
    for (const [i, listed] of req.devices.entries()) {
      const invalid = listed.deviceIds.find((id) => !isValidId(id.kind, id.id));
      if (invalid) return { refusal: errors.invalidDeviceId(invalid) };
      const [first, ...others] = listed.deviceIds;
      if (!first)
        return {
          refusal: m2mError(
            'UnifiedWebService.INPUT_INVALID.Devices',
            `devices.${i}.deviceIds: must NOT have fewer than 1 items`,
          ),
        };
      const home = scope.find(([, a]) => findDevice(a, { kind: kindOf(first.kind)!, id: first.id }));
      if (!home) return { refusal: errors.deviceNotFound(first) };
      const device = findDevice(home[1], { kind: kindOf(first.kind)!, id: first.id })!;
      const stranger = others.find((id) => findDevice(home[1], { kind: kindOf(id.kind)!, id: id.id }) !== device);
      if (stranger) return { refusal: errors.deviceNotFound(stranger) };
      if (!devices.includes(device)) devices.push(device);
    }
    return { devices };
  }
  if (req.groupName !== undefined && req.accountName !== undefined && !findGroup(scope[0]![1], req.groupName))
    return { refusal: errors.groupNotFound() };
  return {
    devices: scope
      .flatMap(([, a]) => a.devices)
      .filter(
        (d) =>
          (req.groupName === undefined || d.groupName === req.groupName) &&
          (req.servicePlan === undefined || d.servicePlan === req.servicePlan) &&
          hasAllFields(d, req.customFields),
      ),
  };
}
