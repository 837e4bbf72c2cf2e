/** ManageEngine MDM's demo tenant: an OAuth token issued outside the API (Zoho accounts), sent as `Authorization: Zoho-oauthtoken …`; nothing to call. */
import type { VendorDemo } from '../../engine/kit/demo.js';

/** The demo tenant's read-only token (scope MDMOnDemand.MDMDeviceMgmt.READ). */
export const READONLY_TOKEN = 'demo-mdm-readonly';

export const mdmDemo: VendorDemo = {
  api: 'mdm',
  fields: {
    token: { help: 'a Zoho OAuth access token with the MDMOnDemand.MDMDeviceMgmt scopes', demo: 'demo-mdm-token' },
  },
  authOperations: [],
  secrets: [READONLY_TOKEN],
  async login(_send, c) {
    return { headers: { Authorization: `Zoho-oauthtoken ${c.token}` }, secrets: [c.token ?? ''] };
  },
};
