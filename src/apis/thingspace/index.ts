/** Verizon ThingSpace Connectivity Management (M2M) device groups, mounted at `/thingspace`. */
import { defineApi } from '../../engine/kit/index.js';
import type { operations } from '../../generated/thingspace.js';
import { security, type ThingSpacePrincipal } from './auth.js';
import { errorTable } from './errors.js';
import { examples } from './examples.js';
import { handlers } from './handlers.js';
import { checkThingSpaceState, stateSchema, thingspaceSizes } from './state.js';

export const thingspace = defineApi<operations, ThingSpacePrincipal>()({
  name: 'thingspace',
  title: 'Verizon ThingSpace device groups (Connectivity Management M2M)',
  spec: 'openapi/thingspace.yaml',
  fixture: 'fixtures/thingspace.json',
  state: stateSchema,
  checkState: checkThingSpaceState,
  errors: errorTable,
  examples,
  security,
  handlers,
  sizes: thingspaceSizes,
  describe: () => [
    'token:    POST /api/ts/v1/oauth2/token  Basic demo-app-key:demo-app-secret, form grant_type=client_credentials (1 hour)',
    'session:  POST /api/m2m/v1/session/login {"username":"demo-user","password":"demo-password"} → VZ-M2M-Token (20 min idle)',
    'accounts: demo-user → 0000123456-00001 (32 devices; groups "Fleet West", "Cold Chain"), 0000123456-00002;',
    '          other-user / other-password → 0000999999-00001',
    'settings: settings.devicePageSize (group information page, default 10) and settings.deviceListPageSize',
    '          (device list, default 500) in the state: GET/PUT /__admin/state/thingspace',
  ],
});
