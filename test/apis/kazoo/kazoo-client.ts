/** Kazoo test helpers: the demo tenant's ids and a logged-in request maker. */
import { kazooDemo } from '../../../src/apis/kazoo/demo.js';
import type { MockServer } from '../../../src/engine/app.js';
import { demoLogin } from '../../helpers.js';

export { DEMO_API_KEY, md5 } from '../../../src/apis/kazoo/demo.js';

export const DEMO = 'de000000000000000000000000000001';
export const BRANCH = 'de000000000000000000000000000003';
export const ACME = 'ac000000000000000000000000000002';
export const SALES = 'f0000000000000000000000000000001';
export const SUPPORT = 'f0000000000000000000000000000002';
export const ALICE = 'a0000000000000000000000000000002';
export const MISSING = '0123456789abcdef0123456789abcdef';

/** The demo tenant's user_auth credentials (src/apis/kazoo/demo.ts). */
export const DEMO_USER = {
  username: kazooDemo.fields.username!.demo,
  password: kazooDemo.fields.password!.demo,
  account: kazooDemo.fields.account!.demo,
};

/** `PUT /v2/user_auth` as the demo module does it: the token (X-Auth-Token). */
export async function login(
  server: MockServer,
  user = DEMO_USER.username,
  password = DEMO_USER.password,
  account = DEMO_USER.account,
  namespace?: string,
): Promise<string> {
  const { headers } = await demoLogin(server, 'kazoo', {
    credentials: { username: user, password, account },
    ...(namespace ? { namespace } : {}),
  });
  return headers['X-Auth-Token']!;
}

export const groupsUrl = (account = DEMO) => `/kazoo/v2/accounts/${account}/groups`;
