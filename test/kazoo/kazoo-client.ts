/** Kazoo test helpers: the demo tenant's ids and a logged-in request maker. */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { MockServer } from '../../src/engine/app.js';
import { api } from '../helpers.js';

export const DEMO = 'de000000000000000000000000000001';
export const BRANCH = 'de000000000000000000000000000003';
export const ACME = 'ac000000000000000000000000000002';
export const SALES = 'f0000000000000000000000000000001';
export const SUPPORT = 'f0000000000000000000000000000002';
export const ALICE = 'a0000000000000000000000000000002';
export const DEMO_API_KEY = '6465d6f2e5c1b8a74d2f3e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c';
export const MISSING = '0123456789abcdef0123456789abcdef';

export const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export async function login(
  server: MockServer,
  user = 'demo-admin',
  password = 'demo-password',
  account = 'demo',
  namespace?: string,
): Promise<string> {
  const req = api(server).put('/kazoo/v2/user_auth');
  if (namespace) req.set('X-Mock-Namespace', namespace);
  const res = await req.send({ data: { credentials: md5(`${user}:${password}`), account_name: account } });
  expect(res.status).toBe(201);
  return res.body.auth_token as string;
}

export const groupsUrl = (account = DEMO) => `/kazoo/v2/accounts/${account}/groups`;
