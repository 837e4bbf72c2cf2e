/**
 * Bold's operations, one handler per operationId of `openapi/bold.yaml`, typed by the generated
 * `operations`. The credential and the right the operation needs (`read`/`write`) are checked before a
 * handler runs (`auth.ts`); a handler checks what the request names, in this order — the group
 * exists (404), it is of one of the caller's organizations (403), the device exists (404), it is the
 * caller's to see (403), registered and of the group's organization (400) — and only then changes
 * anything.
 */
import {
  atLimit,
  counted,
  freshId,
  hasOwn,
  limitsOf,
  own,
  setOwn,
  sizeOf,
  type HandlerContext,
  type HandlerTable,
} from '../../engine/kit/index.js';
import type { operations } from '../../generated/bold.js';
import { belongsTo, userOf, type BoldPrincipal } from './auth.js';
import { errors } from './errors.js';
import { groupChanged, listGroups } from './listing.js';
import type { BoldState, StoredDevice, StoredGroup } from './state.js';
import { groupView, membershipIndex } from './views.js';

type Ctx = HandlerContext<unknown, BoldState, BoldPrincipal>;
type GroupInput = operations['createDeviceGroup']['requestBody']['content']['application/json'];

type Found<T> =
  | { ok: true; value: T }
  | { ok: false; reply: ReturnType<typeof errors.groupNotFound> | ReturnType<typeof errors.insufficientRights> };

/** The group the path names, when the caller may touch it. */
function groupFor(ctx: Ctx, id: number): Found<StoredGroup> {
  const g = own(ctx.ns.state.groups, String(id));
  if (!g) return { ok: false, reply: errors.groupNotFound() };
  if (!belongsTo(userOf(ctx.ns.state, ctx.principal), g.organizationId))
    return { ok: false, reply: errors.insufficientRights() };
  return { ok: true, value: g };
}

/** The device the path names, when the caller may see it. */
function deviceFor(
  ctx: Ctx,
  id: number,
):
  | { ok: true; value: StoredDevice }
  | { ok: false; reply: ReturnType<typeof errors.deviceNotFound> | ReturnType<typeof errors.insufficientRights> } {
  const d = own(ctx.ns.state.devices, String(id));
  if (!d) return { ok: false, reply: errors.deviceNotFound() };
  if (!belongsTo(userOf(ctx.ns.state, ctx.principal), d.organizationId))
    return { ok: false, reply: errors.insufficientRights() };
  return { ok: true, value: d };
}

/** A group body's fields as stored: a field left out or null is no value. */
function fieldsOf(body: GroupInput): Pick<StoredGroup, 'name' | 'remarks' | 'location'> {
  return { name: body.name, remarks: body.remarks ?? null, location: body.location ?? null };
}

export const handlers: HandlerTable<operations, BoldState, BoldPrincipal> = {
  listDeviceGroups(ctx) {
    const { state } = ctx.ns;
    const user = userOf(state, ctx.principal);
    const orgId = ctx.query.organizationId;
    if (orgId !== undefined && !belongsTo(user, orgId)) return errors.insufficientRights();
    const page = listGroups(state, orgId !== undefined ? [orgId] : user.organizations, ctx.query);
    const index = ctx.query.includeDevices ? membershipIndex(state) : undefined;
    return { status: 200, body: page.map((r) => groupView(state, r.id, r.group, index)) };
  },

  createDeviceGroup(ctx) {
    const { state, clock } = ctx.ns;
    const orgId = ctx.query.organizationId;
    if (!belongsTo(userOf(state, ctx.principal), orgId)) return errors.insufficientRights();
    if (atLimit(ctx.ns, sizeOf(state.groups)))
      return errors.invalid(
        `the namespace holds ${limitsOf(ctx.ns).maxResources} device groups, the most it may (--max-resources); delete some or reset the namespace`,
      );
    const id = freshId(
      (n) => hasOwn(state.groups, String(n)),
      () => state.nextGroupId++,
    );
    setOwn<StoredGroup>(state.groups, String(id), {
      organizationId: orgId,
      ...fieldsOf(ctx.body),
      dateCreated: clock.now(),
      dateModified: null,
      devices: [],
    });
    counted(state.groups, +1);
    groupChanged(state, id);
    return { status: 200, body: id };
  },

  getDeviceGroup(ctx) {
    const found = groupFor(ctx, ctx.params.id);
    if (!found.ok) return found.reply;
    const { state } = ctx.ns;
    return {
      status: 200,
      body: groupView(
        state,
        ctx.params.id,
        found.value,
        ctx.query?.includeDevices ? membershipIndex(state) : undefined,
      ),
    };
  },

  updateDeviceGroup(ctx) {
    const found = groupFor(ctx, ctx.params.id);
    if (!found.ok) return found.reply;
    Object.assign(found.value, fieldsOf(ctx.body), { dateModified: ctx.ns.clock.now() });
    groupChanged(ctx.ns.state, ctx.params.id);
    return { status: 200, body: groupView(ctx.ns.state, ctx.params.id, found.value) };
  },

  deleteDeviceGroup(ctx) {
    const found = groupFor(ctx, ctx.params.id);
    if (!found.ok) return found.reply;
    // Membership lives on the group: with it gone, no device lists it in relatedDeviceGroups.
    delete ctx.ns.state.groups[String(ctx.params.id)];
    counted(ctx.ns.state.groups, -1);
    groupChanged(ctx.ns.state, ctx.params.id);
    return { status: 200, body: true };
  },

  addDeviceToDeviceGroup(ctx) {
    const group = groupFor(ctx, ctx.params.id);
    if (!group.ok) return group.reply;
    const device = deviceFor(ctx, ctx.params.deviceId);
    if (!device.ok) return device.reply;
    if (!device.value.registered) return errors.notRegistered();
    if (device.value.organizationId !== group.value.organizationId) return errors.otherAccount();
    if (!group.value.devices.includes(ctx.params.deviceId)) group.value.devices.push(ctx.params.deviceId);
    return { status: 200, body: true };
  },

  removeDeviceFromDeviceGroup(ctx) {
    const group = groupFor(ctx, ctx.params.id);
    if (!group.ok) return group.reply;
    const device = deviceFor(ctx, ctx.params.deviceId);
    if (!device.ok) return device.reply;
    const at = group.value.devices.indexOf(ctx.params.deviceId);
    if (at < 0) return errors.notInGroup();
    group.value.devices.splice(at, 1);
    return { status: 200, body: true };
  },
};
