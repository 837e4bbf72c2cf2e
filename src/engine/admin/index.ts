/**
 * The control plane, `/__admin` (WireMock's convention), over the runtime: health, reset and state
 * (state.ts), fault rules (faults.ts), the journal (journal.ts) and the clock (clock.ts). Admin
 * answers are plain JSON; errors are `{ "error": "...", "problems": [...] }`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import { MAX_JSON_DEPTH, describeJsonError, tooDeepAtBytes } from '../util/json-syntax.js';
import { createClockRouter } from './clock.js';
import { adminError } from './errors.js';
import { createFaultsRouter } from './faults.js';
import { createJournalRouter } from './journal.js';
import { createSpecsRouter } from './specs.js';
import { createStateRouter } from './state.js';

export function createAdminRouter(rt: Runtime): Router {
  const router = express.Router();
  // `?namespace=a&namespace=b` would reach the handlers as an array: say so instead of guessing.
  router.use((req, res, next) => {
    const repeated = Object.entries(req.query).find(([, v]) => typeof v !== 'string');
    if (repeated) return adminError(res, 400, `${repeated[0]} given more than once`, ['give each query parameter at most once']);
    next();
  });
  // Deep nesting is refused before any handler recurses over it (state checks, structuredClone).
  router.use(
    express.json({
      limit: '50mb',
      verify: (_req, _res, buf) => {
        const at = tooDeepAtBytes(buf);
        if (at !== undefined) throw Object.assign(new Error(`the body is nested deeper than ${MAX_JSON_DEPTH} levels at position ${at}`), { status: 400, type: 'entity.too.deep' });
      },
    }),
  );

  router.use(createStateRouter(rt));
  router.use('/faults', createFaultsRouter(rt));
  router.use('/requests', createJournalRouter(rt));
  router.use('/clock', createClockRouter(rt));
  router.use('/specs', createSpecsRouter(rt));

  router.use((req: Request, res: Response) => adminError(res, 404, `no admin endpoint ${req.method} ${req.baseUrl}${req.path}`));
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const { status, message } = describeAdminError(err);
    if (status >= 500) console.error(`[groups-mock] admin: ${err instanceof Error ? err.stack : String(err)}`);
    adminError(res, status, message);
  });
  return router;
}

/**
 * An error on the way to an admin handler: the 4xx of a body it cannot read (bad JSON, too large,
 * an unknown charset or content encoding) or of a path that does not percent-decode; else a 500.
 */
function describeAdminError(err: unknown): { status: number; message: string } {
  const e = (err ?? {}) as { type?: string; status?: number; message?: string; body?: unknown };
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
  if (e.type === 'entity.parse.failed') return { status, message: `the body is not valid JSON: ${describeJsonError(typeof e.body === 'string' ? e.body : undefined)}` };
  if (err instanceof URIError) return { status: 400, message: `the path is not valid percent-encoding: ${e.message?.replace(/^Failed to decode param /, '') ?? ''}` };
  return { status, message: status < 500 ? (e.message ?? 'bad request') : 'admin request failed; see the mock\'s log' };
}
