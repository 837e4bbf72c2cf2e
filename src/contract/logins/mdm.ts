/** ManageEngine MDM: an OAuth token issued outside the API (Zoho accounts), sent as `Authorization: Zoho-oauthtoken …`; nothing to call. */
import type { ContractLogin } from './types.js';

export const mdmLogin: ContractLogin = {
  api: 'mdm',
  fields: {
    token: { help: 'a Zoho OAuth access token with the MDMOnDemand.MDMDeviceMgmt scopes', demo: 'demo-mdm-token' },
  },
  authOperations: [],
  async login(_t, c) {
    return { headers: { Authorization: `Zoho-oauthtoken ${c.token}` } };
  },
};
