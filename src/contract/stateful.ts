/**
 * Stateful sequences from the spec's OpenAPI `links`: an operation that creates something (its 2xx
 * response declares links) is called, and each linked operation is then called with the ids the
 * answer gave (`$response.body#/data/id`, `$request.path.ACCOUNT_ID`, …) — reads first, then changes,
 * deletes last. After a delete answered 2xx, the reads are made again: they must not succeed
 * (`use_after_free`, as Schemathesis names it).
 */
import { deref } from '../engine/spec/load.js';
import type { OperationDoc } from '../engine/spec/spec-index.js';
import type { ContractApi } from './api-spec.js';
import type { RequestCase } from './cases.js';
import type { WireRequest, WireResponse } from './http.js';

export interface Link {
  name: string;
  /** The status whose response declares it. */
  status: string;
  target: OperationDoc;
  parameters: Record<string, unknown>;
  requestBody?: unknown;
}

/** The links an operation's 2xx responses declare, to operations of the same spec. */
export function linksOf(api: ContractApi, op: OperationDoc): Link[] {
  const item = api.spec.doc.paths?.[op.pathTemplate]?.[op.method];
  const out: Link[] = [];
  for (const [status, raw] of Object.entries<any>(item?.responses ?? {})) {
    if (!status.startsWith('2')) continue;
    const response = deref(api.spec.doc, raw, '').node;
    for (const [name, rawLink] of Object.entries<any>(response?.links ?? {})) {
      const link = deref(api.spec.doc, rawLink, '').node;
      const target = link?.operationId ? api.spec.byId.get(link.operationId) : undefined;
      if (!target) continue;
      out.push({
        name,
        status,
        target,
        parameters: link.parameters ?? {},
        ...(link.requestBody !== undefined ? { requestBody: link.requestBody } : {}),
      });
    }
  }
  return out;
}

/** A JSON Pointer into a value (`/data/id`). */
function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  let node = value;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The request and response a link's runtime expressions read. */
export interface LinkSource {
  case: RequestCase;
  request: WireRequest;
  response: WireResponse;
}

/** A runtime expression's value (OpenAPI 3.1 §4.8.20.4); a value that is not an expression is itself. */
export function evaluate(expr: unknown, src: LinkSource): unknown {
  if (typeof expr !== 'string' || !expr.startsWith('$')) return expr;
  const [head, pointer] = expr.split('#', 2) as [string, string | undefined];
  if (head === '$url') return src.request.url;
  if (head === '$method') return src.request.method;
  if (head === '$statusCode') return src.response.status;
  if (head === '$response.body') return atPointer(src.response.json, pointer ?? '');
  if (head === '$request.body') return atPointer(src.case.body, pointer ?? '');
  const m = /^\$(request|response)\.(path|query|header)\.(.+)$/.exec(head);
  if (!m) return undefined;
  const [, side, where, name] = m as unknown as [string, string, string, string];
  if (side === 'response') return where === 'header' ? src.response.headers[name.toLowerCase()] : undefined;
  if (where === 'path') return src.case.pathParams[name];
  if (where === 'query') return src.case.query[name];
  const header = Object.entries(src.request.headers).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return header?.[1];
}

/** `bigint`s (MDM's ids past 2^53) and numbers as their exact digits. */
const asText = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean'
      ? String(v)
      : undefined;

/**
 * The linked case: the target's example case, its parameters replaced by the link's (named bare or
 * as `path.NAME`, `query.NAME`), its body by the link's `requestBody` when there is one. Undefined
 * when a parameter's expression found nothing.
 */
export function linkedCase(link: Link, base: RequestCase, src: LinkSource): { case?: RequestCase; missing?: string } {
  const c: RequestCase = {
    ...base,
    pathParams: { ...base.pathParams },
    query: { ...base.query },
    headers: { ...base.headers },
    origin: `link ${link.name} from ${src.case.operationId}`,
  };
  for (const [rawName, expr] of Object.entries(link.parameters)) {
    const m = /^(path|query|header)\.(.+)$/.exec(rawName);
    const name = m ? m[2]! : rawName;
    const where = m ? m[1]! : (link.target.parameters.find((p) => p.name === name)?.in ?? 'path');
    const value = asText(evaluate(expr, src));
    if (value === undefined) return { missing: `${rawName} (${String(expr)})` };
    if (where === 'path') c.pathParams[name] = value;
    else if (where === 'query') c.query[name] = value;
    else c.headers[name] = value;
  }
  if (link.requestBody !== undefined) c.body = evaluate(link.requestBody, src);
  return { case: c };
}

/** The order a sequence runs its links in: reads, then changes, deletes last. */
export function sequenceOrder(links: Link[]): Link[] {
  const rank = (l: Link) => (l.target.method === 'get' ? 0 : l.target.method === 'delete' ? 2 : 1);
  return [...links].sort((a, b) => rank(a) - rank(b));
}
