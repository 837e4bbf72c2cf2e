/**
 * `/__admin/health`, `/__admin/reset` and `/__admin/state/<api>`: what is served, back to the demo
 * tenants (through the runtime's one reset), and a namespace's state exported or replaced — each
 * for the call's namespace (errors.ts: `?namespace=` or `X-Mock-Namespace`, else `default`).
 */
import express, { type Response, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import type { LoadedApi } from '../spec/compiled.js';
import { checkState } from '../state/state-check.js';
import type { ResourceSizes } from '../types.js';
import { ALL_NAMESPACES, adminError, callNamespace, namespaceParam } from './errors.js';

function memoryNow() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

/** Per namespace, per API it used: the counts its state holds (the vendor's `sizes`). */
function namespaceSizes(rt: Runtime): Record<string, Record<string, ResourceSizes>> {
  const out: Record<string, Record<string, ResourceSizes>> = {};
  for (const ns of rt.store.names()) {
    const apis: Record<string, ResourceSizes> = {};
    for (const api of rt.apis.values()) {
      const state = rt.store.peek(api.module.name, ns);
      if (state !== undefined && api.module.sizes) apis[api.module.name] = api.module.sizes(state);
    }
    out[ns] = apis;
  }
  return out;
}

export function createStateRouter(rt: Runtime): Router {
  const router = express.Router();

  const apiParam = (name: unknown, res: Response): LoadedApi | undefined => {
    const api = typeof name === 'string' ? rt.apis.get(name) : undefined;
    if (!api) adminError(res, 404, `unknown api "${String(name)}"`, [`known apis: ${[...rt.apis.keys()].join(', ')}`]);
    return api;
  };

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      // What answers here, for tools that must know (`groups-mock contract` counts the mock's own statuses as documented only here).
      product: 'groups-mock',
      role: 'mock',
      uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000),
      apis: [...rt.apis.values()].map((a) => ({
        name: a.module.name,
        title: a.module.title,
        prefix: `/${a.module.name}`,
        operations: a.spec.operations.length,
      })),
      namespaces: rt.store.names(),
      // What each namespace holds, per API (docs/memory.md): an API a namespace never used is left out.
      limits: rt.store.limits,
      sizes: namespaceSizes(rt),
      // The process's memory (bytes), for a soak test or an operator watching a long-running mock.
      memory: memoryNow(),
    });
  });

  // The call's namespace (`default` without one, as on the data plane): a job resetting its own
  // namespace never wipes another's. Every namespace takes the explicit `?namespace=*`.
  router.post('/reset', (req, res) => {
    const api = req.query.api;
    if (api !== undefined && !apiParam(api, res)) return;
    const ns = callNamespace(req, res, { many: true });
    if (!ns) return;
    const namespace = ns.name === ALL_NAMESPACES ? undefined : ns.name;
    rt.reset({ api: api as string | undefined, namespace });
    res.json({ reset: { api: api ?? 'all', namespace: namespace ?? 'all' } });
  });

  router.get('/state/:api', (req, res) => {
    const api = apiParam(req.params.api, res);
    const ns = api && namespaceParam(req, res);
    if (!api || !ns) return;
    res.json(rt.store.exportState(api.module.name, ns));
  });

  router.put('/state/:api', (req, res) => {
    const api = apiParam(req.params.api, res);
    const ns = api && namespaceParam(req, res);
    if (!api || !ns) return;
    const problems = checkState(api.module, req.body);
    const resources = problems.length ? 0 : (api.module.sizes?.(req.body).resources ?? 0);
    const max = rt.store.limits.maxResources;
    if (resources > max)
      problems.push(
        `the state holds ${resources} resources, over the limit of ${max} per namespace (--max-resources); import fewer or start the server with a larger --max-resources`,
      );
    if (problems.length)
      return adminError(res, 400, `state rejected for ${api.module.name}/${ns}; the old state is kept`, problems);
    // The parsed body is the request's own: the state takes it over instead of copying it.
    rt.store.importState(api.module.name, ns, req.body, { take: true });
    res.json({ imported: { api: api.module.name, namespace: ns } });
  });

  return router;
}
