/**
 * Bold's state per namespace: organizations (with the time zone their times are written in), users
 * (a role and the organizations they belong to), the credentials that identify them (bearer tokens
 * and API keys, sent in `Authorization`), devices (the full lock object but for what the mock
 * derives: `organizationName` and `relatedDeviceGroups`) and device groups, whose `devices` are the
 * membership. The demo tenant (`fixtures/bold.json`) and `GET|PUT /__admin/state/bold` use this shape.
 */
import { Type, type Static } from '@sinclair/typebox';
import { hasOwn, isTimeZone, own } from '../../engine/kit/index.js';

const strict = { additionalProperties: false } as const;
const id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const idKey = { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } as const;
const time = Type.String({ format: 'date-time' });
const text = Type.String({ maxLength: 1000 });
const rssiLevel = Type.Union([
  Type.Literal('Excellent'),
  Type.Literal('High'),
  Type.Literal('Medium'),
  Type.Literal('Low'),
  Type.Literal('Critical'),
]);

export const FEATURES = [
  'rangeBoostMode',
  'remoteAccess',
  'backupPins',
  'shareAccess',
  'eventLog',
  'turnToActivate',
  'tailgaterProtection',
  'matter',
  'turnToBoost',
  'lockedStatus',
  'buttonAutoDisable',
  'powerSaveMode',
  'nightLock',
  'leaveAlert',
  'tamperDetection',
  'webKeys',
  'dynamicPins',
  'extendedEventLog',
  'keepActiveMode',
  'showRealUser',
  'walkInMode',
  'controller',
] as const;

const deviceType = Type.Object({ id, name: text, description: Type.Optional(text) }, strict);
const features = Type.Object(
  Object.fromEntries(FEATURES.map((f) => [f, Type.Boolean()])) as Record<
    (typeof FEATURES)[number],
    ReturnType<typeof Type.Boolean>
  >,
  strict,
);

const reachability = Type.Object(
  {
    id,
    deviceId: id,
    gatewayId: id,
    rssi: Type.Optional(Type.Number()),
    rssiLevel: Type.Optional(rssiLevel),
    lastSeen: Type.Optional(time),
    flags: Type.Optional(
      Type.Object(
        { timeSyncNeeded: Type.Boolean(), installationMode: Type.Boolean(), eventsAvailable: Type.Boolean() },
        strict,
      ),
    ),
    dateCreated: Type.Optional(time),
    dateModified: Type.Optional(time),
    deviceName: Type.Optional(text),
    deviceOrganizationId: Type.Optional(id),
    deviceModel: Type.Optional(
      Type.Object(
        { id, deviceType: Type.Optional(deviceType), model: Type.Optional(text), name: Type.Optional(text) },
        strict,
      ),
    ),
  },
  strict,
);

const device = Type.Object(
  {
    /** Whether the device is registered (a mock-only fact: an unregistered one cannot join a group). */
    registered: Type.Boolean(),
    name: text,
    organizationId: id,
    deviceModel: Type.Object({ id, name: text, type: deviceType, features, description: Type.Optional(text) }, strict),
    firmwareConfiguration: Type.Object({ id, description: Type.Optional(text) }, strict),
    actualFirmwareVersion: Type.Integer(),
    requiredFirmwareVersion: Type.Integer(),
    timeZone: Type.String({ minLength: 1 }),
    batchKey: Type.Optional(Type.String({ format: 'uuid' })),
    batteryLevel: Type.Optional(text),
    batteryLevelReminder: Type.Optional(time),
    batteryLastMeasurement: Type.Optional(time),
    remarks: Type.Optional(text),
    location: Type.Optional(text),
    dateCreated: time,
    dateModified: Type.Optional(time),
    dateAssigned: Type.Optional(time),
    gatewayId: Type.Optional(id),
    gatewayRssi: Type.Optional(Type.Number()),
    gatewayRssiLevel: Type.Optional(rssiLevel),
    gatewayLastSeen: Type.Optional(time),
    gatewayLastSeenMessage: Type.Optional(time),
    messageQueueCount: Type.Integer({ minimum: 0 }),
    sequenceNumberDeviceEvents: Type.Optional(Type.Integer({ minimum: 0 })),
    decommissioned: Type.Boolean(),
    restricted: Type.Boolean(),
    restrictedReminder: Type.Optional(time),
    minCommandStart: Type.Optional(time),
    dateLastExternalSync: Type.Optional(time),
    isActiveUntil: Type.Optional(time),
    carouselImageUrl: Type.Optional(text),
    dateLastKeyExchange: Type.Optional(time),
    dateLastKnownActivation: Type.Optional(time),
    lastTimeSyncDate: Type.Optional(time),
    lastTimeSyncDrift: Type.Optional(Type.Number()),
    locked: Type.Union([Type.Literal('LOCKED'), Type.Literal('UNLOCKED'), Type.Literal('UNKNOWN')]),
    lastLocked: Type.Optional(time),
    matter: Type.Object(
      {
        provisioningQrCode: Type.Optional(text),
        manuallyProvisioned: Type.Boolean(),
        factoryProvisioned: Type.Boolean(),
      },
      strict,
    ),
    reachableGateways: Type.Array(reachability),
    reachableDevices: Type.Array(reachability),
  },
  strict,
);

const group = Type.Object(
  {
    organizationId: id,
    name: Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' }),
    remarks: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    location: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
    /** Engine-clock milliseconds; written in the organization's time zone. */
    dateCreated: Type.Integer({ minimum: 0 }),
    /** Set by an update (`PUT`) only; null before. */
    dateModified: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** The member devices' ids, in the order they were added. */
    devices: Type.Array(id, { uniqueItems: true }),
  },
  strict,
);

export const ROLES = { admin: ['read', 'write'], viewer: ['read'] } as const;

const user = Type.Object(
  {
    role: Type.Union([Type.Literal('admin'), Type.Literal('viewer')]),
    organizations: Type.Array(id, { uniqueItems: true, minItems: 1 }),
  },
  strict,
);

export const stateSchema = Type.Object(
  {
    /**
     * The id of the next group created (ids are global, as in the docs' examples): the high-water
     * mark, above every id issued, so the id of a deleted group never comes back until a reset.
     */
    nextGroupId: id,
    organizations: Type.Record(
      Type.String(),
      Type.Object({ name: text, timeZone: Type.String({ minLength: 1 }) }, strict),
      { propertyNames: idKey },
    ),
    users: Type.Record(Type.String(), user, { propertyNames: { type: 'string', minLength: 1 } }),
    /** Bearer tokens and API keys, by their value, each of one user. */
    credentials: Type.Record(
      Type.String(),
      Type.Object(
        { user: Type.String({ minLength: 1 }), kind: Type.Union([Type.Literal('token'), Type.Literal('apiKey')]) },
        strict,
      ),
      {
        propertyNames: { type: 'string', minLength: 8, pattern: '^[\\x21-\\x7e]+$' },
      },
    ),
    devices: Type.Record(Type.String(), device, { propertyNames: idKey }),
    groups: Type.Record(Type.String(), group, { propertyNames: idKey }),
  },
  strict,
);

export type BoldState = Static<typeof stateSchema>;
export type StoredDevice = Static<typeof device>;
export type StoredGroup = Static<typeof group>;
export type BoldUser = Static<typeof user>;

/**
 * What the schema cannot say: references between the maps, time zones Node knows, memberships the
 * API would refuse, and a next group id above every group's.
 */
export function checkBoldState(state: BoldState): string[] {
  const problems: string[] = [];
  const largest = Math.max(0, ...Object.keys(state.groups).map(Number));
  if (state.nextGroupId <= largest) {
    problems.push(
      `/nextGroupId: ${state.nextGroupId} is not above group ${largest}: ids are never issued twice, so the next id must be above every id in /groups (at least ${largest + 1})`,
    );
  }
  const org = (n: number) => hasOwn(state.organizations, String(n));
  for (const [key, o] of Object.entries(state.organizations)) {
    if (!isTimeZone(o.timeZone)) problems.push(`/organizations/${key}/timeZone: unknown time zone ${o.timeZone}`);
  }
  for (const [name, u] of Object.entries(state.users)) {
    u.organizations.forEach((o, i) => {
      if (!org(o)) problems.push(`/users/${name}/organizations/${i}: no organization ${o}`);
    });
  }
  for (const [key, c] of Object.entries(state.credentials)) {
    if (!own(state.users, c.user)) problems.push(`/credentials/${key}/user: no user ${c.user}`);
  }
  for (const [key, d] of Object.entries(state.devices)) {
    if (!org(d.organizationId)) problems.push(`/devices/${key}/organizationId: no organization ${d.organizationId}`);
    if (!isTimeZone(d.timeZone)) problems.push(`/devices/${key}/timeZone: unknown time zone ${d.timeZone}`);
  }
  for (const [key, g] of Object.entries(state.groups)) {
    if (!org(g.organizationId)) problems.push(`/groups/${key}/organizationId: no organization ${g.organizationId}`);
    g.devices.forEach((d, i) => {
      const member = own(state.devices, String(d));
      if (!member) problems.push(`/groups/${key}/devices/${i}: no device ${d}`);
      else if (member.organizationId !== g.organizationId)
        problems.push(`/groups/${key}/devices/${i}: device ${d} is of organization ${member.organizationId}`);
      else if (!member.registered) problems.push(`/groups/${key}/devices/${i}: device ${d} is not registered`);
    });
  }
  return problems;
}
