/**
 * Kazoo's state per namespace: accounts with their users, devices and groups, and the auth tokens
 * issued. The demo tenant (`fixtures/kazoo.json`), `GET /__admin/state/kazoo` and
 * `PUT /__admin/state/kazoo` all use this shape.
 */
import type { components } from '../../generated/kazoo.js';

export type Group = components['schemas']['Group'];

export interface StoredGroup {
  doc: Group;
  /** CouchDB-style revision counter. */
  rev: number;
  /** Milliseconds since the Unix epoch, on the engine clock. */
  created: number;
  modified: number;
  /** Soft delete: a deleted group answers 404. */
  deleted?: boolean;
}

export interface KazooUser {
  username: string;
  password: string;
  first_name?: string;
  last_name?: string;
}

export interface KazooAccount {
  name: string;
  realm: string;
  /** The reseller/parent account; a token of an ancestor may act on its descendants. */
  parent_id?: string | null;
  api_key: string;
  users: Record<string, KazooUser>;
  devices: Record<string, { name: string; owner_id?: string }>;
  groups: Record<string, StoredGroup>;
}

export interface KazooToken {
  account_id: string;
  owner_id?: string;
  method: 'user_auth' | 'api_auth';
  /** Last use (ms); a token idle for an hour expires. */
  last_used: number;
}

export interface KazooState {
  accounts: Record<string, KazooAccount>;
  tokens: Record<string, KazooToken>;
}

const id = { type: 'string', pattern: '^[0-9a-f]{32}$' };
const timestamp = { type: 'integer', minimum: 0 };

export const stateSchema = {
  type: 'object',
  required: ['accounts', 'tokens'],
  additionalProperties: false,
  properties: {
    accounts: {
      type: 'object',
      propertyNames: id,
      additionalProperties: {
        type: 'object',
        required: ['name', 'realm', 'api_key', 'users', 'devices', 'groups'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          realm: { type: 'string', minLength: 1 },
          parent_id: { anyOf: [id, { type: 'null' }] },
          api_key: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          users: {
            type: 'object',
            propertyNames: id,
            additionalProperties: {
              type: 'object',
              required: ['username', 'password'],
              properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string' }, first_name: { type: 'string' }, last_name: { type: 'string' } },
            },
          },
          devices: {
            type: 'object',
            propertyNames: id,
            additionalProperties: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, owner_id: id } },
          },
          groups: {
            type: 'object',
            propertyNames: id,
            additionalProperties: {
              type: 'object',
              required: ['doc', 'rev', 'created', 'modified'],
              additionalProperties: false,
              properties: {
                doc: {
                  type: 'object',
                  required: ['name', 'endpoints'],
                  properties: { name: { type: 'string', minLength: 1, maxLength: 128 }, endpoints: { type: 'object' }, flags: { type: 'array', items: { type: 'string' } } },
                },
                rev: { type: 'integer', minimum: 1 },
                created: timestamp,
                modified: timestamp,
                deleted: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
    tokens: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['account_id', 'method', 'last_used'],
        properties: { account_id: id, owner_id: id, method: { enum: ['user_auth', 'api_auth'] }, last_used: timestamp },
      },
    },
  },
} as const;

/** What the schema cannot say: references between accounts, users and tokens, unique names. */
export function checkKazooState(state: KazooState): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const [accountId, account] of Object.entries(state.accounts)) {
    const at = `/accounts/${accountId}`;
    if (account.parent_id && !state.accounts[account.parent_id]) problems.push(`${at}/parent_id: no account ${account.parent_id}`);
    const lower = account.name.toLowerCase();
    if (names.has(lower)) problems.push(`${at}/name: "${account.name}" is also the name of account ${names.get(lower)}`);
    names.set(lower, accountId);
    for (const [deviceId, device] of Object.entries(account.devices)) {
      if (device.owner_id && !account.users[device.owner_id]) problems.push(`${at}/devices/${deviceId}/owner_id: no user ${device.owner_id} in this account`);
    }
  }
  for (const [token, t] of Object.entries(state.tokens)) {
    const account = state.accounts[t.account_id];
    if (!account) problems.push(`/tokens/${token}/account_id: no account ${t.account_id}`);
    else if (t.owner_id && !account.users[t.owner_id]) problems.push(`/tokens/${token}/owner_id: no user ${t.owner_id} in account ${t.account_id}`);
  }
  return problems;
}
