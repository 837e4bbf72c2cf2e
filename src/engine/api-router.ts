/**
 * The request pipeline of one API, mounted at its prefix:
 * match the operation → namespace → parse body → vendor auth → validate request (express-openapi-validator)
 * → `Prefer` or the handler → validate the response against the spec → send.
 * Every failure on the way is rendered by the vendor's `renderError`, in the vendor's envelope.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { NamespaceStore } from './namespaces.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from './namespaces.js';
import { chooseResponse, parsePrefer, renderPreferred } from './prefer.js';
import type { SchemaSet } from './schemas.js';
import type { OperationDoc, SpecIndex } from './spec.js';
import type { ApiModule, HandlerContext, MockReply, NamespaceView, Problem, RequestInfo, ValidationIssue } from './types.js';

export const BODY_LIMIT = '1mb';

/** A response that broke the spec: our bug, reported to the operator and the tests. */
export interface Violation {
  api: string;
  namespace: string;
  operationId?: string;
  method: string;
  path: string;
  status: number;
  issues: ValidationIssue[];
}

export interface ApiRuntime {
  module: ApiModule<any, any>;
  spec: SpecIndex;
  schemas: SchemaSet;
}

export interface PipelineHooks {
  onViolation(v: Violation): void;
}

/** What the pipeline has learnt about the request so far, kept on `res.locals`. */
interface Matched {
  op?: OperationDoc;
  params: Record<string, string>;
  ns: NamespaceView<unknown>;
  principal?: unknown;
}

const PROBLEM_RESPONSE: Record<Problem['kind'], string | undefined> = {
  validation: undefined,
  parse: undefined,
  prefer: undefined,
  unknownPath: 'unknownPath',
  methodNotAllowed: 'methodNotAllowed',
  payloadTooLarge: 'payloadTooLarge',
  unsupportedMediaType: 'unsupportedMediaType',
  internal: 'internalError',
};

export function createApiRouter(rt: ApiRuntime, store: NamespaceStore, hooks: PipelineHooks): Router {
  const { module: mod, spec, schemas } = rt;
  const router = express.Router();

  const matched = (res: Response) => res.locals.mock as Matched;
  const info = (req: Request, res: Response): RequestInfo<unknown> => {
    const m = matched(res);
    return {
      method: req.method,
      path: req.path,
      operationId: m.op?.operationId,
      params: m.params,
      query: rawQuery(req),
      headers: req.headers,
      body: req.body,
      ns: m.ns,
    };
  };

  /** Sends a reply after checking it against the spec; a reply that breaks the spec becomes a 500. */
  const send = (req: Request, res: Response, reply: MockReply, problem?: Problem) => {
    const m = matched(res);
    const pointer = schemaFor(rt, m.op, reply.status, problem);
    const issues: ValidationIssue[] = [];
    if (pointer && reply.body !== undefined) issues.push(...schemas.check(pointer, reply.body, 'response'));
    else if (!pointer && reply.body !== undefined && problem?.kind !== 'internal') {
      issues.push({ in: 'response', path: [], keyword: 'status', message: `status ${reply.status} is not documented for ${m.op?.operationId ?? 'this path'}`, params: {} });
    }
    if (issues.length) {
      hooks.onViolation({ api: mod.name, namespace: m.ns.name, operationId: m.op?.operationId, method: req.method, path: req.path, status: reply.status, issues });
      if (!problem) {
        const detail = `response ${reply.status} of ${m.op?.operationId} does not match the spec: ${issues.map(describeIssue).join('; ')}`;
        console.error(`[groups-mock] ${mod.name}: ${detail}`);
        return send(req, res, mod.renderError({ kind: 'internal', detail }, info(req, res)), { kind: 'internal', detail });
      }
    }
    res.status(reply.status);
    res.set({ ...(mod.responseHeaders?.(info(req, res)) ?? {}), ...(reply.headers ?? {}) });
    if (reply.body === undefined || req.method === 'HEAD') res.end();
    else res.json(reply.body);
  };

  const fail = (req: Request, res: Response, problem: Problem) => send(req, res, mod.renderError(problem, info(req, res)), problem);

  // 1. match the operation and the namespace
  router.use((req, res, next) => {
    const header = req.get('x-mock-namespace');
    const name = header ?? DEFAULT_NAMESPACE;
    const found = spec.find(req.method, req.path);
    res.locals.mock = {
      op: found.op,
      params: found.params,
      ns: store.view(mod.name, NAMESPACE_PATTERN.test(name) ? name : DEFAULT_NAMESPACE),
    } satisfies Matched;
    if (!NAMESPACE_PATTERN.test(name)) {
      return fail(req, res, {
        kind: 'validation',
        issues: [{ in: 'header', path: ['X-Mock-Namespace'], keyword: 'pattern', message: `must match ${NAMESPACE_PATTERN.source}`, params: { pattern: NAMESPACE_PATTERN.source }, value: name }],
      });
    }
    if (!found.op && found.allow.length) {
      const reply = mod.renderError({ kind: 'methodNotAllowed', allow: found.allow }, info(req, res));
      reply.headers = { ...reply.headers, Allow: found.allow.join(', ') };
      return send(req, res, reply, { kind: 'methodNotAllowed', allow: found.allow });
    }
    if (!found.op) return fail(req, res, { kind: 'unknownPath' });
    next();
  });

  // 2. parse the body (a vendor may read JSON whatever the Content-Type says)
  if (mod.jsonBodyWhateverContentType) {
    router.use((req, _res, next) => {
      const type = req.headers['content-type'] ?? '';
      if (hasBody(req) && !/json/i.test(type)) req.headers['content-type'] = 'application/json';
      next();
    });
  }
  router.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  router.use(express.urlencoded({ limit: BODY_LIMIT, extended: false }));

  // 3. the vendor's credentials check
  router.use((req, res, next) => {
    const m = matched(res);
    if (!m.op!.secured) return next();
    const result = mod.authenticate(info(req, res));
    if (!result.ok) return send(req, res, result.reply);
    m.principal = result.principal;
    next();
  });

  // 4. the request against the spec
  router.use(
    OpenApiValidator.middleware({
      apiSpec: { ...structuredClone(spec.doc), servers: [{ url: '/' }] } as never,
      // Parameters are always coerced from strings; bodies are not, so 42 is no name.
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
      validateResponses: false,
      validateSecurity: false,
      validateApiSpec: false,
      useRequestUrl: true,
    }),
  );

  // 5. Prefer, or the handler
  router.use(async (req, res, next) => {
    try {
      const m = matched(res);
      const op = m.op!;
      const pref = parsePrefer(req.headers.prefer);
      if (pref) {
        const choice = chooseResponse(op, pref);
        if ('kind' in choice) return fail(req, res, choice);
        return send(req, res, await renderPreferred(spec.doc, choice.response, choice.example, pref, m.ns.rng.seed()));
      }
      const handler = mod.handlers[op.operationId];
      if (!handler) return fail(req, res, { kind: 'internal', detail: `no handler for ${op.operationId}` });
      // The handler table is typed per operation by the vendor; here one shape serves them all.
      const ctx: HandlerContext<any, unknown, unknown> = {
        operationId: op.operationId,
        method: req.method,
        path: req.path,
        params: m.params as never,
        query: req.query as never,
        rawQuery: rawQuery(req),
        body: req.body as never,
        headers: req.headers,
        ns: m.ns,
        principal: m.principal,
        validate: (pointer, value) => schemas.check(pointer, value),
        problem: (p) => mod.renderError(p, info(req, res)),
      };
      send(req, res, await handler(ctx));
    } catch (err) {
      next(err);
    }
  });

  // 6. every error on the way, in the vendor's envelope
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    fail(req, res, toProblem(err, req, rt, matched(res)?.op));
  });

  return router;
}

/** The schema a reply must match: the operation's documented response, or an engine response. */
function schemaFor(rt: ApiRuntime, op: OperationDoc | undefined, status: number, problem?: Problem): string | undefined {
  const documented = op?.responses.get(String(status)) ?? op?.responses.get(`${String(status)[0]}XX`) ?? op?.responses.get('default');
  if (documented) return documented.schemaPointer;
  const kind = problem ? PROBLEM_RESPONSE[problem.kind] : undefined;
  return kind ? rt.spec.engineResponses.get(kind)?.schemaPointer : undefined;
}

function toProblem(err: unknown, req: Request, rt: ApiRuntime, op?: OperationDoc): Problem {
  const e = err as { type?: string; status?: number; message?: string; errors?: Array<{ path?: string; message?: string; errorCode?: string }> };
  if (e?.type === 'entity.parse.failed') return { kind: 'parse', detail: e.message ?? 'invalid JSON' };
  if (e?.type === 'entity.too.large') return { kind: 'payloadTooLarge', limit: BODY_LIMIT };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return { kind: 'unsupportedMediaType', contentType: req.headers['content-type'] ?? '' };
  if (e?.status === 415) return { kind: 'unsupportedMediaType', contentType: req.headers['content-type'] ?? '' };
  if (e?.status === 400 && Array.isArray(e.errors)) return { kind: 'validation', issues: requestIssues(e.errors, req, rt, op) };
  const detail = err instanceof Error ? err.message : String(err);
  console.error(`[groups-mock] ${rt.module.name}: ${req.method} ${req.path}: ${err instanceof Error ? err.stack : detail}`);
  return { kind: 'internal', detail };
}

/**
 * express-openapi-validator says which part failed; for the body, our own Ajv run against the same
 * schema gives the keyword parameters (limits, allowed values) that vendor messages quote.
 */
function requestIssues(errors: Array<{ path?: string; message?: string; errorCode?: string }>, req: Request, rt: ApiRuntime, op?: OperationDoc): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let bodyChecked = false;
  for (const e of errors) {
    const parts = (e.path ?? '').replace(/^\./, '/').split(/[/.]/).filter(Boolean);
    const where = { body: 'body', query: 'query', params: 'path', path: 'path', headers: 'header' }[parts[0] ?? ''] ?? 'body';
    if (where === 'body' && op && !bodyChecked) {
      bodyChecked = true;
      const pointer = requestBodyPointer(rt, op, req);
      const detailed = pointer ? rt.schemas.check(pointer, req.body, 'body') : [];
      if (detailed.length) {
        issues.push(...detailed);
        continue;
      }
    } else if (where === 'body' && bodyChecked && issues.some((i) => i.in === 'body')) continue;
    const path = parts.slice(1);
    const source = where === 'query' ? rawQuery(req) : where === 'path' ? matchedParams(req) : where === 'header' ? req.headers : req.body;
    const param = where !== 'body' ? op?.parameters.find((p) => p.in === (where === 'header' ? 'header' : where) && p.name.toLowerCase() === String(path[0]).toLowerCase()) : undefined;
    const detailed = param?.schemaPointer && path.length === 1 ? rt.schemas.checkParam(param.schemaPointer, valueAt(source, [param.name]), where, param.name) : [];
    if (detailed.length) {
      issues.push(...detailed);
      continue;
    }
    const keyword = (e.errorCode ?? '').split('.')[0] || 'invalid';
    issues.push({ in: where, path, keyword, message: e.message ?? 'is invalid', params: {}, value: valueAt(source, path) });
  }
  return issues;
}

function requestBodyPointer(rt: ApiRuntime, op: OperationDoc, req: Request): string | undefined {
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  let pointer = `#/paths/${esc(op.pathTemplate)}/${op.method}/requestBody`;
  let node = rt.spec.doc.paths[op.pathTemplate][op.method].requestBody;
  if (node?.$ref) {
    pointer = node.$ref;
    node = pointer.split('/').slice(1).reduce((n: any, k) => n?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], rt.spec.doc);
  }
  const content = node?.content ?? {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const key = content[type] ? type : Object.keys(content).find((t) => t.includes('json'));
  return key && content[key].schema ? `${pointer}/content/${esc(key)}/schema` : undefined;
}

function matchedParams(req: Request): Record<string, string> {
  return (req.res?.locals.mock as Matched | undefined)?.params ?? {};
}

function valueAt(root: any, path: string[]): unknown {
  return path.reduce((n, k) => (n == null ? undefined : n[k]), root);
}

function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function rawQuery(req: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const q = req.originalUrl.indexOf('?');
  if (q < 0) return out;
  for (const [k, v] of new URLSearchParams(req.originalUrl.slice(q + 1))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function describeIssue(i: ValidationIssue): string {
  return `${[i.in, ...i.path].join('.')} ${i.message}`;
}
