/**
 * ThingSpace's operations, one handler per operationId of `openapi/thingspace.yaml`, typed by the
 * generated `operations`. Credentials are checked before a handler runs (`auth.ts`); a handler checks
 * what the request asks for: the account is the user's (`access.ts`), the group exists, the devices
 * are the account's — and only then changes anything.
 */
import { atLimit, limitsOf, own, parseIsoDateTime, type HandlerTable } from '../../engine/kit/index.js';
import type { operations } from '../../generated/thingspace.js';
import { accountFor, badCharacters, scopeFor } from './access.js';
import { issueAccessToken, MAX_FAILED_LOGINS, startSession, type ThingSpacePrincipal } from './auth.js';
import { idKey, isValidId, kindOf } from './device-ids.js';
import { copyIds, customFieldTargets, deviceView, hasAllFields, parseTime, setCustomFields } from './device-views.js';
import { errors } from './errors.js';
import { groupCount } from './state.js';
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
} from './membership.js';
import type { StoredDevice, ThingSpaceState } from './state.js';

const SUCCESS = { status: 200 as const, body: { success: true } };

export const handlers: HandlerTable<operations, ThingSpaceState, ThingSpacePrincipal> = {
  getOAuthToken(ctx) {
    const appKey = ctx.principal.appKey!;
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
    const sessionToken = ctx.principal.sessionToken!;
    delete ctx.ns.state.sessions[sessionToken];
    return { status: 200, body: { sessionToken } };
  },

  createDeviceGroup(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { accountName, groupName, groupDescription, devicesToAdd } = ctx.body;
    const found = accountFor(ctx, accountName);
    if ('refusal' in found) return found.refusal;
    const { account } = found;
    if (atLimit(ctx.ns, groupCount(ctx.ns.state))) return errors.groupLimitReached(limitsOf(ctx.ns).maxResources);
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
      devices: page.map((d) => ({
        deviceIds: copyIds(d.deviceIds),
        ...(d.ipAddress ? { ipAddress: d.ipAddress } : {}),
      })),
    };
    if (!more) return { status: 200, body };
    // Verizon documents a path relative to /api/m2m/v1 with a slash before the query; a client that
    // follows Location needs the absolute path under the mock's prefix, and the spec's path has no slash.
    const location = `${ctx.mountPath}/api/m2m/v1/groups/${encodeURIComponent(aname)}/name/${encodeURIComponent(gname)}?next=${page.at(-1)!.internalId}`;
    return { status: 202, body, headers: { Location: location } };
  },

  updateDeviceGroup(ctx) {
    const bad = badCharacters(ctx);
    if (bad) return bad;
    const { newGroupName, newGroupDescription, devicesToAdd, devicesToRemove } = ctx.body;
    if (
      newGroupName === undefined &&
      newGroupDescription === undefined &&
      devicesToAdd === undefined &&
      devicesToRemove === undefined
    ) {
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
      const named = devicesToRemove!.find(
        (id) => findDevice(account, { kind: kindOf(id.kind)!, id: id.id }) === leaving.devices[outsider],
      );
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
    if (req.groupName !== undefined && req.accountName !== undefined && !findGroup(found.scope[0]![1], req.groupName))
      return errors.groupNotFound();
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
      const added = parseIsoDateTime(d.createdAt) ?? Date.parse(d.createdAt);
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
    const body = {
      hasMoreData: rest.length > size,
      largestDeviceIdSeen: page.at(-1)?.d.internalId ?? after,
      devices: page.map((r) => deviceView(r.name, r.d)),
    };
    // The official SDK's AccountDeviceListResult: hasMoreData is "False for a status 200 response.
    // True for a status 202 response."
    return body.hasMoreData ? { status: 202, body } : { status: 200, body };
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
