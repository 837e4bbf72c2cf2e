/**
 * Plaspy's state per namespace: the signing key and token lifetime, users (API key, daily limit,
 * their GPS devices and usage counters), groups (each owned by one user), the next group number,
 * and the tokens issued. The demo tenant (`fixtures/plaspy.json`), `GET /__admin/state/plaspy` and
 * `PUT /__admin/state/plaspy` all use this shape; the types are derived from the schema.
 *
 * Membership lives on the group (`devices`), so one device may be in several groups, as Plaspy's
 * own examples show.
 */
import { Type, type Static } from '@sinclair/typebox';
import { own } from '../../engine/kit/index.js';

const strict = { additionalProperties: false } as const;
const timestamp = Type.Integer({ minimum: 0 });
const deviceId = Type.String({ minLength: 1 });
export const GROUP_ID = /^grp-([0-9]+)$/;

const settings = Type.Object(
  {
    /** How long a token lives (24 hours in the demo tenant; Plaspy gives no number). */
    tokenLifetimeSeconds: Type.Integer({ minimum: 1, maximum: 366 * 24 * 3600 }),
    /** The HMAC-SHA512 key the mock signs its JWTs with. */
    signingKey: Type.String({ minLength: 32 }),
  },
  strict,
);

const user = Type.Object(
  {
    apiKey: Type.String({ minLength: 1 }),
    /** Calls a day (UTC) before the 429. */
    dailyLimit: Type.Integer({ minimum: 0 }),
    /** The user's GPS devices: the only ones its groups may hold. */
    devices: Type.Array(deviceId, { uniqueItems: true }),
    /** Calls in total. */
    apiUsage: Type.Integer({ minimum: 0 }),
    /** Calls on `usageDay`. */
    apiDailyUsage: Type.Integer({ minimum: 0 }),
    /** The UTC day (`YYYY-MM-DD`) `apiDailyUsage` counts; null before the first call. */
    usageDay: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
  },
  strict,
);

const group = Type.Object(
  {
    /** The user (a key of `users`) the group belongs to; nobody else sees it. */
    owner: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1, pattern: '\\S' }),
    description: Type.Union([Type.String(), Type.Null()]),
    devices: Type.Array(deviceId, { uniqueItems: true }),
    creation: Type.String({ format: 'date-time' }),
    lastModified: Type.String({ format: 'date-time' }),
  },
  strict,
);

/** A token the mock issued, by its JWT id (`jti`). */
const token = Type.Object(
  { userName: Type.String({ minLength: 1 }), issuedAt: timestamp, lastUsed: Type.Optional(timestamp) },
  strict,
);

export const stateSchema = Type.Object(
  {
    settings,
    /**
     * The number of the next group created (`grp-<n>`): the high-water mark, above every group's
     * number, so the id of a deleted group never comes back until a reset.
     */
    nextGroupNumber: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    users: Type.Record(Type.String(), user, { propertyNames: { type: 'string', minLength: 1 } }),
    groups: Type.Record(Type.String(), group, { propertyNames: { type: 'string', pattern: GROUP_ID.source } }),
    tokens: Type.Record(Type.String(), token, { propertyNames: { type: 'string', minLength: 1 } }),
  },
  strict,
);

export type PlaspyState = Static<typeof stateSchema>;
export type PlaspyUser = Static<typeof user>;
export type StoredGroup = Static<typeof group>;

/**
 * What the schema cannot say: user names that differ only in case (they are looked up without
 * regard to it), devices that belong to two users, groups of unknown users or holding devices
 * their owner does not have, tokens of unknown users, and a next group number at or below a
 * group's.
 */
export function checkPlaspyState(state: PlaspyState): string[] {
  const problems: string[] = [];
  const largest = Object.keys(state.groups).reduce((max, id) => Math.max(max, Number(GROUP_ID.exec(id)![1])), 0);
  if (state.nextGroupNumber <= largest) {
    problems.push(
      `/nextGroupNumber: ${state.nextGroupNumber} is not above group grp-${largest}: ids are never issued twice, so the next number must be above every group's (at least ${largest + 1})`,
    );
  }
  const names = new Map<string, string>();
  const deviceOwners = new Map<string, string>();
  for (const [name, u] of Object.entries(state.users)) {
    const lower = name.toLowerCase();
    const same = names.get(lower);
    if (same !== undefined)
      problems.push(`/users/${name}: the same user name as ${same} (user names are compared without regard to case)`);
    else names.set(lower, name);
    u.devices.forEach((d, i) => {
      const other = deviceOwners.get(d);
      if (other !== undefined) problems.push(`/users/${name}/devices/${i}: ${d} is also a device of ${other}`);
      else deviceOwners.set(d, name);
    });
  }
  for (const [id, g] of Object.entries(state.groups)) {
    const owner = own(state.users, g.owner);
    if (!owner) {
      problems.push(`/groups/${id}/owner: no user ${g.owner}`);
      continue;
    }
    g.devices.forEach((d, i) => {
      if (!owner.devices.includes(d)) problems.push(`/groups/${id}/devices/${i}: ${d} is not a device of ${g.owner}`);
    });
  }
  for (const [jti, t] of Object.entries(state.tokens)) {
    if (!own(state.users, t.userName)) problems.push(`/tokens/${jti}/userName: no user ${t.userName}`);
  }
  return problems;
}
