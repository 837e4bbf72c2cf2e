/** Bold Smart Lock device groups, mounted at `/bold`. */
import { defineApi } from '../../engine/kit/index.js';
import type { operations } from '../../generated/bold.js';
import { security, type BoldPrincipal } from './auth.js';
import { errorTable } from './errors.js';
import { examples } from './examples.js';
import { handlers } from './handlers.js';
import { responseHeaders } from './headers.js';
import { checkBoldState, stateSchema } from './state.js';

export const bold = defineApi<operations, BoldPrincipal>()({
  name: 'bold',
  title: 'Bold Smart Lock device groups',
  spec: 'openapi/bold.yaml',
  fixture: 'fixtures/bold.json',
  state: stateSchema,
  checkState: checkBoldState,
  errors: errorTable,
  examples,
  security,
  responseHeaders,
  handlers,
  sizes: (state) => ({
    resources: Object.keys(state.groups).length,
    groups: Object.keys(state.groups).length,
  }),
  describe: () => [
    'auth:   Authorization: Bearer demo-bold-admin-token (admin of organizations 29 and 31; API key: Authorization: demo-bold-api-key)',
    '        Authorization: Bearer demo-bold-viewer-token (read-only in 29), Bearer demo-bold-partner-token (admin of 33)',
    'list:   GET /v1/device-groups?search=office*&sortBy=name&sortDirection=Desc&offset=0&size=4&includeDevices=true (offset = page number)',
  ],
});
