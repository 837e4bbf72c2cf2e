/** Kazoo (2600Hz) Crossbar call groups, mounted at `/kazoo`. */
import { defineApi } from '../../engine/kit/index.js';
import type { operations } from '../../generated/kazoo.js';
import { security, type KazooPrincipal } from './auth.js';
import { requestIdOf } from './envelope.js';
import { errors } from './errors.js';
import { examples } from './examples.js';
import { handlers } from './handlers.js';
import { deletedKept, liveGroups, purgeDeleted } from './cleanup.js';
import { checkKazooState, stateSchema } from './state.js';

export const kazoo = defineApi<operations, KazooPrincipal>()({
  name: 'kazoo',
  title: 'Kazoo (2600Hz) Crossbar call groups',
  spec: 'openapi/kazoo.yaml',
  fixture: 'fixtures/kazoo.json',
  state: stateSchema,
  checkState: checkKazooState,
  // Kazoo's own examples send JSON with curl -d, i.e. as a form: Crossbar reads it as JSON anyway.
  jsonBodyWhateverContentType: true,
  errors,
  examples,
  security,
  responseHeaders: (req) => ({
    'X-Request-ID': requestIdOf(req),
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers':
      'Content-Type, Depth, User-Agent, X-Http-Method-Override, X-File-Size, X-Requested-With, If-Modified-Since, X-File-Name, Cache-Control, X-Auth-Token, If-Match',
  }),
  handlers,
  housekeeping: purgeDeleted,
  sizes: (state) => ({
    resources: liveGroups(state),
    groups: liveGroups(state),
    deletedGroups: deletedKept(state),
    tokens: Object.keys(state.tokens).length,
  }),
  describe: () => [
    'user_auth: account "demo", user "demo-admin", password "demo-password" (credentials = md5("demo-admin:demo-password"))',
    'api_auth:  api_key 6465d6f2e5c1b8a74d2f3e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
    'accounts:  demo = de000000000000000000000000000001 (users demo-admin, alice, bob, carol: a0000000000000000000000000000001…04)',
    '           demo-branch = de000000000000000000000000000003, below demo (user "branch-admin", password "branch-password")',
    '           acme = ac000000000000000000000000000002, unrelated (user "acme-admin", password "acme-password")',
  ],
});
