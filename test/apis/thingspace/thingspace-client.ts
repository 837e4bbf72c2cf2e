/** ThingSpace test helpers: the demo tenant's names, both credentials, and a request maker that sends them. */
import { expect } from 'vitest';
import { basicAuth, thingspaceDemo } from '../../../src/apis/thingspace/demo.js';
import type { MockServer } from '../../../src/engine/app.js';
import { demoCredentials } from '../../../src/engine/kit/demo.js';
import { api, demoLogin, moduleNamed, signedAgent, testServer, withNamespace } from '../../helpers.js';

/** The demo tenant's app and user (src/apis/thingspace/demo.ts). */
export const DEMO_CREDENTIALS = demoCredentials(thingspaceDemo) as Record<
  'appKey' | 'appSecret' | 'username' | 'password',
  string
>;

export const ACCOUNT = '0000123456-00001';
export const SECOND_ACCOUNT = '0000123456-00002';
export const OTHER_ACCOUNT = '0000999999-00001';
export const DEFAULT_GROUP = 'Unassigned Devices';
export const M2M = '/thingspace/api/m2m/v1';
export const TOKEN_URL = '/thingspace/api/ts/v1/oauth2/token';

/** A test server with only ThingSpace loaded (quicker to build than every API). */
export const tsServer = (): MockServer => testServer({ apis: [moduleNamed('thingspace')] });

export const basic = basicAuth;
export const groupUrl = (group: string, account = ACCOUNT) =>
  `${M2M}/groups/${encodeURIComponent(account)}/name/${encodeURIComponent(group)}`;

export interface Creds {
  bearer: string;
  session: string;
  namespace?: string;
}

/** A bearer token for the demo app. */
export async function getToken(server: MockServer, namespace?: string): Promise<string> {
  const req = api(server)
    .post(TOKEN_URL)
    .set('Authorization', basic(DEMO_CREDENTIALS.appKey, DEMO_CREDENTIALS.appSecret))
    .type('form');
  if (namespace) req.set('X-Mock-Namespace', namespace);
  const res = await req.send({ grant_type: 'client_credentials' });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

/** Both credentials of a logged-in user. */
export async function login(
  server: MockServer,
  opts: { user?: string; password?: string; namespace?: string } = {},
): Promise<Creds> {
  const { headers } = await demoLogin(server, 'thingspace', {
    credentials: {
      ...DEMO_CREDENTIALS,
      username: opts.user ?? DEMO_CREDENTIALS.username,
      password: opts.password ?? DEMO_CREDENTIALS.password,
    },
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
  });
  return {
    bearer: headers.Authorization!.slice('Bearer '.length),
    session: headers['VZ-M2M-Token']!,
    namespace: opts.namespace,
  };
}

/** A supertest agent whose requests carry both credentials (and the namespace). */
export function m2m(server: MockServer, creds: Creds) {
  return signedAgent(server, {
    Authorization: `Bearer ${creds.bearer}`,
    'VZ-M2M-Token': creds.session,
    ...withNamespace(creds.namespace),
  });
}

export interface ListedDevice {
  accountName: string;
  deviceIds: Array<{ kind: string; id: string }>;
  groupNames: string[];
  customFields: Array<{ key: string; value: string }>;
}

/** Every device of the account, through the device list. */
export async function allDevices(server: MockServer, creds: Creds, account = ACCOUNT): Promise<ListedDevice[]> {
  const res = await m2m(server, creds)
    .post(`${M2M}/devices/actions/list`)
    .send({ accountName: account, maxNumberOfDevices: 10000 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.hasMoreData).toBe(false);
  return res.body.devices as ListedDevice[];
}

/** Every device id of a group, following the 202 pages to the end. */
export async function groupDeviceIds(
  server: MockServer,
  creds: Creds,
  group: string,
  account = ACCOUNT,
): Promise<string[]> {
  const ids: string[] = [];
  let url = groupUrl(group, account);
  for (let guard = 0; guard < 1000; guard++) {
    const res = await m2m(server, creds).get(url);
    expect([200, 202], JSON.stringify(res.body)).toContain(res.status);
    ids.push(...res.body.devices.map((d: ListedDevice) => d.deviceIds[0]!.id));
    if (res.status === 200) return ids;
    url = res.headers.location!; // absolute under the mock's prefix
  }
  throw new Error('paging did not end');
}
