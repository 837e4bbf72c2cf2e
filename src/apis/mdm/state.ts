/**
 * ManageEngine MDM's state per namespace: one customer's OAuth tokens, devices, users, app and
 * profile catalogue, and groups. The demo tenant (`fixtures/mdm.json`), `GET /__admin/state/mdm` and
 * `PUT /__admin/state/mdm` all use this shape.
 *
 * Every id is a 64-bit integer that may be past 2^53, so state keeps ids as exact decimal strings
 * (map keys and references alike); handlers convert at the edges with the kit's `idKey`/`wireId`.
 * Membership lives on the group (`members`), so a member may belong to several groups.
 */
import { Type, type Static } from '@sinclair/typebox';
import { own } from '../../engine/kit/index.js';

/** An id as state keeps it: a positive 64-bit integer in decimal digits. */
const ID_PATTERN = '^[1-9][0-9]{0,18}$';
const id = Type.String({ pattern: ID_PATTERN });
const idKeys = { propertyNames: { type: 'string', pattern: ID_PATTERN } } as const;
const strict = { additionalProperties: false } as const;
const ms = Type.Integer({ minimum: 0 });

export const SCOPE_PREFIX = 'MDMOnDemand.MDMDeviceMgmt.';
export const DEVICE_GROUP = 6 as const;
export const USER_GROUP = 7 as const;

/** An access token and the scopes it was granted (e.g. MDMOnDemand.MDMDeviceMgmt.ALL). */
const token = Type.Object(
  {
    scopes: Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true }),
    description: Type.Optional(Type.String()),
  },
  strict,
);

export const PLATFORMS = ['iOS', 'android', 'windows', 'ChromeOS'] as const;
export type Platform = (typeof PLATFORMS)[number];

const device = Type.Object(
  {
    udid: Type.String({ minLength: 1 }),
    device_name: Type.String(),
    platform_type: Type.Unsafe<Platform>({ type: 'string', enum: [...PLATFORMS] }),
    model: Type.String(),
    product_name: Type.String(),
    os_version: Type.String(),
    last_contact_time: ms,
    /** The user the device is enrolled for. */
    user_id: id,
    is_removed: Type.Boolean(),
  },
  strict,
);

const user = Type.Object(
  {
    user_name: Type.String({ minLength: 1 }),
    email: Type.Optional(Type.String()),
    domain_name: Type.String(),
    is_removed: Type.Boolean(),
  },
  strict,
);

const app = Type.Object(
  {
    app_name: Type.String({ minLength: 1 }),
    platform_type: Type.Unsafe<Platform>({ type: 'string', enum: [...PLATFORMS] }),
    /** Release label id → name (Stable, Beta, ...). */
    release_labels: Type.Record(Type.String(), Type.String({ minLength: 1 }), idKeys),
  },
  strict,
);

const profile = Type.Object(
  {
    profile_name: Type.String({ minLength: 1 }),
    platform_type: Type.Unsafe<Platform>({ type: 'string', enum: [...PLATFORMS] }),
  },
  strict,
);

const appAssociation = Type.Object(
  { app_id: id, release_label_id: id, silent_install: Type.Boolean(), notify_user_via_email: Type.Boolean() },
  strict,
);

const group = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    group_type: Type.Union([Type.Literal(DEVICE_GROUP), Type.Literal(USER_GROUP)]),
    domain: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    created_time: ms,
    /** Device ids (device group) or user ids (user group), each once. */
    members: Type.Array(id, { uniqueItems: true }),
    apps: Type.Array(appAssociation),
    profile_ids: Type.Array(id, { uniqueItems: true }),
  },
  strict,
);

export const stateSchema = Type.Object(
  {
    tokens: Type.Record(Type.String(), token, { propertyNames: { type: 'string', minLength: 1, pattern: '^\\S+$' } }),
    devices: Type.Record(Type.String(), device, idKeys),
    users: Type.Record(Type.String(), user, idKeys),
    apps: Type.Record(Type.String(), app, idKeys),
    profiles: Type.Record(Type.String(), profile, idKeys),
    groups: Type.Record(Type.String(), group, idKeys),
    /**
     * The largest group id this tenant has issued (or imported): the high-water mark new ids are
     * made above, so the id of a deleted group never comes back until the namespace is reset.
     */
    highestGroupId: id,
  },
  strict,
);

export type MdmState = Static<typeof stateSchema>;
export type StoredGroup = Static<typeof group>;
export type StoredDevice = Static<typeof device>;
export type StoredUser = Static<typeof user>;

/**
 * What the schema cannot say: devices name existing users; device and user ids never coincide (a
 * member id names one thing); group members exist and are of the group's kind; apps and profiles of a
 * group are in the catalogue (with a release label of the app); group names unique without regard to
 * case; the high-water mark of group ids is at least every group's id.
 */
export function checkMdmState(state: MdmState): string[] {
  const problems: string[] = [];
  const mark = BigInt(state.highestGroupId);
  const above = Object.keys(state.groups).reduce<bigint | undefined>(
    (max, k) => (BigInt(k) > mark && (max === undefined || BigInt(k) > max) ? BigInt(k) : max),
    undefined,
  );
  if (above !== undefined) {
    problems.push(
      `/highestGroupId: ${state.highestGroupId} is below group ${above}: it is the largest group id ever issued, so at least the largest id in /groups (${above}); new ids are made above it and never reissued`,
    );
  }
  for (const [deviceId, d] of Object.entries(state.devices)) {
    if (!own(state.users, d.user_id)) problems.push(`/devices/${deviceId}/user_id: no user ${d.user_id}`);
    if (own(state.users, deviceId))
      problems.push(`/devices/${deviceId}: ${deviceId} is also a user id; a member id names one device or one user`);
  }
  const names = new Map<string, string>();
  for (const [groupId, g] of Object.entries(state.groups)) {
    const at = `/groups/${groupId}`;
    const lower = g.name.toLowerCase();
    const other = names.get(lower);
    if (other) problems.push(`${at}/name: "${g.name}" is also the name of group ${other}`);
    else names.set(lower, groupId);
    const pool: Record<string, unknown> = g.group_type === DEVICE_GROUP ? state.devices : state.users;
    const kind = g.group_type === DEVICE_GROUP ? 'device' : 'user';
    g.members.forEach((m, i) => {
      if (!own(pool, m))
        problems.push(`${at}/members/${i}: no ${kind} ${m} (a group of type ${g.group_type} holds ${kind}s)`);
    });
    g.apps.forEach((a, i) => {
      const found = own(state.apps, a.app_id);
      if (!found) problems.push(`${at}/apps/${i}/app_id: no app ${a.app_id}`);
      else if (!own(found.release_labels, a.release_label_id))
        problems.push(`${at}/apps/${i}/release_label_id: app ${a.app_id} has no release label ${a.release_label_id}`);
    });
    const apps = new Set(g.apps.map((a) => a.app_id));
    if (apps.size !== g.apps.length) problems.push(`${at}/apps: an app is associated twice`);
    g.profile_ids.forEach((p, i) => {
      if (!own(state.profiles, p)) problems.push(`${at}/profile_ids/${i}: no profile ${p}`);
    });
  }
  return problems;
}
