/**
 * The control plane, `/__admin` (WireMock's convention), over the runtime: its index (admin-index.ts),
 * liveness (liveness.ts), health, reset and state (state.ts), fault rules (faults.ts), the journal (journal.ts), the clock
 * (clock.ts) and the specs (specs.ts). Admin answers are plain JSON; errors are
 * `{ "error": "...", "problems": [...] }`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import { adminIndex, type AdminIndexOptions } from './admin-index.js';
import { createClockRouter } from './clock.js';
import { adminError } from './errors.js';
import { adminErrors, adminJson, onePerQueryParameter } from './middleware.js';
import { createFaultsRouter } from './faults.js';
import { createJournalRouter } from './journal.js';
import { LIVE_PATH, live } from './liveness.js';
import { createSpecsRouter } from './specs.js';
import { createStateRouter } from './state.js';
import { streamedJson } from './streamed-json.js';

/** How large an admin body may be (a state of 100,000 groups is about 40 MB). */
const ADMIN_BODY_LIMIT_MB = 50;
/** `PUT /state/<api>`, as the state router matches it. */
const STATE_PATH = /^\/state\/[^/]+\/?$/i;

export function createAdminRouter(rt: Runtime, index: AdminIndexOptions = {}): Router {
  const router = express.Router();
  router.use(onePerQueryParameter);
  // The state import's body is parsed as it arrives (streamed-json.ts); every other body by express.json.
  const json = adminJson(`${ADMIN_BODY_LIMIT_MB}mb`);
  const stateImport = streamedJson(ADMIN_BODY_LIMIT_MB * 1024 * 1024, json);
  router.use((req, res, next) =>
    req.method === 'PUT' && STATE_PATH.test(req.path) ? stateImport(req, res, next) : json(req, res, next),
  );

  // `GET /__admin` (and `/__admin/`): the index. The console, once served, is passed in `index.console`.
  router.get('/', adminIndex(rt, index));
  router.get(LIVE_PATH, live);
  router.use(createStateRouter(rt));
  router.use('/faults', createFaultsRouter(rt));
  router.use('/requests', createJournalRouter(rt));
  router.use('/clock', createClockRouter(rt));
  router.use('/specs', createSpecsRouter(rt));

  router.use((req: Request, res: Response) =>
    adminError(res, 404, `no admin endpoint ${req.method} ${req.baseUrl}${req.path}`),
  );
  router.use(adminErrors('mock'));
  return router;
}
