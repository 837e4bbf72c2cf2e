/**
 * The spec's MDM error examples (answered for `Prefer` and fault rules) in the request's own words:
 * each example that names an id, a name or a value is rendered by the same error the handlers give,
 * with what the request sent — the group or member id of the path, the `member_ids`, `group_ids`,
 * `app_ids`, `profile_ids` or name of the body, the query value, the content type — so that a 409
 * for member 987000000654330 says 987000000654330, not the example's 12. A group's type is read
 * from the state (never changed). What the request does not carry stays the example's text.
 */
import {
  headerOf,
  idKey,
  isInt64,
  own,
  valueAt,
  type ExampleRenderer,
  type MockReply,
  type RequestInfo,
} from '../../engine/kit/index.js';
import { errorTable, errors } from './errors.js';
import { DEVICE_GROUP, USER_GROUP, type MdmState } from './state.js';

type Req = RequestInfo<MdmState>;

/** Exact ids from a path parameter (digits). */
function pathIds(req: Req, name: string): string[] | undefined {
  const raw = own(req.params, name);
  return raw !== undefined && isInt64(raw) ? [idKey(raw)] : undefined;
}

/** Exact ids from a body array of ids (numbers, or bigints past 2^53), when every entry is one. */
function bodyIds(req: Req, ...path: Array<string | number>): string[] | undefined {
  const found = valueAt(req.body, path.map(String));
  if (!found.present) return undefined;
  const list = Array.isArray(found.value) ? found.value : [found.value];
  const ids = list.filter(isInt64).map(idKey);
  return ids.length && ids.length === list.length ? [...new Set(ids)] : undefined;
}

const first = (ids: string[] | undefined) => ids?.[0];

/** The type of the group the path names, when the state has it. */
function pathGroupType(req: Req): number | undefined {
  const id = first(pathIds(req, 'group_id'));
  const groups = req.ns.state?.groups;
  return id !== undefined && groups ? own(groups, id)?.group_type : undefined;
}

const queryValue = (req: Req, name: string): string | undefined => {
  const v = own(req.query, name);
  return typeof v === 'string' ? v : undefined;
};

const INCLUDES: Record<string, readonly string[]> = {
  getGroup: ['summary', 'member', 'memberdetails'],
  listGroupMembers: ['memberdetails'],
};

/** Per example name: the error with the request's values, or undefined when it carries none of them. */
const RENDER: Record<string, (req: Req, status: number) => MockReply | undefined> = {
  groupNotFound(req, status) {
    if (status === 404) {
      const id = first(pathIds(req, 'group_id'));
      return id === undefined ? undefined : errors.groupNotFound(id);
    }
    const ids = bodyIds(req, 'group_ids');
    return ids && errors.groupIdsNotFound('group_ids', ids);
  },
  targetNotFound(req) {
    const ids = bodyIds(req, 'target_group_ids');
    return ids && errors.groupIdsNotFound('target_group_ids', ids);
  },
  memberNotFound(req, status) {
    const ids = status === 404 ? pathIds(req, 'member_id') : bodyIds(req, 'member_ids');
    return (
      ids &&
      errors.memberNotFound(
        status === 404 ? 404 : 400,
        ids,
        pathGroupType(req) ?? Number(valueAt(req.body, ['group_type']).value ?? DEVICE_GROUP),
      )
    );
  },
  wrongMemberType(req) {
    const member = first(pathIds(req, 'member_id') ?? bodyIds(req, 'member_ids'));
    return member === undefined ? undefined : errors.wrongMemberType(member, pathGroupType(req) ?? DEVICE_GROUP);
  },
  wrongTargetType(req) {
    const target = first(bodyIds(req, 'target_group_ids'));
    // The target's type is the other one than the group the members leave.
    return target === undefined
      ? undefined
      : errors.wrongTargetType(target, `is a ${pathGroupType(req) === USER_GROUP ? 'device' : 'user'} group`);
  },
  alreadyMember(req) {
    const ids = pathIds(req, 'member_id') ?? bodyIds(req, 'member_ids');
    return ids && errors.alreadyMember(ids);
  },
  notMember(req) {
    const ids = pathIds(req, 'member_id') ?? bodyIds(req, 'member_ids');
    return ids && errors.notMember(ids);
  },
  nameExists(req) {
    const name = valueAt(req.body, ['name']).value;
    return typeof name === 'string' && name.trim() ? errors.nameExists(name) : undefined;
  },
  appNotFound(req) {
    const app = first(bodyIds(req, 'app_details', 0, 'app_id') ?? bodyIds(req, 'app_ids'));
    return app === undefined ? undefined : errors.appNotFound(app);
  },
  notAssociated(req) {
    const app = first(bodyIds(req, 'app_ids'));
    return app === undefined ? undefined : errors.appNotFound(app, true);
  },
  releaseLabelNotFound(req) {
    const app = first(bodyIds(req, 'app_details', 0, 'app_id'));
    const label = first(bodyIds(req, 'app_details', 0, 'release_label_id'));
    return app === undefined || label === undefined ? undefined : errors.releaseLabelNotFound(app, label);
  },
  profileNotFound(req) {
    const ids = bodyIds(req, 'profile_ids');
    return ids && errors.profileNotFound(ids);
  },
  invalidInclude(req) {
    const value = queryValue(req, 'include');
    return value === undefined
      ? undefined
      : errors.invalidInclude(value, INCLUDES[req.operationId ?? ''] ?? INCLUDES.getGroup!);
  },
  invalidFilter(req) {
    const value = queryValue(req, 'group_type');
    return value === undefined ? undefined : errors.invalidGroupTypeFilter(value);
  },
  notJson(req) {
    const type = headerOf(req.headers, 'content-type');
    return type === undefined
      ? undefined
      : errorTable.unsupportedMediaType({ kind: 'unsupportedMediaType', contentType: type }, req);
  },
};

export const examples: ExampleRenderer<MdmState> = (documented, req) => {
  const render = documented.example !== undefined ? own(RENDER, documented.example) : undefined;
  const rendered = render?.(req, documented.status);
  return rendered ? { ...documented.reply, body: rendered.body } : documented.reply;
};
