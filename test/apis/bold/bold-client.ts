/**
 * Bold test helpers, written from Bold's API docs: the demo tenant's credentials (sent in
 * `Authorization`, as a bearer token or an API key), its organizations, groups and devices, and the
 * paths after the `/bold` mount.
 */
import { boldDemo, DEMO_API_KEY } from '../../../src/apis/bold/demo.js';
import type { MockServer } from '../../../src/engine/app.js';
import { moduleNamed, signedAgent, testServer, withNamespace } from '../../helpers.js';

export const BASE = '/bold';
export const GROUPS = `${BASE}/v1/device-groups`;
export const groupUrl = (id: number | string) => `${GROUPS}/${id}`;
export const memberUrl = (id: number | string, deviceId: number | string) => `${GROUPS}/${id}/devices/${deviceId}`;

/** Admin of organizations 29 and 31 (the demo token of src/apis/bold/demo.ts). */
export const ADMIN = `Bearer ${boldDemo.fields.token!.demo}`;
/** The same admin's API key, sent as the whole header. */
export const API_KEY = DEMO_API_KEY;
/** Read-only in 29. */
export const VIEWER = 'Bearer demo-bold-viewer-token';
/** Admin of organization 33 (the docs' third organization). */
export const PARTNER = 'Bearer demo-bold-partner-token';

/** Devices of the demo tenant: 3 and 8 of 29, 14 of 31, 5 of 33, 23 of 29 but not registered. */
export const DEVICE = { of29: 3, other29: 8, of31: 14, of33: 5, unregistered: 23 } as const;

/** The headers on every answer, from the docs' examples. */
export const BOLD_HEADERS: Record<string, string> = {
  'access-control-expose-headers': 'authorization, content-type',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS, PUT',
  'access-control-allow-origin': '*',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'x-xss-protection': '1; mode=block',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'feature-policy': 'self',
  'permissions-policy': 'interest-cohort=()',
};

export const boldServer = (): MockServer => testServer({ apis: [moduleNamed('bold')] });

/** A supertest agent whose requests carry the credential (and the namespace). */
export function as(server: MockServer, authorization: string, namespace?: string) {
  return signedAgent(server, { Authorization: authorization, ...withNamespace(namespace) });
}

export function setup(authorization = ADMIN) {
  const server = boldServer();
  return { server, http: as(server, authorization) };
}

export const boldError = (code: string, message: string) => ({ message, code, errorMessage: message, errorCode: code });
