/**
 * The proxy's `/__admin`: the mock's journal routes as they are (`/requests`, `?format=har`,
 * `/requests/violations[?format=junit]`, `/requests/count|find`, DELETE to clear), the proxy's
 * health and its JUnit of every exchange, behind the mock's admin guard (loopback, no cross-site
 * browsers, JSON bodies, the token when set). State, faults and the clock are the mock's own
 * business: the proxy has none of them, and says so with the admin 404.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { adminError } from '../../engine/admin/errors.js';
import { adminGuard, type AdminGuardOptions } from '../../engine/admin/guard.js';
import { createJournalRouter } from '../../engine/admin/journal.js';
import type { JournalEntry } from '../../engine/qa/journal/entry.js';
import type { Runtime } from '../../engine/runtime.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../../engine/util/json-syntax.js';
import { proxyJUnit } from './junit.js';

export interface ProxyFacts {
  api: string;
  upstream: string;
  durationOf?: (e: JournalEntry) => number | undefined;
}

export function createProxyAdmin(rt: Runtime, facts: ProxyFacts, guard: AdminGuardOptions): Router {
  const router = express.Router();
  router.use(adminGuard(guard));
  router.use((req, res, next) => {
    const repeated = Object.entries(req.query).find(([, v]) => typeof v !== 'string');
    if (repeated) return adminError(res, 400, `${repeated[0]} given more than once`, ['give each query parameter at most once']);
    next();
  });
  router.use(
    express.json({
      limit: '1mb',
      verify: (_req, _res, buf) => {
        if (tooDeepAt(buf.toString('utf8')) !== undefined) throw Object.assign(new Error(`the body is nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400 });
      },
    }),
  );
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', mode: 'proxy', api: facts.api, prefix: `/${facts.api}`, upstream: facts.upstream, uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000), exchanges: rt.journal.count });
  });
  router.get('/report', (_req, res) => {
    res.type('application/xml').send(proxyJUnit(facts.api, facts.upstream, rt.journal.list(), facts.durationOf));
  });
  router.use('/requests', createJournalRouter(rt));
  router.use((req: Request, res: Response) => adminError(res, 404, `no admin endpoint ${req.method} ${req.baseUrl}${req.path} on the proxy`, ['the proxy has /__admin/health, /__admin/report and /__admin/requests…']));
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = (err ?? {}) as { status?: number; type?: string; message?: string };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
    if (status >= 500) console.error(`[groups-mock] proxy admin: ${err instanceof Error ? err.stack : String(err)}`);
    adminError(res, status, status >= 500 ? 'admin request failed; see the proxy\'s log' : e.type === 'entity.parse.failed' ? 'the body is not valid JSON' : (e.message ?? 'bad request'));
  });
  return router;
}
