/**
 * Plaspy test helpers, written from Plaspy's docs: the demo tenant's users and ids, the token call
 * (`POST /api/Auth/Token` with `userName` and `apiKey`), and requests carrying
 * `Authorization: Bearer <token>`.
 */
import { expect } from 'vitest';
import { plaspyDemo } from '../../../src/apis/plaspy/demo.js';
import type { MockServer } from '../../../src/engine/app.js';
import { api, demoLogin, moduleNamed, signedAgent, testServer, withNamespace } from '../../helpers.js';

export { SIGNING_KEY } from '../../../src/apis/plaspy/demo.js';

export const BASE = '/plaspy';
export const TOKEN_URL = `${BASE}/api/Auth/Token`;
export const GROUPS = `${BASE}/api/groups`;
export const groupUrl = (id: string) => `${GROUPS}/${encodeURIComponent(id)}`;

/** The demo user (src/apis/plaspy/demo.ts). */
export const DEMO = { userName: plaspyDemo.fields.userName!.demo, apiKey: plaspyDemo.fields.apiKey!.demo };
export const OTHER = { userName: 'other@plaspy.test', apiKey: 'other-api-key' };
export const QUOTA = { userName: 'quota@plaspy.test', apiKey: 'quota-api-key' };

/** A test server with only Plaspy loaded. */
export const plaspyServer = (): MockServer => testServer({ apis: [moduleNamed('plaspy')] });

/** A token for the user (the demo user unless told). */
export async function getToken(server: MockServer, user = DEMO, namespace?: string): Promise<string> {
  const { headers } = await demoLogin(server, 'plaspy', { credentials: user, ...(namespace ? { namespace } : {}) });
  return headers.Authorization!.slice('Bearer '.length);
}

/** A supertest agent whose requests carry the token (and the namespace). */
export function as(server: MockServer, token: string, namespace?: string) {
  return signedAgent(server, { Authorization: `Bearer ${token}`, ...withNamespace(namespace) });
}

/** A server and a demo user's agent. */
export async function setup(user = DEMO) {
  const server = plaspyServer();
  const token = await getToken(server, user);
  return { server, token, http: as(server, token) };
}

/** Moves the namespace's engine clock. */
export async function advance(server: MockServer, by: string, namespace?: string): Promise<void> {
  const res = await api(server)
    .post(`/__admin/clock${namespace ? `?namespace=${namespace}` : ''}`)
    .send({ advance: by });
  expect(res.status).toBe(200);
}

export async function setClock(server: MockServer, iso: string): Promise<void> {
  const res = await api(server).post('/__admin/clock').send({ set: iso });
  expect(res.status).toBe(200);
}
