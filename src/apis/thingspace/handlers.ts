/**
 * ThingSpace's operations, one handler per operationId of `openapi/thingspace.yaml`, typed by the
 * generated `operations`. Credentials are checked before a handler runs (`auth.ts`); a handler checks
 * what the request asks for: the account is the user's, the group exists, the devices are the
 * account's — and only then changes anything.
 */
import type { Handler, HandlerContext } from '../../engine/types.js';
import type { components, operations } from '../../generated/thingspace.js';
import { issueAccessToken, MAX_FAILED_LOGINS, startSession, type ThingSpacePrincipal } from './auth.js';
import { compareDevices, idKey, isValidId, kindOf, type DeviceId } from './device-ids.js';
import { errors, m2mError } from './errors.js';
import {
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
import type { Account, StoredDevice, ThingSpaceState } from './state.js';

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
  const user = ctx.ns.state.users[userOf(ctx)];
  return (user?.accounts ?? []).filter((a) => ctx.ns.state.accounts[a]);
}

/** The named account if the session's user may act on it; any other account does not exist for it. */
function accountFor(ctx: Ctx, name: string): { account: Account } | { refusal: Refusal } {
  const account = ctx.ns.state.accounts[name];
  if (!account || !accountsOf(ctx).includes(name)) return { refusal: errors.accountNotFound() };
  return { account };
}

/** The accounts a device call covers: the named one, or all of the user's. */
function scopeFor(ctx: Ctx, name: string | undefined): { scope: Array<[string, Account]> } | { refusal: Refusal } {
  if (name === undefined) return { scope: accountsOf(ctx).map((a) => [a, ctx.ns.state.accounts[a]!]) };
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

/** An ISO date-time filter of the device list, or the field error it deserves. */
function parseTime(field: string, value: string | undefined): { ms?: number } | { refusal: Refusal } {
  if (value === undefined) return {};
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { refusal: m2mError(`UnifiedWebService.INPUT_INVALID.${field[0]!.toUpperCase()}${field.slice(1)}`, `${field}: must be an ISO 8601 date and time`) };
  return { ms };
}

export const handlers: Handlers = {
  getOAuthToken(ctx) {
    const { appKey } = ctx.principal as Extract<ThingSpacePrincipal, { kind: 'app' }>;
    const { token, expiresIn } = issueAccessToken(ctx.ns, appKey);
    const scope = ctx.ns.state.oauthApps[appKey]!.scope;
    return { status: 200, body: { access_token: token, scope, token_type: 'Bearer', expires_in: expiresIn } };
  },

  startSession(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { username, password } = ctx.body;
    const user = ctx.ns.state.users[username];
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
    const all = devicesIn(found.account, group);
    const from = ctx.query?.next ?? 0;
    const size = ctx.ns.state.settings.devicePageSize;
    const page = all.slice(from, from + size);
    const more = from + size < all.length;
    const body = {
      name: group.name,
      description: group.description,
      hasMoreData: more,
      devices: page.map((d) => ({ deviceIds: copyIds(d.deviceIds), ...(d.ipAddress ? { ipAddress: d.ipAddress } : {}) })),
    };
    if (!more) return { status: 200, body };
    const location = `/groups/${encodeURIComponent(aname)}/name/${encodeURIComponent(gname)}/?next=${from + page.length}`;
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
      const added = Date.parse(d.createdAt);
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
      .sort((a, b) => compareDevices(a.d, b.d) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const size = req.maxNumberOfDevices || ctx.ns.state.settings.deviceListPageSize;
    const from = req.largestDeviceIdSeen ?? 0;
    const page = rows.slice(from, from + size);
    return { status: 200, body: { hasMoreData: from + size < rows.length, devices: page.map((r) => deviceView(r.name, r.d)) } };
  },

  updateDeviceCustomFields(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const req = ctx.body;
    const found = scopeFor(ctx, req.accountName);
    if ('refusal' in found) return found.refusal;
    let targets: StoredDevice[];
    if (req.devices && req.devices.length > 0) {
      targets = [];
      for (const [i, listed] of req.devices.entries()) {
        const invalid = listed.deviceIds.find((id) => !isValidId(id.kind, id.id));
        if (invalid) return errors.invalidDeviceId(invalid);
        const first = listed.deviceIds[0];
        if (!first) return m2mError('UnifiedWebService.INPUT_INVALID.Devices', `devices.${i}.deviceIds: must NOT have fewer than 1 items`);
        const device = found.scope.map(([, a]) => findDevice(a, { kind: kindOf(first.kind)!, id: first.id })).find(Boolean);
        if (!device) return errors.deviceNotFound(first);
        if (!targets.includes(device)) targets.push(device);
      }
    } else {
      if (req.groupName !== undefined && req.accountName !== undefined && !findGroup(found.scope[0]![1], req.groupName)) return errors.groupNotFound();
      targets = found.scope
        .flatMap(([, a]) => a.devices)
        .filter((d) => (req.groupName === undefined || d.groupName === req.groupName) && (req.servicePlan === undefined || d.servicePlan === req.servicePlan) && hasAllFields(d, req.customFields));
    }
    for (const d of targets) setCustomFields(d, req.customFieldsToUpdate);
    return { status: 200, body: { requestId: ctx.ns.rng.uuid() } };
  },
};
