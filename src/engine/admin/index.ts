/**
 * The control plane, `/__admin` (WireMock's convention): health, reset, and export/import of a
 * namespace's state. Admin answers are plain JSON; errors are `{ "error": "...", "problems": [...] }`.
 */
import express, { type Request, type Response, type Router } from 'express';
import { createClockRouter } from './clock.js';
import { createFaultsRouter } from './faults.js';
import { createJournalRouter } from './journal.js';
import type { ApiRuntime } from '../pipeline/index.js';
import type { FaultStore } from '../qa/faults/store.js';
import type { Journal } from '../qa/journal/journal.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN, type NamespaceStore } from '../state/namespaces.js';
import { describeJsonError } from '../util/json-syntax.js';
import { checkState } from '../state/state-check.js';

export interface AdminContext {
  apis: Map<string, ApiRuntime>;
  store: NamespaceStore;
  faults: FaultStore;
  journal: Journal;
  startedAt: number;
}

export function adminError(res: Response, status: number, error: string, problems: string[] = []) {
  res.status(status).json({ error, problems });
}

/** The `?namespace=` of an admin call, or an error already sent. */
export function namespaceParam(req: Request, res: Response): string | undefined {
  const ns = typeof req.query.namespace === 'string' ? req.query.namespace : DEFAULT_NAMESPACE;
  if (!NAMESPACE_PATTERN.test(ns)) {
    adminError(res, 400, `namespace must match ${NAMESPACE_PATTERN.source}`);
    return undefined;
  }
  return ns;
}

export function createAdminRouter(ctx: AdminContext): Router {
  const router = express.Router();
  // `?namespace=a&namespace=b` would reach the handlers as an array: say so instead of guessing.
  router.use((req, res, next) => {
    const repeated = Object.entries(req.query).find(([, v]) => typeof v !== 'string');
    if (repeated) return adminError(res, 400, `${repeated[0]} given more than once`, ['give each query parameter at most once']);
    next();
  });
  router.use(express.json({ limit: '50mb' }));

  const apiParam = (name: unknown, res: Response): ApiRuntime | undefined => {
    const rt = typeof name === 'string' ? ctx.apis.get(name) : undefined;
    if (!rt) adminError(res, 404, `unknown api "${String(name)}"`, [`known apis: ${[...ctx.apis.keys()].join(', ')}`]);
    return rt;
  };

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      apis: [...ctx.apis.values()].map((rt) => ({ name: rt.module.name, title: rt.module.title, prefix: `/${rt.module.name}`, operations: rt.spec.operations.length })),
      namespaces: ctx.store.names(),
    });
  });

  router.post('/reset', (req, res) => {
    const api = req.query.api;
    if (api !== undefined && !apiParam(api, res)) return;
    const namespace = typeof req.query.namespace === 'string' ? namespaceParam(req, res) : undefined;
    if (req.query.namespace !== undefined && !namespace) return;
    ctx.store.reset(api as string | undefined, namespace);
    // Fault rules and recorded requests of what was reset go too (start-up rules come back).
    ctx.faults.reset(api as string | undefined, namespace);
    ctx.journal.clear({ api: api as string | undefined, namespace });
    res.json({ reset: { api: api ?? 'all', namespace: namespace ?? 'all' } });
  });

  router.get('/state/:api', (req, res) => {
    const rt = apiParam(req.params.api, res);
    const ns = rt && namespaceParam(req, res);
    if (!rt || !ns) return;
    res.json(ctx.store.exportState(rt.module.name, ns));
  });

  router.put('/state/:api', (req, res) => {
    const rt = apiParam(req.params.api, res);
    const ns = rt && namespaceParam(req, res);
    if (!rt || !ns) return;
    const problems = checkState(rt.module, req.body);
    if (problems.length) return adminError(res, 400, `state rejected for ${rt.module.name}/${ns}; the old state is kept`, problems);
    ctx.store.importState(rt.module.name, ns, req.body);
    res.json({ imported: { api: rt.module.name, namespace: ns } });
  });

  router.use('/faults', createFaultsRouter(ctx));
  router.use('/requests', createJournalRouter(ctx));
  router.use('/clock', createClockRouter(ctx));

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
