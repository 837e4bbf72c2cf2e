/**
 * Kazoo's state per namespace: accounts with their users, devices and groups, and the auth tokens
 * issued. The demo tenant (`fixtures/kazoo.json`), `GET /__admin/state/kazoo` and
 * `PUT /__admin/state/kazoo` all use this shape; the types are derived from the schema.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { components } from '../../generated/kazoo.js';

export type Group = components['schemas']['Group'];

const id = Type.String({ pattern: '^[0-9a-f]{32}$' });
const timestamp = Type.Integer({ minimum: 0 });
const strict = { additionalProperties: false } as const;
/** A map keyed by 32-hex ids. */
const byId = <T extends Parameters<typeof Type.Record>[1]>(value: T) =>
  Type.Record(Type.String(), value, { propertyNames: { pattern: '^[0-9a-f]{32}$' } });

/** A group document as stored: what the spec's Group is, checked here for what a fixture must hold. */
const groupDoc = Type.Unsafe<Group>({
  type: 'object',
  required: ['name', 'endpoints'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 128 },
    endpoints: { type: 'object' },
    flags: { type: 'array', items: { type: 'string' } },
  },
});

export const storedGroup = Type.Object(
  {
    doc: groupDoc,
    /** CouchDB-style revision counter. */
    rev: Type.Integer({ minimum: 1 }),
    /** Milliseconds since the Unix epoch, on the engine clock. */
    created: timestamp,
    modified: timestamp,
    /** Soft delete: a deleted group answers 404. */
    deleted: Type.Optional(Type.Boolean()),
  },
  strict,
);

const user = Type.Object({
  username: Type.String({ minLength: 1 }),
  password: Type.String(),
  first_name: Type.Optional(Type.String()),
  last_name: Type.Optional(Type.String()),
});

const account = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    realm: Type.String({ minLength: 1 }),
    /** The reseller/parent account; a token of an ancestor may act on its descendants. */
    parent_id: Type.Optional(Type.Union([id, Type.Null()])),
    api_key: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    users: byId(user),
    devices: byId(Type.Object({ name: Type.String(), owner_id: Type.Optional(id) })),
    groups: byId(storedGroup),
  },
  strict,
);

const token = Type.Object({
  account_id: id,
  owner_id: Type.Optional(id),
  method: Type.Union([Type.Literal('user_auth'), Type.Literal('api_auth')]),
  /** When it was issued and last used (ms, engine clock); a token idle for an hour expires. */
  issuedAt: timestamp,
  lastUsed: timestamp,
});

export const stateSchema = Type.Object({ accounts: byId(account), tokens: Type.Record(Type.String(), token) }, strict);

export type KazooState = Static<typeof stateSchema>;
export type StoredGroup = Static<typeof storedGroup>;
export type KazooAccount = Static<typeof account>;
export type KazooToken = Static<typeof token>;

/** What the schema cannot say: references between accounts, users and tokens, unique names. */
export function checkKazooState(state: KazooState): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const [accountId, account] of Object.entries(state.accounts)) {
    const at = `/accounts/${accountId}`;
    if (account.parent_id && !Object.hasOwn(state.accounts, account.parent_id))
      problems.push(`${at}/parent_id: no account ${account.parent_id}`);
    const lower = account.name.toLowerCase();
    if (names.has(lower))
      problems.push(`${at}/name: "${account.name}" is also the name of account ${names.get(lower)}`);
    names.set(lower, accountId);
    for (const [deviceId, device] of Object.entries(account.devices)) {
      if (device.owner_id && !Object.hasOwn(account.users, device.owner_id))
        problems.push(`${at}/devices/${deviceId}/owner_id: no user ${device.owner_id} in this account`);
    }
  }
  for (const [token, t] of Object.entries(state.tokens)) {
    const account = Object.hasOwn(state.accounts, t.account_id) ? state.accounts[t.account_id] : undefined;
    if (!account) problems.push(`/tokens/${token}/account_id: no account ${t.account_id}`);
    else if (t.owner_id && !Object.hasOwn(account.users, t.owner_id))
      problems.push(`/tokens/${token}/owner_id: no user ${t.owner_id} in account ${t.account_id}`);
  }
  return problems;
}
