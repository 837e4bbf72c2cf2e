/**
 * Every documented error of every Kazoo operation, produced by real behaviour (not Prefer):
 * 400 invalid input, 401 no token, 403 another account, 404 unknown account/group/user.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { ACME, ALICE, DEMO, MISSING, SALES, login } from './kazoo-client.js';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
interface Op {
  id: string;
  method: Method;
  path: (account: string, id?: string) => string;
  body?: unknown;
  /** A request this operation refuses with 400 (what is invalid about it). */
  invalid: { path?: string; body?: unknown; field: string };
  /** The id a 404 names when the account exists but the thing does not. */
  missing?: (account: string) => string;
}

const group = { data: { name: 'Matrix', endpoints: {} } };
const ops: Op[] = [
  {
    id: 'listGroups',
    method: 'get',
    path: (a) => `/kazoo/v2/accounts/${a}/groups`,
    invalid: { path: `/kazoo/v2/accounts/${DEMO}/groups?page_size=-1`, field: 'page_size' },
  },
  {
    id: 'createGroup',
    method: 'put',
    path: (a) => `/kazoo/v2/accounts/${a}/groups`,
    body: group,
    invalid: { body: { data: { name: '' } }, field: 'name' },
  },
  {
    id: 'getGroup',
    method: 'get',
    path: (a, g = SALES) => `/kazoo/v2/accounts/${a}/groups/${g}`,
    invalid: { path: `/kazoo/v2/accounts/${DEMO}/groups/XYZ`, field: 'GROUP_ID' },
    missing: (a) => `/kazoo/v2/accounts/${a}/groups/${MISSING}`,
  },
  {
    id: 'replaceGroup',
    method: 'post',
    path: (a, g = SALES) => `/kazoo/v2/accounts/${a}/groups/${g}`,
    body: group,
    invalid: { body: { data: { name: 'x', endpoints: [] } }, field: 'endpoints' },
    missing: (a) => `/kazoo/v2/accounts/${a}/groups/${MISSING}`,
  },
  {
    id: 'patchGroup',
    method: 'patch',
    path: (a, g = SALES) => `/kazoo/v2/accounts/${a}/groups/${g}`,
    body: { data: { flags: ['x'] } },
    invalid: { body: { data: { flags: 'x' } }, field: 'flags' },
    missing: (a) => `/kazoo/v2/accounts/${a}/groups/${MISSING}`,
  },
  {
    id: 'deleteGroup',
    method: 'delete',
    path: (a, g = SALES) => `/kazoo/v2/accounts/${a}/groups/${g}`,
    invalid: { path: `/kazoo/v2/accounts/${DEMO}/groups/${'A'.repeat(32)}`, field: 'GROUP_ID' },
    missing: (a) => `/kazoo/v2/accounts/${a}/groups/${MISSING}`,
  },
  {
    id: 'listUserGroups',
    method: 'get',
    path: (a) => `/kazoo/v2/accounts/${a}/users/${ALICE}/groups`,
    invalid: { path: `/kazoo/v2/accounts/${DEMO}/users/alice/groups`, field: 'USER_ID' },
    missing: (a) => `/kazoo/v2/accounts/${a}/users/${MISSING}/groups`,
  },
];

describe.each(ops.map((o) => [o.id, o] as const))('%s', (_id, op) => {
  const send = (server: ReturnType<typeof testServer>, path: string, token?: string, body?: unknown) => {
    const req = api(server)[op.method](path);
    if (token) req.set('X-Auth-Token', token);
    return body === undefined ? req : req.send(body as object);
  };

  it('succeeds for the demo account', async () => {
    const server = testServer();
    const res = await send(server, op.path(DEMO), await login(server), op.body);
    expect([200, 201]).toContain(res.status);
    expect(res.body.status).toBe('success');
  });

  it('400 validation error naming the field', async () => {
    const server = testServer();
    const res = await send(server, op.invalid.path ?? op.path(DEMO), await login(server), op.invalid.body ?? op.body);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('validation error');
    expect(Object.keys(res.body.data)).toContain(op.invalid.field);
  });

  it('401 without a token', async () => {
    const server = testServer();
    const res = await send(server, op.path(DEMO), undefined, op.body);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('invalid_credentials');
  });

  it("403 on another account's path", async () => {
    const server = testServer();
    const res = await send(server, op.path(ACME), await login(server), op.body);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('forbidden');
  });

  it('404 bad_identifier for an unknown account (seen by a reseller) or thing', async () => {
    const server = testServer();
    const token = await login(server);
    const account = await send(server, op.path(MISSING), token, op.body);
    expect(account.status).toBe(404);
    expect(account.body.data.cause).toBe(MISSING);
    if (op.missing) {
      const thing = await send(server, op.missing(DEMO), token, op.body);
      expect(thing.status).toBe(404);
      expect(thing.body).toMatchObject({ message: 'bad_identifier', data: { cause: MISSING } });
    }
  });
});
