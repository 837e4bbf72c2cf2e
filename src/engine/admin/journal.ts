/**
 * `/__admin/requests`: the request journal of the call's namespace (errors.ts; `*`: every
 * namespace). List with filters, clear, count with a matcher
 * (WireMock's `POST /__admin/requests/count`), and the requests that broke the spec (with those
 * accepted with warnings beside them) as JSON or as a JUnit report for a client's CI; `?format=har` exports the requests as HAR 1.2 (masked as the
 * journal is), which devtools and Postman open and `groups-mock contract --replay` replays.
 *
 * @example
 *   POST /__admin/requests/count {"namespace":"ci-1","operationId":"createGroup","body":{"data.name":"Night shift"}}
 *   → {"count":1}
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import { ALL_NAMESPACES, adminError, callNamespace, scopeParams } from './errors.js';
import { DEFAULT_NAMESPACE } from '../state/namespaces.js';
import { hasWarnings, isViolation, type JournalEntry } from '../qa/journal/entry.js';
import { readFileSync } from 'node:fs';
import { toHar } from '../qa/journal/har.js';
import { toJUnit } from '../qa/journal/junit.js';
import { projectFile } from '../util/project-files.js';
import { compileRequestMatcher } from '../qa/journal/queries.js';
import { MatcherError } from '../qa/matching/matchers.js';
import { liveJournal } from './live.js';

/** Entries one export may name. */
const MAX_EXPORT = 100_000;

/** The filters `GET` takes as query parameters, in the matcher's terms. */
const QUERY_FILTERS = ['api', 'namespace', 'operationId', 'method', 'path', 'pathPattern', 'status', 'since'];

/** What the journal's routes read: the journal, and the APIs a call may name (the mock's runtime, or the proxy's). */
import type { JournalHost } from './live.js';

export type { JournalHost };

function matcherOf(
  ctx: JournalHost,
  req: Request,
  res: Response,
  unnamed: string,
): ((e: JournalEntry) => boolean) | undefined {
  const scope = scopeParams(ctx, req, res, unnamed);
  if (!scope) return undefined;
  const spec: Record<string, unknown> = {};
  for (const key of QUERY_FILTERS)
    if (key !== 'namespace' && typeof req.query[key] === 'string') spec[key] = req.query[key];
  // The call's namespace (`default` without one; every namespace with `*`).
  if (scope.namespace !== undefined) spec.namespace = scope.namespace;
  try {
    return compileRequestMatcher(spec);
  } catch (err) {
    adminError(res, 400, (err as Error).message, [`filters: ${QUERY_FILTERS.join(', ')}, limit`]);
    return undefined;
  }
}

function limitOf(req: Request, res: Response): number | undefined | null {
  if (req.query.limit === undefined) return undefined;
  const n = Number(req.query.limit);
  if (!Number.isInteger(n) || n < 0) {
    adminError(res, 400, 'limit must be an integer ≥ 0');
    return null;
  }
  return n;
}

let version: string | undefined;
const packageVersion = () =>
  (version ??= (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string }).version);

/**
 * `unnamed`: what a call that names no namespace is about — the mock's `default` namespace, as on
 * its data plane; the proxy passes `*`: its journal is one session, whatever namespaces its
 * client sent on to the upstream.
 */
export function createJournalRouter(ctx: JournalHost, opts: { unnamed?: string } = {}): Router {
  const router = express.Router();
  const unnamed = opts.unnamed ?? DEFAULT_NAMESPACE;

  router.get('/', (req, res) => {
    const format = req.query.format ?? 'json';
    if (format !== 'json' && format !== 'har')
      return adminError(res, 400, `format must be json or har, not "${String(format)}"`);
    const match = matcherOf(ctx, req, res, unnamed);
    const limit = match && limitOf(req, res);
    if (!match || limit === null) return;
    const all = ctx.journal.list(match);
    const requests = limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all;
    if (format === 'har') {
      res.type('application/json').attachment('groups-mock.har');
      return res.send(
        JSON.stringify(
          toHar(requests, `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`, packageVersion()),
          null,
          2,
        ),
      );
    }
    res.json({ total: all.length, requests });
  });

  // The journal as it grows, as server-sent events (live.ts): the web console's Traffic view.
  router.get('/live', liveJournal(ctx, unnamed));

  router.delete('/', (req, res) => {
    const scope = scopeParams(ctx, req, res, unnamed);
    if (scope) res.json({ cleared: ctx.journal.clear(scope) });
  });

  const byMatcher = (req: Request, res: Response) => {
    const body: unknown = req.body ?? {};
    const plain = body !== null && typeof body === 'object' && !Array.isArray(body);
    // The matcher's namespace, the header and ?namespace= name one namespace (or "*"), else `default`.
    const call = callNamespace(req, res, {
      many: true,
      unnamed,
      ...(plain
        ? { body: { value: (body as { namespace?: unknown }).namespace, where: "the matcher's namespace" } }
        : {}),
    });
    if (!call) return undefined;
    const matcher = plain
      ? { ...(body as object), namespace: call.name === ALL_NAMESPACES ? undefined : call.name }
      : body;
    try {
      return ctx.journal.list(compileRequestMatcher(matcher));
    } catch (err) {
      adminError(
        res,
        400,
        (err as Error).message,
        err instanceof MatcherError ? ['a matcher is one of:', ...err.accepted] : [],
      );
      return undefined;
    }
  };

  router.post('/count', (req, res) => {
    const found = byMatcher(req, res);
    if (found) res.json({ count: found.length });
  });

  router.post('/find', (req, res) => {
    const found = byMatcher(req, res);
    if (found) res.json({ requests: found });
  });

  // The entries a reader has picked (the console's filtered Traffic view), by seq, as HAR or JUnit.
  router.post('/export', (req, res) => {
    const body = (req.body ?? {}) as { format?: unknown; seqs?: unknown };
    const usage = ['{"format": "har" or "junit", "seqs": [the seq of each entry]}'];
    if (body.format !== 'har' && body.format !== 'junit')
      return adminError(res, 400, `format must be har or junit, not ${JSON.stringify(body.format) ?? 'none'}`, usage);
    if (
      !Array.isArray(body.seqs) ||
      body.seqs.length > MAX_EXPORT ||
      !body.seqs.every((s) => Number.isSafeInteger(s) && (s as number) > 0)
    )
      return adminError(res, 400, `seqs must be an array of at most ${MAX_EXPORT} entry seqs (integers > 0)`, usage);
    const scope = scopeParams(ctx, req, res, unnamed);
    if (!scope) return;
    const wanted = new Set(body.seqs as number[]);
    const entries = ctx.journal.list(
      (e) =>
        wanted.has(e.seq) &&
        (scope.namespace === undefined || e.namespace === scope.namespace) &&
        (scope.api === undefined || e.api === scope.api),
    );
    if (body.format === 'junit')
      return res.type('application/xml').attachment('groups-mock.junit.xml').send(toJUnit(entries));
    res.type('application/json').attachment('groups-mock.har');
    res.send(
      JSON.stringify(toHar(entries, `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`, packageVersion()), null, 2),
    );
  });

  router.get('/violations', (req, res) => {
    const format = req.query.format ?? 'json';
    if (format !== 'json' && format !== 'junit')
      return adminError(res, 400, `format must be json or junit, not "${String(format)}"`);
    const match = matcherOf(ctx, req, res, unnamed);
    if (!match) return;
    // Warnings (accepted, outside the spec) are reported beside the violations, never counted as one.
    const reported = ctx.journal.list((e) => (isViolation(e) || hasWarnings(e)) && match(e));
    if (format === 'junit') return res.type('application/xml').send(toJUnit(reported));
    const summary = (e: JournalEntry) => ({
      seq: e.seq,
      time: e.time,
      namespace: e.namespace,
      api: e.api,
      operationId: e.operationId,
      method: e.method,
      url: e.url,
      status: e.response?.status ?? null,
    });
    const violations = reported.filter(isViolation);
    const warned = reported.filter(hasWarnings);
    res.json({
      count: violations.length,
      violations: violations.map((e) => ({
        ...summary(e),
        request: e.validation.request.issues,
        response: e.validation.response.issues,
        warnings: e.validation.warnings ?? [],
      })),
      warningCount: warned.length,
      warnings: warned.map((e) => ({ ...summary(e), warnings: e.validation.warnings ?? [] })),
    });
  });

  return router;
}
