/**
 * Plaspy's operations, one handler per operationId of `openapi/plaspy.yaml`, typed by the generated
 * `operations`. The token and the daily limit are checked, and the call counted, before a handler
 * runs (`auth.ts`); a handler checks what the request asks for — the group is the caller's, the
 * devices are the caller's — and only then changes anything.
 */
import {
  atLimit,
  counted,
  isoSeconds,
  limitsOf,
  own,
  sizeOf,
  type HandlerContext,
  type HandlerTable,
} from '../../engine/kit/index.js';
import type { operations } from '../../generated/plaspy.js';
import { findUser, issuePlaspyToken, type PlaspyPrincipal } from './auth.js';
import { invalidInput, MESSAGES, plaspyError, success } from './bodies.js';
import { invalidInputFor } from './error-table.js';
import {
  createGroup,
  fieldsOf,
  foreignDevices,
  groupsOf,
  ownGroup,
  saveGroup,
  view,
  type GroupFields,
} from './groups.js';
import { patchFields } from './patch.js';
import type { PlaspyState, PlaspyUser } from './state.js';
import { usageOf } from './usage.js';

type Ctx = HandlerContext<unknown, PlaspyState, PlaspyPrincipal>;

/** The caller (auth.ts admitted it, so it exists) and its counters, this call included. */
function caller(ctx: Ctx): { userName: string; user: PlaspyUser; usage: ReturnType<typeof usageOf> } {
  const { userName } = ctx.principal;
  const user = own(ctx.ns.state.users, userName);
  if (!user) throw new Error(`${ctx.operationId} ran without a caller`);
  return { userName, user, usage: usageOf(user, ctx.ns.clock.now()) };
}

const notFound = (ctx: Ctx) => plaspyError(404, MESSAGES.groupNotFound, { usage: caller(ctx).usage });
const badRequest = (ctx: Ctx, detail: string) => plaspyError(400, invalidInput(detail), { usage: caller(ctx).usage });

/** A refusal when the fields name devices that are not the caller's. */
function checkDevices(ctx: Ctx, fields: GroupFields) {
  const foreign = foreignDevices(caller(ctx).user, fields.devices);
  return foreign.length ? badRequest(ctx, `devices not found: ${foreign.join(', ')}`) : undefined;
}

export const handlers: HandlerTable<operations, PlaspyState, PlaspyPrincipal> = {
  getToken(ctx) {
    const { userName, apiKey } = ctx.body;
    const name = findUser(ctx.ns.state, userName);
    const user = name === undefined ? undefined : own(ctx.ns.state.users, name);
    if (name === undefined || !user || user.apiKey !== apiKey) return plaspyError(401, MESSAGES.invalidCredentials);
    const { token, expiresMs } = issuePlaspyToken(ctx.ns, name);
    return { status: 200, body: { success: true, token, expires: isoSeconds(expiresMs) } };
  },

  listGroups(ctx) {
    const { userName, usage } = caller(ctx);
    return {
      status: 200,
      body: { ...success(usage), groups: groupsOf(ctx.ns.state, userName).map(([id, g]) => view(id, g)) },
    };
  },

  createGroup(ctx) {
    const fields = fieldsOf(ctx.body);
    const refused = checkDevices(ctx, fields);
    if (refused) return refused;
    if (atLimit(ctx.ns, sizeOf(ctx.ns.state.groups))) {
      const limit = limitsOf(ctx.ns).maxResources;
      return plaspyError(
        400,
        invalidInput(
          `the namespace holds ${limit} groups, the most it may (--max-resources); delete some or reset the namespace`,
        ),
        { usage: caller(ctx).usage },
      );
    }
    const id = createGroup(ctx.ns, caller(ctx).userName, fields);
    return { status: 201, body: { ...success(caller(ctx).usage), ...view(id, ctx.ns.state.groups[id]!) } };
  },

  getGroup(ctx) {
    const { userName, usage } = caller(ctx);
    const g = ownGroup(ctx.ns.state, userName, ctx.params.groupId);
    if (!g) return notFound(ctx);
    return { status: 200, body: { ...success(usage), ...view(ctx.params.groupId, g) } };
  },

  updateGroup(ctx) {
    const { userName, usage } = caller(ctx);
    const g = ownGroup(ctx.ns.state, userName, ctx.params.groupId);
    if (!g) return notFound(ctx);
    const fields = fieldsOf(ctx.body);
    const refused = checkDevices(ctx, fields);
    if (refused) return refused;
    saveGroup(ctx.ns, g, fields);
    return { status: 200, body: { ...success(usage), ...view(ctx.params.groupId, g) } };
  },

  patchGroup(ctx) {
    const { userName, usage } = caller(ctx);
    const g = ownGroup(ctx.ns.state, userName, ctx.params.groupId);
    if (!g) return notFound(ctx);
    const out = patchFields(ctx, { name: g.name, description: g.description, devices: g.devices }, ctx.body);
    if (!out.ok)
      return 'detail' in out ? badRequest(ctx, out.detail) : plaspyError(400, invalidInputFor(out.issues), { usage });
    const refused = checkDevices(ctx, out.fields);
    if (refused) return refused;
    saveGroup(ctx.ns, g, out.fields);
    return { status: 200, body: { ...success(usage), ...view(ctx.params.groupId, g) } };
  },

  deleteGroup(ctx) {
    const { userName, usage } = caller(ctx);
    if (!ownGroup(ctx.ns.state, userName, ctx.params.groupId)) return notFound(ctx);
    delete ctx.ns.state.groups[ctx.params.groupId];
    counted(ctx.ns.state.groups, -1);
    return { status: 200, body: success(usage) };
  },
};
