/**
 * The proxy's `/__admin`: the mock's journal routes as they are (`/requests`, `?format=har`,
 * `/requests/violations[?format=junit]`, `/requests/count|find`, DELETE to clear), the proxy's
 * health and its JUnit of every exchange, behind the mock's admin guard (loopback, no cross-site
 * browsers, JSON bodies, the token when set). State, faults and the clock are the mock's own
 * business: the proxy has none of them, and says so with the admin 404.
 */
import express, { type Request, type Response, type Router } from 'express';
import { ALL_NAMESPACES, adminError } from '../../engine/admin/errors.js';
import { adminGuard, type AdminGuardOptions } from '../../engine/admin/guard.js';
import { createJournalRouter, type JournalHost } from '../../engine/admin/journal.js';
import { adminErrors, adminJson, onePerQueryParameter } from '../../engine/admin/middleware.js';
import type { JournalEntry } from '../../engine/qa/journal/entry.js';
import { proxyJUnit } from './junit.js';

export interface ProxyFacts {
  api: string;
  upstream: string;
  durationOf?: (e: JournalEntry) => number | undefined;
}

export function createProxyAdmin(
  rt: JournalHost & { startedAt: number },
  facts: ProxyFacts,
  guard: AdminGuardOptions,
): Router {
  const router = express.Router();
  router.use(adminGuard(guard));
  router.use(onePerQueryParameter);
  router.use(adminJson('1mb'));
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      product: 'groups-mock',
      role: 'proxy',
      mode: 'proxy',
      api: facts.api,
      prefix: `/${facts.api}`,
      upstream: facts.upstream,
      uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000),
      exchanges: rt.journal.count,
    });
  });
  router.get('/report', (_req, res) => {
    res.type('application/xml').send(proxyJUnit(facts.api, facts.upstream, rt.journal.list(), facts.durationOf));
  });
  // One session's journal: a call that names no namespace covers every exchange (a namespace the
  // client sent on to its upstream, or `?namespace=`, narrows it).
  router.use('/requests', createJournalRouter(rt, { unnamed: ALL_NAMESPACES }));
  router.use((req: Request, res: Response) =>
    adminError(res, 404, `no admin endpoint ${req.method} ${req.baseUrl}${req.path} on the proxy`, [
      'the proxy has /__admin/health, /__admin/report and /__admin/requests…',
    ]),
  );
  router.use(adminErrors('proxy'));
  return router;
}
