/**
 * ThingSpace's state per namespace: OAuth apps and their tokens, M2M users and their sessions, and
 * billing accounts with their device groups and devices. The demo tenant (`fixtures/thingspace.json`),
 * `GET /__admin/state/thingspace` and `PUT /__admin/state/thingspace` all use this shape.
 *
 * Membership lives on the device (`groupName`), so a device is in one group by construction; the
 * default group "Unassigned Devices" is an ordinary entry of `groups` with `isDefaultGroup: true`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { own } from '../../engine/kit/index.js';
import { FORMATS, KINDS, idKey, showId, type Kind } from './device-ids.js';

export const DEFAULT_GROUP_NAME = 'Unassigned Devices';
export const DEFAULT_GROUP_DESCRIPTION = 'All devices that are not in another device group.';

const timestamp = Type.Integer({ minimum: 0 });
const name = Type.String({ minLength: 1 });
const strict = { additionalProperties: false } as const;
const keyValue = Type.Object({ key: Type.String(), value: Type.String() }, strict);

const settings = Type.Object(
  {
    /** Devices per page of `GET /groups/{aname}/name/{gname}` (undocumented by Verizon). */
    devicePageSize: Type.Integer({ minimum: 1, maximum: 10000 }),
    /** Devices per response of `POST /devices/actions/list` without `maxNumberOfDevices`. */
    deviceListPageSize: Type.Integer({ minimum: 1, maximum: 100000 }),
  },
  strict,
);

const oauthApp = Type.Object({ secret: Type.String({ minLength: 1 }), scope: Type.String() }, strict);

/** An OAuth access token: it lives an hour from `issuedAt` (ms, engine clock). */
const accessToken = Type.Object({ appKey: name, issuedAt: timestamp, lastUsed: Type.Optional(timestamp) }, strict);

const m2mUser = Type.Object(
  {
    password: Type.String(),
    /** The billing accounts the user may act on. */
    accounts: Type.Array(name, { uniqueItems: true }),
    /** Consecutive failed logins; the fifth locks the user. */
    failedLogins: Type.Integer({ minimum: 0 }),
    locked: Type.Boolean(),
  },
  strict,
);

/** An M2M session: 20 minutes without use expire it. */
const session = Type.Object({ username: name, lastUsed: timestamp, issuedAt: Type.Optional(timestamp) }, strict);

const storedGroup = Type.Object(
  {
    name,
    description: Type.String(),
    isDefaultGroup: Type.Boolean(),
    extendedAttributes: Type.Union([Type.Array(keyValue), Type.Null()]),
  },
  strict,
);

const storedDevice = Type.Object(
  {
    /**
     * The device's internal device ID: a positive integer, unique in the namespace, that never changes.
     * Listings are sorted by it, and their paging tokens (`next`, `largestDeviceIdSeen`) are such IDs:
     * identifiers themselves cannot serve, as a 20-digit ICCID or a 32-digit EID does not fit an int64.
     */
    internalId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    /** Every identifier of the device, kinds in lower case. */
    deviceIds: Type.Array(
      Type.Object(
        { kind: Type.Unsafe<Kind>({ type: 'string', enum: [...KINDS] }), id: Type.String({ minLength: 1 }) },
        strict,
      ),
      { minItems: 1 },
    ),
    /** The one group the device is in. */
    groupName: name,
    customFields: Type.Array(keyValue),
    servicePlan: Type.String(),
    /** active, suspend, deactive, pre-active, ... */
    state: Type.String(),
    connected: Type.Boolean(),
    ipAddress: Type.Optional(Type.String()),
    /** ISO 8601, when the device was added to the account. */
    createdAt: Type.String({ format: 'date-time' }),
  },
  strict,
);

const account = Type.Object(
  { groups: Type.Array(storedGroup, { minItems: 1 }), devices: Type.Array(storedDevice) },
  strict,
);

export const stateSchema = Type.Object(
  {
    settings,
    oauthApps: Type.Record(Type.String(), oauthApp, {
      propertyNames: { type: 'string', minLength: 1, pattern: '^[^:]+$' },
    }),
    accessTokens: Type.Record(Type.String(), accessToken, { propertyNames: { type: 'string', minLength: 1 } }),
    users: Type.Record(Type.String(), m2mUser, { propertyNames: { type: 'string', minLength: 1 } }),
    sessions: Type.Record(Type.String(), session, { propertyNames: { type: 'string', format: 'uuid' } }),
    accounts: Type.Record(Type.String(), account, { propertyNames: { type: 'string', minLength: 1 } }),
  },
  strict,
);

export type ThingSpaceState = Static<typeof stateSchema>;
export type Settings = Static<typeof settings>;
export type Account = Static<typeof account>;
export type StoredGroup = Static<typeof storedGroup>;
export type StoredDevice = Static<typeof storedDevice>;

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
    if (defaults.length !== 1)
      problems.push(`${at}/groups: needs exactly one group with isDefaultGroup true, has ${defaults.length}`);
    const groupNames = new Map<string, number>();
    account.groups.forEach((g, i) => {
      if (g.isDefaultGroup && g.name !== DEFAULT_GROUP_NAME)
        problems.push(`${at}/groups/${i}/name: the default group is called "${DEFAULT_GROUP_NAME}"`);
      const lower = g.name.toLowerCase();
      if (groupNames.has(lower))
        problems.push(`${at}/groups/${i}/name: "${g.name}" is also the name of group ${groupNames.get(lower)}`);
      else groupNames.set(lower, i);
    });
    account.devices.forEach((d, i) => {
      const dat = `${at}/devices/${i}`;
      const sameId = internalIds.get(d.internalId);
      if (sameId) problems.push(`${dat}/internalId: ${d.internalId} is also the internal device ID of ${sameId}`);
      else internalIds.set(d.internalId, dat);
      if (!account.groups.some((g) => g.name === d.groupName))
        problems.push(`${dat}/groupName: no group "${d.groupName}" in this account`);
      const kinds = new Set<string>();
      d.deviceIds.forEach((id, j) => {
        if (kinds.has(id.kind)) problems.push(`${dat}/deviceIds/${j}: a second ${id.kind} for one device`);
        kinds.add(id.kind);
        const format = FORMATS[id.kind as Kind] as (typeof FORMATS)[Kind] | undefined;
        if (format && !format.pattern.test(id.id))
          problems.push(`${dat}/deviceIds/${j}/id: "${id.id}" is not a valid ${id.kind} (${format.text})`);
        const key = idKey(id);
        const other = owners.get(key);
        if (other)
          problems.push(
            `${dat}/deviceIds/${j}: ${showId(id)} is also ${other}; a device is in one group of one account`,
          );
        else owners.set(key, `${dat} (group "${d.groupName}")`);
      });
      const fields = new Set<string>();
      d.customFields.forEach((f, j) => {
        if (!CUSTOM_FIELD.test(f.key))
          problems.push(`${dat}/customFields/${j}/key: "${f.key}" is not CustomField1 to CustomField5`);
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

/** Device groups of every account of the namespace (default groups included): what `--max-resources` bounds. */
export function groupCount(state: ThingSpaceState): number {
  let n = 0;
  for (const account of Object.values(state.accounts)) n += account.groups.length;
  return n;
}

/** What the namespace holds (`GET /__admin/health`). */
export function thingspaceSizes(state: ThingSpaceState) {
  let devices = 0;
  for (const account of Object.values(state.accounts)) devices += account.devices.length;
  const groups = groupCount(state);
  return {
    resources: groups,
    groups,
    devices,
    sessions: Object.keys(state.sessions).length,
    accessTokens: Object.keys(state.accessTokens).length,
  };
}
