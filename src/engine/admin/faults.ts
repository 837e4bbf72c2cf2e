/**
 * `/__admin/faults`: add, list and remove fault rules (see qa/faults/ for the rule format), in the
 * call's namespace (errors.ts): a rule without `namespace` acts in it, `"namespace": "*"` in every
 * namespace; listings and deletions cover it, or every namespace with `?namespace=*`.
 *
 * @example
 *   POST /__admin/faults {"api":"kazoo","operationId":"getGroup","times":1,"action":{"respond":{"status":404}}}
 *   → 201 {"id":"f1","api":"kazoo","operationId":"getGroup",...,"remaining":1,"fired":0}
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import { ALL_NAMESPACES, adminError, callNamespace, scopeParams } from './errors.js';
import { RuleError, type FaultRule } from '../qa/faults/store.js';

export function createFaultsRouter(ctx: Runtime): Router {
  const router = express.Router();

  router.post('/', (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
      return adminError(res, 400, 'send a rule (or an array of rules) as JSON with Content-Type: application/json');
    }
    const call = callNamespace(req, res, { many: true });
    if (!call) return;
    const inputs: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    // A rule acts in its own namespace, else in the call's (`default` without one): a rule a CI job
    // adds never reaches another job's namespace unless it says "*".
    const scoped: unknown[] = [];
    for (const [i, input] of inputs.entries()) {
      if (!input || typeof input !== 'object' || Array.isArray(input)) {
        scoped.push(input);
        continue;
      }
      const own = (input as { namespace?: unknown }).namespace;
      if (own !== undefined && call.explicit && own !== call.name) {
        const which = inputs.length > 1 ? `rule ${i} names` : 'the rule names';
        return adminError(
          res,
          400,
          `fault rule refused: ${which} namespace ${JSON.stringify(own)} and the call names "${call.name}" (${call.where}); name one`,
          ['a rule without "namespace" acts in the call\'s namespace; "*": in every namespace'],
        );
      }
      scoped.push(own === undefined ? { ...input, namespace: call.name } : input);
    }
    try {
      if (Array.isArray(req.body)) res.status(201).json({ faults: ctx.faults.addAll(scoped) });
      else res.status(201).json(ctx.faults.add(scoped[0]));
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      adminError(res, 400, `fault rule refused: ${err.message}`, err.problems);
    }
  });

  router.get('/', (req, res) => {
    const scope = scopeParams(ctx, req, res);
    if (scope) res.json({ faults: ctx.faults.list(scope) });
  });

  /** The rule with this id, if the call's namespace sees it (its own, a rule for every namespace, or `*`); else an error sent. */
  const visible = (req: Request, res: Response, forDeletion: boolean): FaultRule | undefined => {
    const call = callNamespace(req, res, { many: true });
    if (!call) return undefined;
    const rule = ctx.faults.get(req.params.id as string);
    const every = call.name === ALL_NAMESPACES;
    if (!rule || !(every || rule.namespace === call.name || (rule.namespace === undefined && !forDeletion))) {
      const listed = ctx.faults.list(every ? {} : { namespace: call.name }).map((r) => r.id);
      const elsewhere = rule
        ? [
            `${rule.id} is ${rule.namespace === undefined ? 'a rule for every namespace' : `a rule of namespace ${rule.namespace}`}: ${rule.namespace === undefined ? 'delete it with ?namespace=*' : `add ?namespace=${rule.namespace}`}`,
          ]
        : [];
      adminError(
        res,
        404,
        `no fault rule "${String(req.params.id).slice(0, 80)}"${every ? '' : ` in namespace ${call.name}`}`,
        [...elsewhere, `rules${every ? '' : ` in force in ${call.name}`}: ${listed.join(', ') || 'none'}`],
      );
      return undefined;
    }
    return rule;
  };

  router.get('/:id', (req, res) => {
    const rule = visible(req, res, false);
    if (rule) res.json(rule);
  });

  router.delete('/', (req, res) => {
    const scope = scopeParams(ctx, req, res);
    if (scope) res.json({ removed: ctx.faults.clear(scope).map((r) => r.id) });
  });

  router.delete('/:id', (req, res) => {
    const rule = visible(req, res, true);
    if (!rule) return;
    ctx.faults.remove(rule.id);
    res.json({ removed: [rule.id] });
  });

  return router;
}
