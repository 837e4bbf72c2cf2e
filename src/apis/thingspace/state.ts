/**
 * ThingSpace's state per namespace: OAuth apps and their tokens, M2M users and their sessions, and
 * billing accounts with their device groups and devices. The demo tenant (`fixtures/thingspace.json`),
 * `GET /__admin/state/thingspace` and `PUT /__admin/state/thingspace` all use this shape.
 *
 * Membership lives on the device (`groupName`), so a device is in one group by construction; the
 * default group "Unassigned Devices" is an ordinary entry of `groups` with `isDefaultGroup: true`.
 */
import type { components } from '../../generated/thingspace.js';
import { FORMATS, KINDS, idKey, showId, type DeviceId, type Kind } from './device-ids.js';

type KeyValue = components['schemas']['KeyValue'];

export const DEFAULT_GROUP_NAME = 'Unassigned Devices';
export const DEFAULT_GROUP_DESCRIPTION = 'All devices that are not in another device group.';

export interface Settings {
  /** Devices per page of `GET /groups/{aname}/name/{gname}` (undocumented by Verizon). */
  devicePageSize: number;
  /** Devices per response of `POST /devices/actions/list` without `maxNumberOfDevices`. */
  deviceListPageSize: number;
}

export interface OAuthApp {
  secret: string;
  scope: string;
}

export interface AccessToken {
  appKey: string;
  /** Milliseconds since the Unix epoch, on the engine clock; the token lives an hour. */
  issuedAt: number;
}

export interface M2mUser {
  password: string;
  /** The billing accounts the user may act on. */
  accounts: string[];
  /** Consecutive failed logins; the fifth locks the user. */
  failedLogins: number;
  locked: boolean;
}

export interface Session {
  username: string;
  /** Last successful use (ms); 20 minutes without use expire the session. */
  lastUsed: number;
}

export interface StoredGroup {
  name: string;
  description: string;
  isDefaultGroup: boolean;
  extendedAttributes: KeyValue[] | null;
}

export interface StoredDevice {
  /**
   * The device's internal device ID: a positive integer, unique in the namespace, that never changes.
   * Listings are sorted by it, and their paging tokens (`next`, `largestDeviceIdSeen`) are such IDs:
   * identifiers themselves cannot serve, as a 20-digit ICCID or a 32-digit EID does not fit an int64.
   */
  internalId: number;
  /** Every identifier of the device, kinds in lower case. */
  deviceIds: DeviceId[];
  /** The one group the device is in. */
  groupName: string;
  customFields: KeyValue[];
  servicePlan: string;
  /** active, suspend, deactive, pre-active, ... */
  state: string;
  connected: boolean;
  ipAddress?: string;
  /** ISO 8601, when the device was added to the account. */
  createdAt: string;
}

export interface Account {
  groups: StoredGroup[];
  devices: StoredDevice[];
}

export interface ThingSpaceState {
  settings: Settings;
  oauthApps: Record<string, OAuthApp>;
  accessTokens: Record<string, AccessToken>;
  users: Record<string, M2mUser>;
  sessions: Record<string, Session>;
  accounts: Record<string, Account>;
}

/**
 * The entry a map holds under `key` as its own, or undefined. Keys come from clients (tokens, user
 * and account names), and a plain object also "has" `constructor`, `__proto__` or `toString`.
 */
export function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

const timestamp = { type: 'integer', minimum: 0 };
const keyValue = {
  type: 'object',
  required: ['key', 'value'],
  additionalProperties: false,
  properties: { key: { type: 'string' }, value: { type: 'string' } },
};
const name = { type: 'string', minLength: 1 };

export const stateSchema = {
  type: 'object',
  required: ['settings', 'oauthApps', 'accessTokens', 'users', 'sessions', 'accounts'],
  additionalProperties: false,
  properties: {
    settings: {
      type: 'object',
      required: ['devicePageSize', 'deviceListPageSize'],
      additionalProperties: false,
      properties: {
        devicePageSize: { type: 'integer', minimum: 1, maximum: 10000 },
        deviceListPageSize: { type: 'integer', minimum: 1, maximum: 100000 },
      },
    },
    oauthApps: {
      type: 'object',
      propertyNames: { type: 'string', minLength: 1, pattern: '^[^:]+$' },
      additionalProperties: {
        type: 'object',
        required: ['secret', 'scope'],
        additionalProperties: false,
        properties: { secret: { type: 'string', minLength: 1 }, scope: { type: 'string' } },
      },
    },
    accessTokens: {
      type: 'object',
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        required: ['appKey', 'issuedAt'],
        additionalProperties: false,
        properties: { appKey: name, issuedAt: timestamp },
      },
    },
    users: {
      type: 'object',
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        required: ['password', 'accounts', 'failedLogins', 'locked'],
        additionalProperties: false,
        properties: {
          password: { type: 'string' },
          accounts: { type: 'array', items: name, uniqueItems: true },
          failedLogins: { type: 'integer', minimum: 0 },
          locked: { type: 'boolean' },
        },
      },
    },
    sessions: {
      type: 'object',
      propertyNames: { type: 'string', format: 'uuid' },
      additionalProperties: {
        type: 'object',
        required: ['username', 'lastUsed'],
        additionalProperties: false,
        properties: { username: name, lastUsed: timestamp },
      },
    },
    accounts: {
      type: 'object',
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        required: ['groups', 'devices'],
        additionalProperties: false,
        properties: {
          groups: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['name', 'description', 'isDefaultGroup', 'extendedAttributes'],
              additionalProperties: false,
              properties: {
                name,
                description: { type: 'string' },
                isDefaultGroup: { type: 'boolean' },
                extendedAttributes: { anyOf: [{ type: 'array', items: keyValue }, { type: 'null' }] },
              },
            },
          },
          devices: {
            type: 'array',
            items: {
              type: 'object',
              required: ['internalId', 'deviceIds', 'groupName', 'customFields', 'servicePlan', 'state', 'connected', 'createdAt'],
              additionalProperties: false,
              properties: {
                internalId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
                deviceIds: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['kind', 'id'],
                    additionalProperties: false,
                    properties: { kind: { enum: KINDS }, id: { type: 'string', minLength: 1 } },
                  },
                },
                groupName: name,
                customFields: { type: 'array', items: keyValue },
                servicePlan: { type: 'string' },
                state: { type: 'string' },
                connected: { type: 'boolean' },
                ipAddress: { type: 'string' },
                createdAt: { type: 'string', format: 'date-time' },
              },
            },
          },
        },
      },
    },
  },
} as const;

const CUSTOM_FIELD = /^CustomField[1-5]$/;

/**
 * What the schema cannot say: identifier formats, one default group per account, unique group names,
 * devices in an existing group of their account, no device twice (in one account or across accounts),
 * internal device IDs unique in the namespace, and references from users, tokens and sessions.
 */
export function checkThingSpaceState(state: ThingSpaceState): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const internalIds = new Map<number, string>();
  for (const [accountName, account] of Object.entries(state.accounts)) {
    const at = `/accounts/${accountName}`;
    const defaults = account.groups.filter((g) => g.isDefaultGroup);
    if (defaults.length !== 1) problems.push(`${at}/groups: needs exactly one group with isDefaultGroup true, has ${defaults.length}`);
    const groupNames = new Map<string, number>();
    account.groups.forEach((g, i) => {
      if (g.isDefaultGroup && g.name !== DEFAULT_GROUP_NAME) problems.push(`${at}/groups/${i}/name: the default group is called "${DEFAULT_GROUP_NAME}"`);
      const lower = g.name.toLowerCase();
      if (groupNames.has(lower)) problems.push(`${at}/groups/${i}/name: "${g.name}" is also the name of group ${groupNames.get(lower)}`);
      else groupNames.set(lower, i);
    });
    account.devices.forEach((d, i) => {
      const dat = `${at}/devices/${i}`;
      const sameId = internalIds.get(d.internalId);
      if (sameId) problems.push(`${dat}/internalId: ${d.internalId} is also the internal device ID of ${sameId}`);
      else internalIds.set(d.internalId, dat);
      if (!account.groups.some((g) => g.name === d.groupName)) problems.push(`${dat}/groupName: no group "${d.groupName}" in this account`);
      const kinds = new Set<string>();
      d.deviceIds.forEach((id, j) => {
        if (kinds.has(id.kind)) problems.push(`${dat}/deviceIds/${j}: a second ${id.kind} for one device`);
        kinds.add(id.kind);
        const format = FORMATS[id.kind as Kind] as (typeof FORMATS)[Kind] | undefined;
        if (format && !format.pattern.test(id.id)) problems.push(`${dat}/deviceIds/${j}/id: "${id.id}" is not a valid ${id.kind} (${format.text})`);
        const key = idKey(id);
        const other = owners.get(key);
        if (other) problems.push(`${dat}/deviceIds/${j}: ${showId(id)} is also ${other}; a device is in one group of one account`);
        else owners.set(key, `${dat} (group "${d.groupName}")`);
      });
      const fields = new Set<string>();
      d.customFields.forEach((f, j) => {
        if (!CUSTOM_FIELD.test(f.key)) problems.push(`${dat}/customFields/${j}/key: "${f.key}" is not CustomField1 to CustomField5`);
        if (fields.has(f.key)) problems.push(`${dat}/customFields/${j}/key: ${f.key} appears twice`);
        fields.add(f.key);
      });
    });
  }
  for (const [username, user] of Object.entries(state.users)) {
    user.accounts.forEach((a, i) => {
      if (!own(state.accounts, a)) problems.push(`/users/${username}/accounts/${i}: no account ${a}`);
    });
  }
  for (const [token, t] of Object.entries(state.accessTokens)) {
    if (!own(state.oauthApps, t.appKey)) problems.push(`/accessTokens/${token}/appKey: no OAuth app ${t.appKey}`);
  }
  for (const [token, s] of Object.entries(state.sessions)) {
    if (!own(state.users, s.username)) problems.push(`/sessions/${token}/username: no user ${s.username}`);
  }
  return problems;
}
