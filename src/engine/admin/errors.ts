/**
 * The admin API's error answers and the query parameters every admin route reads the same way:
 * `{ "error": "...", "problems": [...] }`, `?namespace=`, `?api=`.
 */
import type { Request, Response } from 'express';
import type { Runtime } from '../runtime.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '../state/namespaces.js';

export function adminError(res: Response, status: number, error: string, problems: string[] = []) {
  res.status(status).json({ error, problems });
}

/** The `?namespace=` of an admin call (default `default`), or an error already sent. */
export function namespaceParam(req: Request, res: Response): string | undefined {
  const ns = typeof req.query.namespace === 'string' ? req.query.namespace : DEFAULT_NAMESPACE;
  if (!NAMESPACE_PATTERN.test(ns)) {
    adminError(res, 400, `namespace must match ${NAMESPACE_PATTERN.source}`);
    return undefined;
  }
  return ns;
}

/** `?api=&namespace=` of a listing, a deletion or a reset (both optional), or an error already sent. */
export function scopeParams(rt: Pick<Runtime, 'apis'>, req: Request, res: Response): { api?: string; namespace?: string } | undefined {
  const { api, namespace } = req.query;
  if (api !== undefined && (typeof api !== 'string' || !rt.apis.has(api))) {
    adminError(res, 400, `unknown api "${String(api)}"`, [`known apis: ${[...rt.apis.keys()].join(', ')}`]);
    return undefined;
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace))) {
    adminError(res, 400, `namespace must match ${NAMESPACE_PATTERN.source}`);
    return undefined;
  }
  return { api: api as string | undefined, namespace: namespace as string | undefined };
}
