/**
 * ManageEngine MDM Plus (cloud) device and user groups, mounted at `/mdm`. Bodies are read and
 * written with the kit's lossless JSON codec, so group, device and user ids past 2^53 stay exact.
 */
import { defineApi, losslessJson } from '../../engine/kit/index.js';
import type { operations } from '../../generated/mdm.js';
import { security, type MdmPrincipal } from './auth.js';
import { errorTable } from './errors.js';
import { examples } from './examples.js';
import { handlers } from './handlers.js';
import { checkMdmState, stateSchema } from './state.js';

export const mdm = defineApi<operations, MdmPrincipal>()({
  name: 'mdm',
  title: 'ManageEngine MDM device and user groups',
  spec: 'openapi/mdm.yaml',
  fixture: 'fixtures/mdm.json',
  state: stateSchema,
  checkState: checkMdmState,
  json: losslessJson,
  errors: errorTable,
  examples,
  security,
  handlers,
  sizes: (state) => ({
    resources: Object.keys(state.groups).length,
    groups: Object.keys(state.groups).length,
    tokens: Object.keys(state.tokens).length,
  }),
  describe: () => [
    'tokens:  Authorization: Zoho-oauthtoken demo-mdm-token (scope MDMOnDemand.MDMDeviceMgmt.ALL)',
    '         Authorization: Zoho-oauthtoken demo-mdm-readonly (MDMOnDemand.MDMDeviceMgmt.READ only)',
    'tenant:  24 devices (iOS, android, windows, ChromeOS), 10 users, apps, profiles, device and user groups;',
    '         some ids are past 2^53 (e.g. group 9007199254750017): read them without rounding',
  ],
});
