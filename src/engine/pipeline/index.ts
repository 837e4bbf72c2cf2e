/**
 * The request pipeline of one API, mounted at its prefix:
 * match the operation → namespace → parse body → admin fault rules → vendor auth → validate request
 * (express-openapi-validator) → `Prefer` or the handler → validate the response against the spec → send.
 * Every failure on the way is rendered by the vendor's `renderError`, in the vendor's envelope, and
 * every request is written to the journal just before its response goes out.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { dropConnection, renderRateLimited, renderRespond, sendCorrupted, type FaultReply } from '../qa/faults/actions.js';
import type { FaultStore } from '../qa/faults/store.js';
import { journalBody, maskHeaders, maskIssues, maskValue, requestIssuesOf, type Journal, type JournalEntry } from '../qa/journal/journal.js';
import type { NamespaceStore } from '../state/namespaces.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '../state/namespaces.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { chooseResponse, parsePrefer, renderPreferred } from '../spec/prefer.js';
import type { CompiledSpec } from '../spec/compiled.js';
import { BODY_LIMIT, describeIssue, formFields, hasBody, rawQuery, toProblem } from './problems.js';
import type { OperationDoc } from '../spec/spec-index.js';
import type { ApiModule, HandlerContext, MockReply, NamespaceView, Problem, RequestInfo, ValidationIssue } from '../types.js';

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

export interface ApiRuntime extends CompiledSpec {
  module: ApiModule<any, any>;
}

export interface PipelineHooks {
  onViolation(v: Violation): void;
  /** Admin fault rules, checked once the namespace is known and the body parsed. */
  faults?: FaultStore;
  /** Where every request is recorded. */
  journal?: Journal;
}

/** What the pipeline has learnt about the request so far, kept on `res.locals`. */
interface Matched {
  op?: OperationDoc;
  params: Record<string, string>;
  ns: NamespaceView<unknown>;
  principal?: unknown;
  /** The journal entry being written for this request. */
  entry?: JournalEntry;
  /** A `truncated`/`malformed` fault rule: the reply is sent broken. */
  corrupt?: 'truncated' | 'malformed';
  /** A HEAD request, handled as its GET operation and answered without a body. */
  head?: boolean;
}

const PROBLEM_RESPONSE: Record<Problem['kind'], string | undefined> = {
  validation: undefined,
  parse: undefined,
  prefer: undefined,
  rateLimited: 'rateLimited',
  unknownPath: 'unknownPath',
  methodNotAllowed: 'methodNotAllowed',
  payloadTooLarge: 'payloadTooLarge',
  unsupportedMediaType: 'unsupportedMediaType',
  internal: 'internalError',
};

export function createApiRouter(rt: ApiRuntime, store: NamespaceStore, hooks: PipelineHooks): Router {
  const { module: mod, spec, schemas } = rt;
  const router = express.Router();
  const validator = rt.requestValidator;

  /** What the pipeline knows of the request; a bare default when its very first step failed. */
  const matched = (res: Response): Matched => {
    res.locals.mock ??= { params: {}, ns: store.view(mod.name, DEFAULT_NAMESPACE) } satisfies Matched;
    return res.locals.mock as Matched;
  };
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
  const send = (req: Request, res: Response, reply: MockReply, problem?: Problem, engineKind?: string) => {
    const m = matched(res);
    const pointer = schemaFor(rt, m.op, reply.status, problem, engineKind);
    const issues: ValidationIssue[] = [];
    if (pointer && reply.body !== undefined) issues.push(...schemas.check(pointer, reply.body, 'response'));
    else if (!pointer && reply.body !== undefined && problem?.kind !== 'internal') {
      issues.push({ in: 'response', path: [], keyword: 'status', message: `status ${reply.status} is not documented for ${m.op?.operationId ?? 'this path'}`, params: {} });
    }
    if (m.entry) {
      m.entry.validation.response = { checked: true, valid: m.entry.validation.response.valid && !issues.length, issues: [...m.entry.validation.response.issues, ...maskIssues(issues)] };
      const requestIssues = problem && requestIssuesOf(problem, req.method, req.path);
      if (requestIssues) m.entry.validation.request = { checked: true, valid: !requestIssues.length, issues: requestIssues };
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
    res.set({ ...corsHeaders(req.headers), ...(mod.responseHeaders?.(info(req, res)) ?? {}), ...(reply.headers ?? {}) });
    record(res, { status: reply.status, headers: maskHeaders(res.getHeaders()), body: journalBody(reply.body) });
    if (m.corrupt) sendCorrupted(res, m.corrupt, m.head ? undefined : reply.body);
    // For HEAD, Node drops the body itself and keeps the headers GET would have (type, length).
    else if (reply.body === undefined) res.end();
    else res.json(reply.body);
  };

  /** Writes the journal entry once, before the client can see the response. */
  const record = (res: Response, response: JournalEntry['response']) => {
    const m = matched(res);
    if (!m.entry || !hooks.journal) return;
    const entry = m.entry;
    m.entry = undefined;
    hooks.journal.add({ ...entry, response });
  };

  const sendFault = (req: Request, res: Response, out: FaultReply) => send(req, res, out.reply, out.problem, out.engineKind);

  /**
   * The request checked against the spec without acting on the outcome, for the journal, when the
   * pipeline answers before express-openapi-validator has run (a fault rule, a failed auth check).
   */
  const checkOnly = async (req: Request, res: Response) => {
    const m = matched(res);
    if (!m.entry || !m.op || m.entry.validation.request.checked) return;
    for (const mw of validator) {
      const err = await new Promise<unknown>((resolve) => {
        try {
          void (mw as (rq: Request, rs: Response, nx: (e?: unknown) => void) => unknown)(req, res, resolve);
        } catch (e) {
          resolve(e);
        }
      });
      if (err) {
        const problem = toProblem(err, req, rt, m.op, true);
        const issues = requestIssuesOf(problem, req.method, req.path) ?? [];
        m.entry.validation.request = { checked: true, valid: !issues.length, issues };
        return;
      }
    }
    m.entry.validation.request = { checked: true, valid: true, issues: [] };
  };

  /**
   * Admin fault rules: latency first, then a rate limit, a documented response or a broken
   * connection. `next` continues the normal pipeline.
   */
  const applyFaults = async (req: Request, res: Response, next: () => void) => {
    const m = matched(res);
    if (!hooks.faults) return next();
    const decision = hooks.faults.evaluate({ api: mod.name, namespace: m.ns.name, op: m.op, headers: req.headers, query: rawQuery(req), body: req.body, now: m.ns.clock.now() });
    if (m.entry) m.entry.faults = decision.fired;
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const outcome = decision.outcome;
    if (!outcome) return next();
    if (outcome.type === 'connection' && (outcome.mode === 'truncated' || outcome.mode === 'malformed')) {
      m.corrupt = outcome.mode;
      return next();
    }
    await checkOnly(req, res);
    if (outcome.type === 'connection') {
      record(res, null);
      return dropConnection(req, outcome.mode as 'reset' | 'empty');
    }
    const out =
      outcome.type === 'respond'
        ? await renderRespond(rt, m.op, outcome.status, outcome.example, m.ns.rng.seed())
        : await renderRateLimited(rt, m.op, outcome.retryAfterSeconds, info(req, res), m.ns.rng.seed());
    if (!out) return next();
    sendFault(req, res, out);
  };

  const fail = (req: Request, res: Response, problem: Problem) => send(req, res, mod.renderError(problem, info(req, res)), problem);

  // 1. match the operation and the namespace
  router.use((req, res, next) => {
    const header = req.get('x-mock-namespace');
    const name = header ?? DEFAULT_NAMESPACE;
    const found = spec.find(req.method, req.path);
    const ns = store.view(mod.name, NAMESPACE_PATTERN.test(name) ? name : DEFAULT_NAMESPACE);
    res.locals.mock = {
      op: found.op,
      params: found.params,
      ns,
      entry: hooks.journal && newEntry(hooks.journal, mod.name, ns, req, found.op?.operationId),
    } satisfies Matched;
    // Whatever happens, the request is in the journal (a client that went away: no response).
    res.on('close', () => record(res, null));
    // HEAD is the GET operation without the body: validated, handled and answered as GET.
    if (req.method === 'HEAD' && found.op) {
      (res.locals.mock as Matched).head = true;
      req.method = 'GET';
    }
    if (!NAMESPACE_PATTERN.test(name)) {
      return fail(req, res, {
        kind: 'validation',
        issues: [{ in: 'header', path: ['X-Mock-Namespace'], keyword: 'pattern', message: `must match ${NAMESPACE_PATTERN.source}`, params: { pattern: NAMESPACE_PATTERN.source }, value: name }],
      });
    }
    if (found.op) return next();
    // Outside any operation: only rules for the whole API apply; the body is read for the journal only.
    readRawBody(req, res, () =>
      applyFaults(req, res, () => {
        if (!found.allow.length) return fail(req, res, { kind: 'unknownPath' });
        if (req.method === 'OPTIONS') return send(req, res, { status: 204, headers: preflightHeaders(req.headers, found.allow) });
        const reply = mod.renderError({ kind: 'methodNotAllowed', allow: found.allow }, info(req, res));
        reply.headers = { ...reply.headers, Allow: found.allow.join(', ') };
        send(req, res, reply, { kind: 'methodNotAllowed', allow: found.allow });
      }).catch((err) => fail(req, res, toProblem(err, req, rt))),
    );
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

  // 2b. fault rules, as soon as the namespace and the body are known (before auth: no credentials needed)
  router.use((req, res, next) => {
    const m = matched(res);
    if (m.entry) m.entry.body = journalBody(req.body ?? null);
    applyFaults(req, res, () => next()).catch(next);
  });

  // 3. the vendor's credentials check
  router.use(async (req, res, next) => {
    const m = matched(res);
    if (!m.op!.secured) return next();
    const result = mod.authenticate(info(req, res));
    if (!result.ok) {
      try {
        await checkOnly(req, res);
      } catch {
        // the journal's check only; the vendor's answer stands
      }
      return send(req, res, result.reply);
    }
    m.principal = result.principal;
    next();
  });

  // 4. the request against the spec
  router.use(validator);
  router.use((_req, res, next) => {
    const entry = matched(res).entry;
    if (entry) entry.validation.request = { checked: true, valid: true, issues: [] };
    next();
  });

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

  // 6. every error on the way, in the vendor's envelope (never Express's HTML page)
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    try {
      fail(req, res, toProblem(err, req, rt, matched(res).op));
    } catch (again) {
      console.error(`[groups-mock] ${mod.name}: cannot render an error: ${again instanceof Error ? again.stack : String(again)}`);
      if (!res.headersSent) res.status(500).json({ error: 'internal error', detail: 'the mock failed while answering; see its log' });
    }
  });

  return router;
}

/** The schema a reply must match: the operation's documented response, or an engine response. */
function schemaFor(rt: ApiRuntime, op: OperationDoc | undefined, status: number, problem?: Problem, engineKind?: string): string | undefined {
  const documented = op?.responses.get(String(status)) ?? op?.responses.get(`${String(status)[0]}XX`) ?? op?.responses.get('default');
  if (documented) return documented.schemaPointer;
  const kind = engineKind ?? (problem ? PROBLEM_RESPONSE[problem.kind] : undefined);
  return kind ? rt.spec.engineResponses.get(kind)?.schemaPointer : undefined;
}

/** The journal entry of a request, as it arrives (masked). */
function newEntry(journal: Journal, api: string, ns: NamespaceView<unknown>, req: Request, operationId?: string): JournalEntry {
  const query = maskValue(rawQuery(req)) as Record<string, string | string[]>;
  const qs = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => [v].flat().map((x) => [k, x]))).toString();
  const now = ns.clock.now();
  return {
    seq: journal.nextSeq(),
    time: new Date(now).toISOString(),
    epochMs: now,
    namespace: ns.name,
    api,
    operationId: operationId ?? null,
    method: req.method,
    path: req.path,
    url: `/${api}${req.path}${qs ? `?${qs}` : ''}`,
    query,
    headers: maskHeaders(req.headers),
    body: null,
    response: null,
    validation: { request: { checked: false, valid: true, issues: [] }, response: { checked: false, valid: true, issues: [] } },
    faults: [],
  };
}

const rawBodyParser = express.raw({ type: () => true, limit: BODY_LIMIT });

/**
 * Reads the body of a request outside any operation, for the journal only; it never fails the
 * request. JSON and forms are kept, masked; anything else only by its size (it may hold anything).
 */
function readRawBody(req: Request, res: Response, next: () => void): void {
  rawBodyParser(req, res, () => {
    const m = res.locals.mock as Matched;
    if (m.entry && Buffer.isBuffer(req.body) && req.body.length) m.entry.body = journalBody(rawBodyOf(req.body, req.headers['content-type']));
    req.body = undefined;
    next();
  });
}

function rawBodyOf(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    // not JSON
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return formFields(text);
  return { bytes: raw.length };
}
