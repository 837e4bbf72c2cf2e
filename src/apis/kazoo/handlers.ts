/**
 * Kazoo's operations, one handler per operationId of `openapi/kazoo.yaml`, typed by the generated
 * `operations` so that the spec and the handlers cannot drift apart.
 */
import {
  atLimit,
  counted,
  freshId,
  hasOwn,
  limitsOf,
  mergePatch,
  own,
  setOwn,
  type HandlerTable,
} from '../../engine/kit/index.js';
import type { operations } from '../../generated/kazoo.js';
import { issueKazooToken, type KazooPrincipal } from './auth.js';
import { groupDeleted, liveGroups } from './cleanup.js';
import { badIdentifier, invalidCredentials, kazooError, md5, ok, type EnvelopeSource } from './envelope.js';
import { validationData } from './errors.js';
import { filterFrom, groupChanged, listPage, summarize } from './listing.js';
import type { Group, KazooAccount, KazooState, StoredGroup } from './state.js';

type Handlers = HandlerTable<operations, KazooState, KazooPrincipal>;

/** CouchDB-style revision: `<n>-<hash of the document>`. */
const revision = (g: StoredGroup) => `${g.rev}-${md5(`${g.rev}:${JSON.stringify(g.doc)}`)}`;

/** Records a change of a stored group (new revision, modified now, the listing index told) and answers with the document. */
function saved(ctx: EnvelopeSource, groups: Record<string, StoredGroup>, id: string, g: StoredGroup) {
  g.rev += 1;
  g.modified = ctx.ns.clock.now();
  groupChanged(groups, id);
  return { status: 200 as const, body: ok(ctx, withId(id, g), revision(g)) };
}

/** A group document as Crossbar returns it. */
const withId = (id: string, g: StoredGroup) => ({ ...g.doc, id });

/** The stored document: the client's fields, less the id that the path decides. */
function docFrom(data: Group & { id?: unknown }): Group {
  const { id: _ignored, ...doc } = data;
  return doc;
}

/** A create past `--max-resources` (docs/memory.md): Crossbar's 403 envelope, naming the limit (inferred). */
function tooManyGroups(ctx: EnvelopeSource) {
  const limit = limitsOf(ctx.ns).maxResources;
  return kazooError(ctx, 403, 'forbidden', {
    message: 'too many groups',
    limit,
    cause: `the namespace holds ${limit} groups, the most it may (--max-resources); delete some or reset the namespace`,
  });
}

function liveGroup(account: KazooAccount | undefined, id: string): StoredGroup | undefined {
  const g = account && own(account.groups, id);
  return g && !g.deleted ? g : undefined;
}

function authData(state: KazooState, accountId: string, ownerId?: string) {
  const account = own(state.accounts, accountId)!;
  return {
    account_id: accountId,
    ...(ownerId ? { owner_id: ownerId } : {}),
    account_name: account.name,
    is_reseller: Object.values(state.accounts).some((a) => a.parent_id === accountId),
    reseller_id: account.parent_id ?? accountId,
    language: 'en-us',
    apps: [],
  };
}

export const handlers: Handlers = {
  createUserAuth(ctx) {
    const { state } = ctx.ns;
    const { credentials, account_name, account_realm } = ctx.body.data;
    const candidates = Object.entries(state.accounts).filter(
      ([, a]) =>
        (account_name === undefined || a.name.toLowerCase() === account_name.toLowerCase()) &&
        (account_realm === undefined || a.realm.toLowerCase() === account_realm.toLowerCase()),
    );
    for (const [accountId, account] of candidates) {
      const user = Object.entries(account.users).find(([, u]) => md5(`${u.username}:${u.password}`) === credentials);
      if (!user) continue;
      const token = issueKazooToken(ctx.ns, accountId, 'user_auth', user[0]);
      return { status: 201, body: ok(ctx, authData(state, accountId, user[0]), 'automatic', token) };
    }
    return invalidCredentials(ctx);
  },

  createApiAuth(ctx) {
    const { state } = ctx.ns;
    const found = Object.entries(state.accounts).find(([, a]) => a.api_key === ctx.body.data.api_key);
    if (!found) return invalidCredentials(ctx);
    const token = issueKazooToken(ctx.ns, found[0], 'api_auth');
    return { status: 201, body: ok(ctx, authData(state, found[0]), 'automatic', token) };
  },

  listGroups(ctx) {
    const account = own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID);
    if (!account) return badIdentifier(ctx, ctx.params.ACCOUNT_ID);
    const q = ctx.query;
    const page = listPage(account.groups, filterFrom(ctx.rawQuery), {
      pageSize: q.page_size,
      startKey: q.start_key,
      paginate: q.paginate,
      ascending: q.ascending,
    });
    if ('badStartKey' in page) {
      return kazooError(
        ctx,
        400,
        'validation error',
        validationData([
          {
            in: 'query',
            path: ['start_key'],
            keyword: 'format',
            message: 'invalid start_key',
            params: {},
            value: page.badStartKey,
          },
        ]),
      );
    }
    const body = {
      ...ok(ctx, page.rows, md5(JSON.stringify(page.rows))),
      page_size: page.rows.length,
      ...(page.startKey !== undefined ? { start_key: page.startKey } : {}),
      ...(page.nextStartKey !== undefined ? { next_start_key: page.nextStartKey } : {}),
    };
    return { status: 200, body };
  },

  createGroup(ctx) {
    const account = own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID);
    if (!account) return badIdentifier(ctx, ctx.params.ACCOUNT_ID);
    if (atLimit(ctx.ns, liveGroups(ctx.ns.state))) return tooManyGroups(ctx);
    const id = freshId(
      (id) => hasOwn(account.groups, id),
      () => ctx.ns.rng.hex(32),
    );
    const now = ctx.ns.clock.now();
    const g: StoredGroup = { doc: docFrom(ctx.body.data), rev: 1, created: now, modified: now };
    setOwn(account.groups, id, g);
    counted(account.groups, +1);
    groupChanged(account.groups, id);
    return { status: 201, body: ok(ctx, withId(id, g), revision(g)) };
  },

  getGroup(ctx) {
    const g = liveGroup(own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID), ctx.params.GROUP_ID);
    if (!g) return badIdentifier(ctx, ctx.params.GROUP_ID);
    return { status: 200, body: ok(ctx, withId(ctx.params.GROUP_ID, g), revision(g)) };
  },

  replaceGroup(ctx) {
    const account = own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID);
    const g = liveGroup(account, ctx.params.GROUP_ID);
    if (!g) return badIdentifier(ctx, ctx.params.GROUP_ID);
    g.doc = docFrom(ctx.body.data);
    return saved(ctx, account!.groups, ctx.params.GROUP_ID, g);
  },

  patchGroup(ctx) {
    const account = own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID);
    const g = liveGroup(account, ctx.params.GROUP_ID);
    if (!g) return badIdentifier(ctx, ctx.params.GROUP_ID);
    const merged = docFrom(mergePatch(g.doc, ctx.body.data) as Group);
    const issues = ctx
      .validate('#/components/schemas/Group', merged)
      .map((i) => ({ ...i, in: 'body', path: ['data', ...i.path] }));
    if (issues.length) return kazooError(ctx, 400, 'validation error', validationData(issues));
    g.doc = merged;
    return saved(ctx, account!.groups, ctx.params.GROUP_ID, g);
  },

  deleteGroup(ctx) {
    const account = own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID);
    const g = liveGroup(account, ctx.params.GROUP_ID);
    if (!g) return badIdentifier(ctx, ctx.params.GROUP_ID);
    g.deleted = true;
    const reply = saved(ctx, account!.groups, ctx.params.GROUP_ID, g);
    groupDeleted(ctx.ns, ctx.params.ACCOUNT_ID, ctx.params.GROUP_ID);
    return reply;
  },

  listUserGroups(ctx) {
    const account = own(ctx.ns.state.accounts, ctx.params.ACCOUNT_ID);
    if (!account) return badIdentifier(ctx, ctx.params.ACCOUNT_ID);
    if (!own(account.users, ctx.params.USER_ID)) return badIdentifier(ctx, ctx.params.USER_ID);
    const rows = Object.entries(account.groups)
      .filter(([, g]) => !g.deleted && own(g.doc.endpoints ?? {}, ctx.params.USER_ID)?.type === 'user')
      .map(([id, g]) => summarize(id, g))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { status: 200, body: { ...ok(ctx, rows, md5(JSON.stringify(rows))), page_size: rows.length } };
  },
};
