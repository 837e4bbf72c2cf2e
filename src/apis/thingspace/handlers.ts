/**
 * ThingSpace's operations, one handler per operationId of `openapi/thingspace.yaml`, typed by the
 * generated `operations`. Credentials are checked before a handler runs (`auth.ts`); a handler checks
 * what the request asks for: the account is the user's, the group exists, the devices are the
 * account's — and only then changes anything.
 */
import type { Handler, HandlerContext } from '../../engine/types.js';
import type { components, operations } from '../../generated/thingspace.js';
import { issueAccessToken, MAX_FAILED_LOGINS, startSession, type ThingSpacePrincipal } from './auth.js';
import { idKey, isValidId, kindOf, type DeviceId } from './device-ids.js';
import { errors, m2mError } from './errors.js';
import {
  byInternalId,
  defaultGroup,
  deleteGroup,
  devicesIn,
  findDevice,
  findGroup,
  moveDevices,
  nameTaken,
  renameGroup,
  resolveDevices,
  type Refusal,
} from './membership.js';
import { own, type Account, type StoredDevice, type ThingSpaceState } from './state.js';

type Handlers = { [K in keyof operations]: Handler<operations[K], ThingSpaceState, ThingSpacePrincipal> };
type Ctx = HandlerContext<unknown, ThingSpaceState, ThingSpacePrincipal>;
type KeyValue = components['schemas']['KeyValue'];
type ThingspaceDevice = components['schemas']['ThingspaceDevice'];

const SUCCESS = { status: 200 as const, body: { success: true } };
const CARRIER = 'Verizon Wireless';

/** The documented forbidden characters (’ < \); the plain apostrophe is treated like the typographic one. */
const FORBIDDEN = /[’'<\\]/;

/** Refuses a request with a forbidden character in any string it sends (passwords excepted). */
function badCharacters(ctx: Ctx): Refusal | undefined {
  const walk = (v: unknown, key?: string): boolean => {
    if (typeof v === 'string') return key !== 'password' && FORBIDDEN.test(v);
    if (Array.isArray(v)) return v.some((x) => walk(x));
    if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => walk(x, k));
    return false;
  };
  return walk(ctx.params) || walk(ctx.body) ? errors.invalidCharacter() : undefined;
}

/** The session's user name (every group call has one: auth.ts checked the session). */
function userOf(ctx: Ctx): string {
  const p = ctx.principal;
  if (p.kind !== 'session') throw new Error(`${ctx.operationId} ran without a session`);
  return p.username;
}

/** The accounts the session's user may act on. */
function accountsOf(ctx: Ctx): string[] {
  const user = own(ctx.ns.state.users, userOf(ctx));
  return (user?.accounts ?? []).filter((a) => own(ctx.ns.state.accounts, a));
}

/** The named account if the session's user may act on it; any other account does not exist for it. */
function accountFor(ctx: Ctx, name: string): { account: Account } | { refusal: Refusal } {
  const account = own(ctx.ns.state.accounts, name);
  if (!account || !accountsOf(ctx).includes(name)) return { refusal: errors.accountNotFound() };
  return { account };
}

/** The accounts a device call covers: the named one, or all of the user's. */
function scopeFor(ctx: Ctx, name: string | undefined): { scope: Array<[string, Account]> } | { refusal: Refusal } {
  if (name === undefined) return { scope: accountsOf(ctx).map((a) => [a, own(ctx.ns.state.accounts, a)!]) };
  const found = accountFor(ctx, name);
  return 'refusal' in found ? found : { scope: [[name, found.account]] };
}

const copyIds = (ids: DeviceId[]): DeviceId[] => ids.map((d) => ({ kind: d.kind, id: d.id }));

function deviceView(accountName: string, d: StoredDevice): ThingspaceDevice {
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

const hasAllFields = (d: StoredDevice, wanted: readonly KeyValue[] | undefined) =>
  (wanted ?? []).every((w) => d.customFields.some((f) => f.key === w.key && f.value === w.value));

/** Sets custom fields on a device, keeping them ordered by name. */
function setCustomFields(d: StoredDevice, updates: readonly KeyValue[]): void {
  for (const u of updates) {
    const existing = d.customFields.find((f) => f.key === u.key);
    if (existing) existing.value = u.value;
    else d.customFields.push({ key: u.key, value: u.value });
  }
  d.customFields.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** An ISO 8601 date and time with seconds and fractions optional and the offset (or Z) required. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant a strict ISO 8601 date-time stands for, in ms since the epoch; undefined for anything
 * else, including impossible dates (2024-02-30) and times without an offset, whose instant would
 * depend on the time zone of the process.
 */
export function parseDateTime(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offset;
}

/** A date-time filter of the device list, or the field error it deserves. */
function parseTime(field: string, value: string | undefined): { ms?: number } | { refusal: Refusal } {
  if (value === undefined) return {};
  const ms = parseDateTime(value);
  if (ms === undefined) return { refusal: m2mError(`UnifiedWebService.INPUT_INVALID.${field[0]!.toUpperCase()}${field.slice(1)}`, `${field}: must be an ISO 8601 date and time`) };
  return { ms };
}

type CustomFieldsRequest = components['schemas']['CustomFieldsUpdateRequest'];

/**
 * The devices a custom-fields request changes: the listed devices (every identifier of an entry must
 * be well-formed and name the same device of one account in scope), or, without a list, every device
 * of the scope matching the filters.
 */
function customFieldTargets(req: CustomFieldsRequest, scope: Array<[string, Account]>): { devices: StoredDevice[] } | { refusal: Refusal } {
  const devices: StoredDevice[] = [];
  if (req.devices && req.devices.length > 0) {
    for (const [i, listed] of req.devices.entries()) {
      const invalid = listed.deviceIds.find((id) => !isValidId(id.kind, id.id));
      if (invalid) return { refusal: errors.invalidDeviceId(invalid) };
      const [first, ...others] = listed.deviceIds;
      if (!first) return { refusal: m2mError('UnifiedWebService.INPUT_INVALID.Devices', `devices.${i}.deviceIds: must NOT have fewer than 1 items`) };
      const home = scope.find(([, a]) => findDevice(a, { kind: kindOf(first.kind)!, id: first.id }));
      if (!home) return { refusal: errors.deviceNotFound(first) };
      const device = findDevice(home[1], { kind: kindOf(first.kind)!, id: first.id })!;
      const stranger = others.find((id) => findDevice(home[1], { kind: kindOf(id.kind)!, id: id.id }) !== device);
      if (stranger) return { refusal: errors.deviceNotFound(stranger) };
      if (!devices.includes(device)) devices.push(device);
    }
    return { devices };
  }
  if (req.groupName !== undefined && req.accountName !== undefined && !findGroup(scope[0]![1], req.groupName)) return { refusal: errors.groupNotFound() };
  return {
    devices: scope
      .flatMap(([, a]) => a.devices)
      .filter((d) => (req.groupName === undefined || d.groupName === req.groupName) && (req.servicePlan === undefined || d.servicePlan === req.servicePlan) && hasAllFields(d, req.customFields)),
  };
}

export const handlers: Handlers = {
  getOAuthToken(ctx) {
    const { appKey } = ctx.principal as Extract<ThingSpacePrincipal, { kind: 'app' }>;
    const { token, expiresIn } = issueAccessToken(ctx.ns, appKey);
    const scope = own(ctx.ns.state.oauthApps, appKey)!.scope;
    return { status: 200, body: { access_token: token, scope, token_type: 'Bearer', expires_in: expiresIn } };
  },

  startSession(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { username, password } = ctx.body;
    const user = own(ctx.ns.state.users, username);
    if (!user) return errors.loginFailed();
    if (user.locked) return errors.userLocked();
    if (user.password !== password) {
      user.failedLogins += 1;
      if (user.failedLogins >= MAX_FAILED_LOGINS) user.locked = true;
      return errors.loginFailed();
    }
    user.failedLogins = 0;
    return { status: 200, body: { sessionToken: startSession(ctx.ns, username) } };
  },

  endSession(ctx) {
    const p = ctx.principal as Extract<ThingSpacePrincipal, { kind: 'session' }>;
    delete ctx.ns.state.sessions[p.sessionToken];
    return { status: 200, body: { sessionToken: p.sessionToken } };
  },

  createDeviceGroup(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { accountName, groupName, groupDescription, devicesToAdd } = ctx.body;
    const found = accountFor(ctx, accountName);
    if ('refusal' in found) return found.refusal;
    const { account } = found;
    if (nameTaken(account, groupName)) return errors.groupNameExists();
    const moving = resolveDevices(account, devicesToAdd);
    if ('refusal' in moving) return moving.refusal;
    const group = { name: groupName, description: groupDescription, isDefaultGroup: false, extendedAttributes: null };
    account.groups.push(group);
    moveDevices(moving.devices, group);
    return SUCCESS;
  },

  listDeviceGroups(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const found = accountFor(ctx, ctx.params.aname);
    if ('refusal' in found) return found.refusal;
    const body = found.account.groups.map((g) => ({
      name: g.name,
      description: g.description,
      isDefaultGroup: g.isDefaultGroup,
      extendedAttributes: g.extendedAttributes ? g.extendedAttributes.map((a) => ({ ...a })) : null,
    }));
    return { status: 200, body };
  },

  getDeviceGroup(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { aname, gname } = ctx.params;
    const found = accountFor(ctx, aname);
    if ('refusal' in found) return found.refusal;
    const group = findGroup(found.account, gname);
    if (!group) return errors.groupNotFound();
    // Documented: sorted by device ID, and `next` returns the devices with a greater ID. The IDs are
    // the internal device IDs, so a device leaving or joining the group between pages moves no other.
    const after = ctx.query?.next ?? 0;
    const rest = devicesIn(found.account, group).filter((d) => d.internalId > after);
    const size = ctx.ns.state.settings.devicePageSize;
    const page = rest.slice(0, size);
    const more = rest.length > size;
    const body = {
      name: group.name,
      description: group.description,
      hasMoreData: more,
      devices: page.map((d) => ({ deviceIds: copyIds(d.deviceIds), ...(d.ipAddress ? { ipAddress: d.ipAddress } : {}) })),
    };
    if (!more) return { status: 200, body };
    const location = `/groups/${encodeURIComponent(aname)}/name/${encodeURIComponent(gname)}/?next=${page.at(-1)!.internalId}`;
    return { status: 202, body, headers: { Location: location } };
  },

  updateDeviceGroup(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { newGroupName, newGroupDescription, devicesToAdd, devicesToRemove } = ctx.body;
    if (newGroupName === undefined && newGroupDescription === undefined && devicesToAdd === undefined && devicesToRemove === undefined) {
      return errors.requestUndefined();
    }
    const found = accountFor(ctx, ctx.params.aname);
    if ('refusal' in found) return found.refusal;
    const { account } = found;
    const group = findGroup(account, ctx.params.gname);
    if (!group) return errors.groupNotFound();
    if (group.isDefaultGroup) return errors.defaultGroupImmutable();
    if (newGroupName !== undefined && nameTaken(account, newGroupName, group)) return errors.groupNameExists();
    const leaving = resolveDevices(account, devicesToRemove);
    if ('refusal' in leaving) return leaving.refusal;
    const outsider = leaving.devices.findIndex((d) => d.groupName !== group.name);
    if (outsider >= 0) {
      const named = devicesToRemove!.find((id) => findDevice(account, { kind: kindOf(id.kind)!, id: id.id }) === leaving.devices[outsider]);
      return errors.deviceNotInGroup(group.name, named ?? leaving.devices[outsider]!.deviceIds[0]!);
    }
    const joining = resolveDevices(account, devicesToAdd);
    if ('refusal' in joining) return joining.refusal;
    moveDevices(leaving.devices, defaultGroup(account));
    moveDevices(joining.devices, group);
    if (newGroupName !== undefined) renameGroup(account, group, newGroupName);
    if (newGroupDescription !== undefined) group.description = newGroupDescription;
    return SUCCESS;
  },

  deleteDeviceGroup(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const found = accountFor(ctx, ctx.params.aname);
    if ('refusal' in found) return found.refusal;
    const group = findGroup(found.account, ctx.params.gname);
    if (!group) return errors.groupNotFound();
    if (group.isDefaultGroup) return errors.defaultGroupImmutable();
    deleteGroup(found.account, group);
    return SUCCESS;
  },

  listDevices(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const req = ctx.body;
    const found = scopeFor(ctx, req.accountName);
    if ('refusal' in found) return found.refusal;
    if (req.groupName !== undefined && req.accountName !== undefined && !findGroup(found.scope[0]![1], req.groupName)) return errors.groupNotFound();
    if (req.deviceId && !isValidId(req.deviceId.kind, req.deviceId.id)) return errors.invalidDeviceId(req.deviceId);
    const earliest = parseTime('earliest', req.earliest);
    if ('refusal' in earliest) return earliest.refusal;
    const latest = parseTime('latest', req.latest);
    if ('refusal' in latest) return latest.refusal;
    const wantedId = req.deviceId ? idKey({ kind: kindOf(req.deviceId.kind)!, id: req.deviceId.id }) : undefined;
    const idFilters = (req.filter?.deviceIdentifierFilters ?? []).map((f) => ({ ...f, kind: kindOf(f.kind)! }));
    const matches = (d: StoredDevice): boolean => {
      if (req.groupName !== undefined && d.groupName !== req.groupName) return false;
      if (wantedId && !d.deviceIds.some((x) => idKey(x) === wantedId)) return false;
      if (req.currentState !== undefined && d.state.toLowerCase() !== req.currentState.toLowerCase()) return false;
      if (req.servicePlan !== undefined && d.servicePlan !== req.servicePlan) return false;
      if (!hasAllFields(d, req.customFields)) return false;
      // Stored times carry an offset (the state schema's date-time format), so either parse is exact.
      const added = parseDateTime(d.createdAt) ?? Date.parse(d.createdAt);
      if (earliest.ms !== undefined && added < earliest.ms) return false;
      if (latest.ms !== undefined && added > latest.ms) return false;
      return idFilters.every((f) =>
        d.deviceIds.some((x) => {
          if (x.kind !== f.kind) return false;
          const id = x.id.toLowerCase();
          return (
            (f.contains === undefined || id.includes(f.contains.toLowerCase())) &&
            (f.startswith === undefined || id.startsWith(f.startswith.toLowerCase())) &&
            (f.endswith === undefined || id.endsWith(f.endswith.toLowerCase()))
          );
        }),
      );
    };
    const rows = found.scope
      .flatMap(([name, account]) => account.devices.filter(matches).map((d) => ({ name, d })))
      .sort((a, b) => byInternalId(a.d, b.d));
    const size = req.maxNumberOfDevices || ctx.ns.state.settings.deviceListPageSize;
    const after = req.largestDeviceIdSeen ?? 0;
    const rest = rows.filter((r) => r.d.internalId > after);
    const page = rest.slice(0, size);
    return {
      status: 200,
      body: {
        hasMoreData: rest.length > size,
        largestDeviceIdSeen: page.at(-1)?.d.internalId ?? after,
        devices: page.map((r) => deviceView(r.name, r.d)),
      },
    };
  },

  updateDeviceCustomFields(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const req = ctx.body;
    const found = scopeFor(ctx, req.accountName);
    if ('refusal' in found) return found.refusal;
    // Every target is found and checked first; a refused request changes no device.
    const targets = customFieldTargets(req, found.scope);
    if ('refusal' in targets) return targets.refusal;
    for (const d of targets.devices) setCustomFields(d, req.customFieldsToUpdate);
    return { status: 200, body: { requestId: ctx.ns.rng.uuid() } };
  },
};
