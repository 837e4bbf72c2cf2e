/**
 * The admin API's error answers and what every admin route reads the same way: `{ "error": "...",
 * "problems": [...] }`, `?api=`, and the call's namespace — `?namespace=` or `X-Mock-Namespace`
 * (they must agree), `default` without either, `*` for every namespace where a call can span them.
 */
import type { Request, Response } from 'express';
import type { Runtime } from '../runtime.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '../state/namespaces.js';

export function adminError(res: Response, status: number, error: string, problems: string[] = []) {
  res.status(status).json({ error, problems });
}

/** The word for every namespace, where a call can span several (reset, fault rules, the journal). */
export const ALL_NAMESPACES = '*';

/** Where an admin call names its namespace, and what it names. */
export interface CallNamespace {
  /** A namespace, or `*` for every namespace. */
  name: string;
  /** Named by the call (`?namespace=`, `X-Mock-Namespace`, a body field); else `default`, as on the data plane. */
  explicit: boolean;
  /** Where it was named: `?namespace=`, `X-Mock-Namespace`, … */
  where?: string;
}

/**
 * The namespace an admin call is about, as the data plane reads it: `?namespace=` or the
 * `X-Mock-Namespace` header — or, for the calls that carry one, a body field — else `default`.
 * Two that disagree are refused, as is `*` (every namespace) where `many` is false: a state or a
 * clock is one namespace's. Undefined: an error was sent.
 */
export function callNamespace(
  req: Request,
  res: Response,
  opts: { many: boolean; body?: { value: unknown; where: string }; unnamed?: string },
): CallNamespace | undefined {
  const named: Array<{ value: unknown; where: string }> = [];
  if (req.query.namespace !== undefined) named.push({ value: req.query.namespace, where: '?namespace=' });
  const header = req.get('x-mock-namespace');
  if (header !== undefined) named.push({ value: header, where: 'X-Mock-Namespace' });
  if (opts.body && opts.body.value !== undefined) named.push(opts.body);
  const usage = [`${NAMESPACE_PATTERN.source}${opts.many ? `, or ${ALL_NAMESPACES} for every namespace` : ''}`];
  for (const { value, where } of named) {
    if (typeof value !== 'string' || !(NAMESPACE_PATTERN.test(value) || (value === ALL_NAMESPACES && opts.many))) {
      const text = typeof value === 'string' ? `"${value.slice(0, 80)}"` : JSON.stringify(value)?.slice(0, 80);
      const why =
        value === ALL_NAMESPACES
          ? `this call is about one namespace: name it (${ALL_NAMESPACES}, every namespace, is for resets, fault rules and the journal)`
          : `a namespace must match ${NAMESPACE_PATTERN.source}`;
      adminError(res, 400, `${where} ${text}: ${why}`, usage);
      return undefined;
    }
  }
  const distinct = [...new Set(named.map((n) => n.value))];
  if (distinct.length > 1) {
    adminError(
      res,
      400,
      `the call names two namespaces: ${named.map((n) => `"${String(n.value)}" (${n.where})`).join(' and ')}; name one`,
      usage,
    );
    return undefined;
  }
  return named.length
    ? { name: named[0]!.value as string, explicit: true, where: named.map((n) => n.where).join(' and ') }
    : { name: opts.unnamed ?? DEFAULT_NAMESPACE, explicit: false };
}

/** The one namespace of a state or clock call, or an error already sent. */
export function namespaceParam(req: Request, res: Response): string | undefined {
  return callNamespace(req, res, { many: false })?.name;
}

/**
 * `?api=` and the call's namespace, for a listing, a deletion or a reset: `namespace` undefined
 * means every namespace (`*`). Undefined: an error was sent.
 */
export function scopeParams(
  rt: Pick<Runtime, 'apis'>,
  req: Request,
  res: Response,
  unnamed?: string,
): { api?: string; namespace?: string } | undefined {
  const { api } = req.query;
  if (api !== undefined && (typeof api !== 'string' || !rt.apis.has(api))) {
    adminError(res, 400, `unknown api "${String(api).slice(0, 80)}"`, [
      `known apis: ${[...rt.apis.keys()].join(', ')}`,
    ]);
    return undefined;
  }
  const ns = callNamespace(req, res, { many: true, unnamed });
  if (!ns) return undefined;
  return { api: api as string | undefined, namespace: ns.name === ALL_NAMESPACES ? undefined : ns.name };
}
