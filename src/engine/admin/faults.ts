/**
 * `/__admin/faults`: add, list and remove fault rules (see faults.ts for the rule format).
 *
 * @example
 *   POST /__admin/faults {"api":"kazoo","operationId":"getGroup","times":1,"action":{"respond":{"status":404}}}
 *   → 201 {"id":"f1","api":"kazoo","operationId":"getGroup",...,"remaining":1,"fired":0}
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import { adminError, scopeParams } from './errors.js';
import { RuleError } from '../qa/faults/store.js';

export function createFaultsRouter(ctx: Runtime): Router {
  const router = express.Router();

  router.post('/', (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
      return adminError(res, 400, 'send a rule (or an array of rules) as JSON with Content-Type: application/json');
    }
    try {
      if (Array.isArray(req.body)) res.status(201).json({ faults: ctx.faults.addAll(req.body) });
      else res.status(201).json(ctx.faults.add(req.body));
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      adminError(res, 400, `fault rule refused: ${err.message}`, err.problems);
    }
  });

  router.get('/', (req, res) => {
    const scope = scopeParams(ctx, req, res);
    if (scope) res.json({ faults: ctx.faults.list(scope) });
  });

  router.get('/:id', (req, res) => {
    const rule = ctx.faults.get(req.params.id);
    if (!rule) return adminError(res, 404, `no fault rule "${req.params.id}"`, [`rules: ${ctx.faults.list().map((r) => r.id).join(', ') || 'none'}`]);
    res.json(rule);
  });

  router.delete('/', (req, res) => {
    const scope = scopeParams(ctx, req, res);
    if (scope) res.json({ removed: ctx.faults.clear(scope).map((r) => r.id) });
  });

  router.delete('/:id', (req, res) => {
    if (!ctx.faults.remove(req.params.id)) return adminError(res, 404, `no fault rule "${req.params.id}"`, [`rules: ${ctx.faults.list().map((r) => r.id).join(', ') || 'none'}`]);
    res.json({ removed: [req.params.id] });
  });

  return router;
}
