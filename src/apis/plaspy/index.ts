/** Plaspy GPS tracker groups, mounted at `/plaspy`. */
import { defineApi } from '../../engine/kit/index.js';
import type { operations } from '../../generated/plaspy.js';
import { security, type PlaspyPrincipal } from './auth.js';
import { errorTable } from './error-table.js';
import { examples } from './examples.js';
import { handlers } from './handlers.js';
import { checkPlaspyState, stateSchema } from './state.js';

export const plaspy = defineApi<operations, PlaspyPrincipal>()({
  name: 'plaspy',
  title: 'Plaspy GPS tracker groups',
  spec: 'openapi/plaspy.yaml',
  fixture: 'fixtures/plaspy.json',
  state: stateSchema,
  checkState: checkPlaspyState,
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
    'token:  POST /api/Auth/Token {"userName":"demo@plaspy.test","apiKey":"demo-api-key"} → JWT (24 h), then Authorization: Bearer <token>',
    'users:  demo@plaspy.test / demo-api-key (15 devices dev-…, groups grp-121/123/124, 10000 calls a day),',
    '        other@plaspy.test / other-api-key, quota@plaspy.test / quota-api-key (5 calls a day: the 429)',
    'state:  users.<name>.dailyLimit and settings.tokenLifetimeSeconds: GET/PUT /__admin/state/plaspy',
  ],
});
