/**
 * MDM's operations, one handler per operationId of `openapi/mdm.yaml`, typed by the generated
 * `operations`. The token and its scope are checked before a handler runs (`auth.ts`) and the request
 * against the spec; a handler checks what the request names — the group, the members and their
 * kind, the catalogue — and only then changes anything.
 */
import { atLimit, counted, hasOwn, headerOf, own, setOwn, sizeOf, type HandlerTable } from '../../engine/kit/index.js';
import type { operations } from '../../generated/mdm.js';
import type { MdmPrincipal } from './auth.js';
import { errors } from './errors.js';
import { groupChanged, listPage, nameTaken, parseTypes, skipTokens, type SkipToken } from './listing.js';
import { addMembers, checkMembers, findGroup, keyOf, keysOf, newGroupId, removeMembers } from './members.js';
import { DEVICE_GROUP, USER_GROUP, type MdmState, type StoredGroup } from './state.js';
import { groupView, memberDetails, sortedMembers, summaryOf, wireIds } from './views.js';

/** The absolute URL of a listing page, on the scheme and host the client used, under the path the mock serves MDM at. */
const pageUrl = (scheme: string, host: string | undefined, mountPath: string, token: SkipToken) =>
  `${scheme}://${host ?? '127.0.0.1:4010'}${mountPath}/api/v1/mdm/groups?skip-token=${skipTokens.encode(token)}`;

export const handlers: HandlerTable<operations, MdmState, MdmPrincipal> = {
  listGroups(ctx) {
    const q = ctx.query;
    let token: SkipToken | undefined;
    if (q['skip-token'] !== undefined) {
      token = skipTokens.decode(q['skip-token']);
      if (!token) return errors.invalidSkipToken();
    }
    const filter = parseTypes(q.group_type);
    if ('refusal' in filter) return filter.refusal;
    const page = listPage(ctx.ns.state, {
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
      types: filter.types,
      search: q.search,
      token,
    });
    const host = headerOf(ctx.headers, 'host');
    return {
      status: 200,
      body: {
        groups: page.rows.map(([k, g]) => groupView(k, g)),
        metadata: { total_record_count: page.total },
        paging: {
          ...(page.next ? { next: pageUrl(ctx.scheme, host, ctx.mountPath, page.next) } : {}),
          ...(page.previous ? { previous: pageUrl(ctx.scheme, host, ctx.mountPath, page.previous) } : {}),
        },
      },
    };
  },

  createGroup(ctx) {
    const { state } = ctx.ns;
    const { name, group_type, domain, description, member_ids } = ctx.body;
    if (atLimit(ctx.ns, sizeOf(state.groups))) return errors.groupLimitReached(ctx.ns);
    if (nameTaken(state, name)) return errors.nameExists(name);
    const type: StoredGroup['group_type'] = group_type === 7 ? USER_GROUP : DEVICE_GROUP;
    const group: StoredGroup = {
      name,
      group_type: type,
      ...(domain !== undefined ? { domain } : {}),
      ...(description !== undefined ? { description } : {}),
      created_time: ctx.ns.clock.now(),
      members: [],
      apps: [],
      profile_ids: [],
    };
    const keys = keysOf(member_ids);
    const refused = checkMembers(state, group, keys, 400);
    if (refused) return refused;
    addMembers(group, keys);
    const key = newGroupId(state, ctx.ns.rng);
    setOwn(state.groups, key, group);
    counted(state.groups, +1);
    groupChanged(state, key);
    return { status: 200, body: groupView(key, group) };
  },

  deleteGroups(ctx) {
    const { state } = ctx.ns;
    const keys = keysOf(ctx.body.group_ids);
    const unknown = keys.filter((k) => !hasOwn(state.groups, k));
    if (unknown.length) return errors.groupIdsNotFound('group_ids', unknown);
    for (const k of keys) delete state.groups[k], counted(state.groups, -1), groupChanged(state, k);
    return { status: 204, body: undefined };
  },

  getGroup(ctx) {
    const found = findGroup(ctx.ns.state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const { key, group } = found;
    const base = groupView(key, group);
    const include = ctx.query.include;
    if (include === 'member') return { status: 200, body: { ...base, member_ids: wireIds(sortedMembers(group)) } };
    if (include === 'summary') return { status: 200, body: { ...base, summary: summaryOf(ctx.ns.state, group) } };
    if (include === 'memberdetails') {
      const members = sortedMembers(group).map((m) => memberDetails(ctx.ns.state, group, m));
      return {
        status: 200,
        body: { ...base, associated: { members, metadata: { total_record_count: members.length } } },
      };
    }
    return { status: 200, body: base };
  },

  modifyGroup(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const { key, group } = found;
    const { name, description, member_ids } = ctx.body;
    if (name === undefined && description === undefined && member_ids === undefined) return errors.nothingToChange();
    if (name !== undefined && nameTaken(state, name, key)) return errors.nameExists(name);
    const keys = keysOf(member_ids);
    const refused = checkMembers(state, group, keys, 400);
    if (refused) return refused;
    if (name !== undefined) group.name = name;
    if (description !== undefined) group.description = description;
    if (member_ids !== undefined) group.members = keys;
    groupChanged(state, key);
    return { status: 200, body: groupView(key, group) };
  },

  deleteGroup(ctx) {
    const found = findGroup(ctx.ns.state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    delete ctx.ns.state.groups[found.key];
    counted(ctx.ns.state.groups, -1);
    groupChanged(ctx.ns.state, found.key);
    return { status: 204, body: undefined };
  },

  listGroupMembers(ctx) {
    const found = findGroup(ctx.ns.state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const keys = sortedMembers(found.group);
    const body = { member_ids: wireIds(keys) };
    if (ctx.query.include !== 'memberdetails') return { status: 200, body };
    return { status: 200, body: { ...body, members: keys.map((k) => memberDetails(ctx.ns.state, found.group, k)) } };
  },

  addGroupMembers(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const keys = keysOf(ctx.body.member_ids);
    const refused = checkMembers(state, found.group, keys, 400);
    if (refused) return refused;
    const already = keys.filter((k) => found.group.members.includes(k));
    if (already.length) return errors.alreadyMember(already);
    addMembers(found.group, keys);
    return { status: 200, body: { member_ids: wireIds(sortedMembers(found.group)) } };
  },

  removeGroupMembers(ctx) {
    const found = findGroup(ctx.ns.state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const keys = keysOf(ctx.body.member_ids);
    const absent = keys.filter((k) => !found.group.members.includes(k));
    if (absent.length) return errors.notMember(absent);
    removeMembers(found.group, keys);
    return { status: 200, body: { member_ids: wireIds(sortedMembers(found.group)) } };
  },

  addGroupMember(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const member = keyOf(ctx.params.member_id);
    const refused = checkMembers(state, found.group, [member], 404);
    if (refused) return refused;
    if (found.group.members.includes(member)) return errors.alreadyMember([member]);
    addMembers(found.group, [member]);
    return { status: 202, body: { member_ids: wireIds(sortedMembers(found.group)) } };
  },

  removeGroupMember(ctx) {
    const found = findGroup(ctx.ns.state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const member = keyOf(ctx.params.member_id);
    if (!found.group.members.includes(member)) return errors.notMember([member]);
    removeMembers(found.group, [member]);
    return { status: 200, body: { member_ids: wireIds(sortedMembers(found.group)) } };
  },

  associateGroupApps(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const { app_details, silent_install = false, notify_user_via_email = false } = ctx.body;
    const wanted = new Map<string, string>();
    for (const detail of app_details) {
      const appId = keyOf(detail.app_id);
      const labelId = keyOf(detail.release_label_id);
      const app = own(state.apps, appId);
      if (!app) return errors.appNotFound(appId);
      if (!own(app.release_labels, labelId)) return errors.releaseLabelNotFound(appId, labelId);
      wanted.set(appId, labelId);
    }
    const apps = found.group.apps.filter((a) => !wanted.has(a.app_id));
    for (const [app_id, release_label_id] of wanted)
      apps.push({ app_id, release_label_id, silent_install, notify_user_via_email });
    found.group.apps = apps;
    return { status: 202, body: undefined };
  },

  disassociateGroupApps(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const keys = keysOf(ctx.body.app_ids);
    for (const k of keys) {
      if (!hasOwn(state.apps, k)) return errors.appNotFound(k);
      if (!found.group.apps.some((a) => a.app_id === k)) return errors.appNotFound(k, true);
    }
    const gone = new Set(keys);
    found.group.apps = found.group.apps.filter((a) => !gone.has(a.app_id));
    return { status: 202, body: undefined };
  },

  associateGroupProfiles(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const keys = keysOf(ctx.body.profile_ids);
    const unknown = keys.filter((k) => !hasOwn(state.profiles, k));
    if (unknown.length) return errors.profileNotFound(unknown);
    for (const k of keys) if (!found.group.profile_ids.includes(k)) found.group.profile_ids.push(k);
    return { status: 202, body: undefined };
  },

  disassociateGroupProfiles(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const keys = keysOf(ctx.body.profile_ids);
    const unknown = keys.filter((k) => !hasOwn(state.profiles, k));
    if (unknown.length) return errors.profileNotFound(unknown);
    const absent = keys.filter((k) => !found.group.profile_ids.includes(k));
    if (absent.length) return errors.profileNotFound(absent, true);
    found.group.profile_ids = found.group.profile_ids.filter((p) => !keys.includes(p));
    return { status: 202, body: undefined };
  },

  moveGroupMembers(ctx) {
    const { state } = ctx.ns;
    const found = findGroup(state, ctx.params.group_id);
    if (!found) return errors.groupNotFound(keyOf(ctx.params.group_id));
    const source = found.group;
    const members = keysOf(ctx.body.member_ids);
    const absent = members.filter((m) => !source.members.includes(m));
    if (absent.length) return errors.notMember(absent);
    const targetKeys = keysOf(ctx.body.target_group_ids);
    const unknown = targetKeys.filter((k) => !hasOwn(state.groups, k));
    if (unknown.length) return errors.groupIdsNotFound('target_group_ids', unknown);
    for (const k of targetKeys) {
      if (k === found.key) return errors.wrongTargetType(k, 'is the group the members leave');
      const target = state.groups[k]!;
      if (target.group_type !== source.group_type)
        return errors.wrongTargetType(k, `is a ${target.group_type === DEVICE_GROUP ? 'device' : 'user'} group`);
    }
    removeMembers(source, members);
    for (const k of targetKeys) addMembers(state.groups[k]!, members);
    return { status: 200, body: { success: true } };
  },
};
