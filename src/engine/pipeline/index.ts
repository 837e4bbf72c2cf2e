/**
 * The request pipeline of one API, mounted at its prefix: a short list of named stages over one
 * typed exchange (see exchange.ts), in the manner of fastify's hooks —
 *
 *   matchOperation → readBody → applyFaults → refuseUnrouted → authenticate → validateRequest → answer → send
 *
 * A stage lets the request go on, answers it, or drops the connection. Whatever a stage throws
 * becomes an engine problem rendered in the vendor's envelope (never Express's HTML page), and the
 * journal hears of the request when it arrives and when its answer has gone out.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Runtime, ServedLine } from '../runtime.js';
import type { LoadedApi } from '../spec/compiled.js';
import { renderProblem, type Problem } from '../types.js';
import { requestInfo, type Exchange, type Stage } from './exchange.js';
import { toProblem } from './problems.js';
import { answer } from './stages/answer.js';
import { applyFaults } from './stages/apply-faults.js';
import { authenticate } from './stages/authenticate.js';
import { bareExchange, createExchange, matchOperation } from './stages/match-operation.js';
import { readBody } from './stages/read-body.js';
import { refuseUnrouted } from './stages/refuse-unrouted.js';
import { send } from './stages/send.js';
import { validateRequest } from './stages/validate-request.js';
import { toOriginForm } from '../util/request-target.js';

/** The stages, in order; `send` follows whichever answers. */

/** The log line's names for the request's warnings (query names; the body type read as JSON). */
function warningFields(warnings: Exchange['requestWarnings']): Pick<ServedLine, 'unknownQuery' | 'bodyReadAsJson'> {
  if (!warnings?.length) return {};
  const query = warnings.filter((w) => w.in === 'query').map((w) => String(w.path[0]));
  const body = warnings.find((w) => w.in === 'header');
  return { ...(query.length ? { unknownQuery: query } : {}), ...(body ? { bodyReadAsJson: String(body.value) } : {}) };
}

export const STAGES: ReadonlyArray<readonly [name: string, stage: Stage]> = [
  ['matchOperation', matchOperation],
  ['readBody', readBody],
  ['applyFaults', applyFaults],
  ['refuseUnrouted', refuseUnrouted],
  ['authenticate', authenticate],
  ['validateRequest', validateRequest],
  ['answer', answer],
];

async function run(ex: Exchange): Promise<void> {
  try {
    for (const [, stage] of STAGES) {
      const result = await stage(ex);
      if (!result) continue;
      if ('dropped' in result) return;
      return send(ex, result);
    }
  } catch (err) {
    fail(ex, err);
  }
}

/** Whatever went wrong on the way, in the vendor's envelope; a renderer that fails too gets a plain JSON 500. */
function fail(ex: Exchange, err: unknown): void {
  try {
    const problem: Problem = toProblem(err, { req: ex.req, api: ex.api });
    send(ex, { reply: renderProblem(ex.api.module, problem, requestInfo(ex)), problem });
  } catch (again) {
    console.error(
      `[groups-mock] ${ex.api.module.name}: cannot render an error: ${again instanceof Error ? again.stack : String(again)}`,
    );
    if (!ex.res.headersSent)
      ex.res.status(500).json({ error: 'internal error', detail: 'the mock failed while answering; see its log' });
  }
}

/** The Express handler serving one API (mounted at `/<name>`). */
export function createApiHandler(runtime: Runtime, api: LoadedApi): RequestHandler {
  return (req: Request, res: Response) => {
    // `GET http://host/<api>/path` is `GET /<api>/path` (RFC 9112 §3.2.2; the host: see app.ts).
    toOriginForm(req);
    let ex: Exchange;
    try {
      ex = createExchange(runtime, api, req, res);
    } catch (err) {
      // Not even the exchange could be made (the journal failed): answer without it.
      return fail(bareExchange(runtime, api, req, res), err);
    }
    if (runtime.onServed) logWhenServed(runtime.onServed, ex);
    void run(ex);
  };
}

/** The request log's line, once the response is out or the connection gone (whichever is first). */
function logWhenServed(onServed: NonNullable<Runtime['onServed']>, ex: Exchange): void {
  const started = performance.now();
  const { req, res } = ex;
  const path = `${req.baseUrl}${req.path}`;
  let told = false;
  const tell = () => {
    if (told) return;
    told = true;
    onServed({
      api: ex.api.module.name,
      namespace: ex.ns.name,
      method: req.method,
      path,
      query: ex.rawQuery,
      operationId: ex.op?.operationId,
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 100) / 100,
      requestViolations: ex.requestOutcome?.valid === false ? ex.requestOutcome.issues.length : 0,
      responseViolations: ex.responseIssues ?? 0,
      requestWarnings: ex.requestWarnings?.length ?? 0,
      ...warningFields(ex.requestWarnings),
      ...(ex.faultsFired ? { faults: ex.faultsFired } : {}),
      ...(ex.preferChose !== undefined ? { prefer: ex.preferChose } : {}),
      aborted: !res.writableFinished,
      userAgent: req.headers['user-agent'],
    });
  };
  res.on('finish', tell);
  res.on('close', tell);
}
