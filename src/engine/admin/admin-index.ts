/**
 * `GET /__admin`: what the control plane offers, as JSON — the APIs served (with their base URLs and
 * specs), every admin endpoint with what it does, the console when one is served, and where the
 * reference lives — so that someone who finds the admin URL in the banner (or a tool) can start
 * there, as WireMock users start from `/__admin`. The table is the list of the routers' routes;
 * test/engine/admin/admin-index.test.ts checks that each one answers.
 */
import type { Request, RequestHandler } from 'express';
import type { Runtime } from '../runtime.js';

export interface AdminEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under the mock's root; `{api}` and `{id}` stand for an API's name and a fault rule's id. */
  path: string;
  does: string;
}

export const ADMIN_ENDPOINTS: readonly AdminEndpoint[] = [
  { method: 'GET', path: '/__admin', does: 'this index' },
  { method: 'GET', path: '/__admin/live', does: 'liveness for a load balancer: 200 {"status":"ok"}, no token needed' },
  { method: 'GET', path: '/__admin/health', does: 'status, the APIs served, the namespaces in use' },
  {
    method: 'POST',
    path: '/__admin/reset',
    does: 'back to the demo tenants, rules, journal and clocks removed (?api=, ?namespace= for one)',
  },
  { method: 'GET', path: '/__admin/state/{api}', does: "a namespace's state (?namespace=)" },
  {
    method: 'PUT',
    path: '/__admin/state/{api}',
    does: "replace a namespace's state; an invalid one is refused, naming each path",
  },
  { method: 'GET', path: '/__admin/specs', does: 'the specs served, with their URLs' },
  {
    method: 'GET',
    path: '/__admin/specs/{api}',
    does: 'one spec as JSON or YAML (?format=yaml), this mock first in servers',
  },
  { method: 'POST', path: '/__admin/faults', does: 'add a fault rule (or an array of them)' },
  { method: 'GET', path: '/__admin/faults', does: 'the fault rules in force (?api=, ?namespace=)' },
  { method: 'GET', path: '/__admin/faults/{id}', does: 'one fault rule' },
  { method: 'DELETE', path: '/__admin/faults/{id}', does: 'remove one fault rule' },
  {
    method: 'DELETE',
    path: '/__admin/faults',
    does: 'remove the rules of an API and/or a namespace (all without parameters)',
  },
  {
    method: 'GET',
    path: '/__admin/requests',
    does: 'the journal (?namespace=, ?operationId=, ?status=4xx, ?since=, ?limit=; ?format=har)',
  },
  {
    method: 'GET',
    path: '/__admin/requests/live',
    does: 'the journal as it grows, as server-sent events (?namespace=, ?api=, ?after=<seq> to catch up first)',
  },
  {
    method: 'POST',
    path: '/__admin/requests/export',
    does: 'the entries named by seq as HAR or JUnit ({"format": "har", "seqs": [...]})',
  },
  { method: 'DELETE', path: '/__admin/requests', does: 'clear the journal (?namespace=, ?api=)' },
  { method: 'POST', path: '/__admin/requests/count', does: 'how many recorded requests match a matcher' },
  { method: 'POST', path: '/__admin/requests/find', does: 'the recorded requests a matcher matches' },
  {
    method: 'GET',
    path: '/__admin/requests/violations',
    does: 'requests or responses that broke the spec (?format=junit)',
  },
  { method: 'GET', path: '/__admin/clock', does: "a namespace's engine clock (?namespace=)" },
  { method: 'POST', path: '/__admin/clock', does: "set, advance or freeze a namespace's clock" },
];

export interface AdminIndexOptions {
  /**
   * The web console's path (`/__ui/`), once the mock serves one: the index links it as `console`.
   * Unset, `console` is null.
   */
  console?: string;
}

/** `http://<Host>` as the client addressed the mock (the guard has already checked the Host). */
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;

export function adminIndex(rt: Runtime, opts: AdminIndexOptions = {}): RequestHandler {
  return (req, res) => {
    const root = origin(req);
    res.json({
      name: 'groups-mock',
      apis: [...rt.apis.values()].map((a) => ({
        name: a.module.name,
        title: a.module.title,
        baseUrl: `${root}/${a.module.name}`,
        spec: `${root}/__admin/specs/${a.module.name}`,
        demo: a.module.describe(),
      })),
      console: opts.console === undefined ? null : `${root}${opts.console}`,
      endpoints: ADMIN_ENDPOINTS.map((e) => ({
        method: e.method,
        path: e.path,
        url: `${root}${e.path}`,
        does: e.does,
      })),
      docs: 'docs/admin-api.md in the package',
    });
  };
}
