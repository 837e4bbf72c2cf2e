/**
 * `/__admin/specs` and `/__admin/specs/<api>`: the specs the mock serves, so that Swagger UI, Postman
 * or a client generator can load them from the running mock. Each spec is served as YAML or JSON
 * (by `Accept`, or `?format=`), with the mock's own base URL for that API first in `servers`.
 */
import express, { type Request, type Router } from 'express';
import { stringify } from 'yaml';
import type { Runtime } from '../runtime.js';
import { adminError } from './errors.js';

/** `http://<Host>` as the client addressed the mock (the guard has already checked the Host). */
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;

export function createSpecsRouter(rt: Runtime): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    res.json({
      specs: [...rt.apis.values()].map((a) => ({
        api: a.module.name,
        title: a.module.title,
        url: `${origin(req)}/__admin/specs/${a.module.name}`,
        baseUrl: `${origin(req)}/${a.module.name}`,
      })),
    });
  });

  router.get('/:api', (req, res) => {
    const api = rt.apis.get(req.params.api);
    if (!api)
      return adminError(res, 404, `unknown api "${req.params.api.slice(0, 100)}"`, [
        `known apis: ${[...rt.apis.keys()].join(', ')}`,
      ]);
    const format = req.query.format;
    if (format !== undefined && format !== 'json' && format !== 'yaml')
      return adminError(res, 400, 'format must be json or yaml');
    const doc = structuredClone(api.spec.doc) as { servers?: Array<Record<string, unknown>> };
    const mock = { url: `${origin(req)}/${api.module.name}`, description: 'this groups-mock server' };
    doc.servers = [mock, ...(doc.servers ?? []).filter((s) => !String(s.url).includes('127.0.0.1:4010'))];
    const wantsYaml =
      format === 'yaml' ||
      (format === undefined &&
        req.accepts(['application/json', 'application/yaml', 'text/yaml']) !== 'application/json' &&
        req.accepts(['application/json', 'application/yaml', 'text/yaml']) !== false);
    if (wantsYaml) return res.type('application/yaml').send(stringify(doc, { aliasDuplicateObjects: false }));
    res.json(doc);
  });
  return router;
}
