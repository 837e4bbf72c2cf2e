/**
 * How the fuzz suite logs in to each API (its documented flow, the demo tenant's credentials) and
 * which secrets it then holds, which must never reach the journal. A registered API without an
 * entry fails the suite: a new vendor adds its login here.
 */
import type { MockServer } from '../../src/engine/app.js';
import { ADMIN as BOLD_ADMIN, API_KEY as BOLD_API_KEY } from '../bold/bold-client.js';
import { DEMO_API_KEY, login as kazooLogin, md5 } from '../kazoo/kazoo-client.js';
import { READONLY as MDM_READONLY, TOKEN as MDM_TOKEN } from '../mdm/mdm-client.js';
import {
  DEMO as PLASPY_DEMO,
  SIGNING_KEY as PLASPY_SIGNING_KEY,
  getToken as plaspyToken,
} from '../plaspy/plaspy-client.js';
import { login as thingspaceLogin } from '../thingspace/thingspace-client.js';

export interface FuzzLogin {
  /** Headers that authenticate a request in `namespace`. */
  headers: Record<string, string>;
  /** Every secret the login used or received. */
  secrets: string[];
}

export const LOGINS: Record<string, (server: MockServer, namespace: string) => Promise<FuzzLogin>> = {
  kazoo: async (server, namespace) => {
    const token = await kazooLogin(server, 'demo-admin', 'demo-password', 'demo', namespace);
    return {
      headers: { 'X-Auth-Token': token },
      secrets: [token, 'demo-password', md5('demo-admin:demo-password'), DEMO_API_KEY],
    };
  },
  thingspace: async (server, namespace) => {
    const c = await thingspaceLogin(server, { namespace });
    return {
      headers: { Authorization: `Bearer ${c.bearer}`, 'VZ-M2M-Token': c.session },
      secrets: [c.bearer, c.session, 'demo-password', 'demo-app-secret'],
    };
  },
  plaspy: async (server, namespace) => {
    const token = await plaspyToken(server, PLASPY_DEMO, namespace);
    return { headers: { Authorization: `Bearer ${token}` }, secrets: [token, PLASPY_DEMO.apiKey, PLASPY_SIGNING_KEY] };
  },
  // MDM's OAuth tokens are static entries of the demo tenant (the mock issues none).
  mdm: async () => ({ headers: { Authorization: `Zoho-oauthtoken ${MDM_TOKEN}` }, secrets: [MDM_TOKEN, MDM_READONLY] }),
  // Bold's tokens and API keys are static entries of the demo tenant, like MDM's.
  bold: async () => ({
    headers: { Authorization: BOLD_ADMIN },
    secrets: [BOLD_ADMIN.slice('Bearer '.length), BOLD_API_KEY],
  }),
};
