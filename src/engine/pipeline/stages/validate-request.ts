/**
 * Stage 6, **validate request**: the request against its operation with the engine's one request
 * check (spec/check-request.ts) — parameters, body, media type. The check runs once per request
 * (`checkExchange`, memoised on the exchange): the same result answers the request here and feeds
 * the journal, also when a fault rule or a failed security check answered first — those ask only
 * for the first issue, so that a refused request never pays for listing them all. Query parameters
 * the operation does not take are journaled as warnings, unless the runtime is strict.
 */
import { checkRequest } from '../../spec/check-request.js';
import { renderProblem } from '../../types.js';
import { requestInfo, type Exchange, type RequestCheck, type StageResult } from '../exchange.js';

/**
 * The request checked against the spec, once; later calls get the same result. `first` (what a
 * request answered without its issues needs: a failed login, a fault rule, for the journal) stops
 * at the first issue; `all` (the answer to an invalid request) lists them, within the check's
 * bounds. A `first` result that found an issue is checked again when `all` is asked for.
 */
export function checkExchange(ex: Exchange, listing: 'first' | 'all' = 'all'): RequestCheck {
  const prior = ex.requestCheck;
  if (prior && (prior.listing === 'all' || listing === 'first' || prior.outcome.valid)) return prior;
  const check = runCheck(ex, listing, !prior);
  ex.requestCheck = check;
  ex.requestOutcome = check.outcome;
  return check;
}

function runCheck(ex: Exchange, listing: 'first' | 'all', firstRun: boolean): RequestCheck {
  if (!ex.op) return { listing, outcome: { checked: false, valid: true, issues: [] } };
  const { api, req } = ex;
  const result = checkRequest(
    { op: ex.op, spec: api.spec, schemas: api.schemas },
    {
      method: ex.method,
      path: req.path,
      params: ex.params,
      ...(ex.undecodable ? { undecodable: ex.undecodable } : {}),
      query: ex.rawQuery,
      headers: req.headers,
      ...(ex.bodyRead ? { body: ex.bodyRead } : {}),
    },
    { listing, strict: ex.runtime.strict },
  );
  ex.query = result.query;
  if (firstRun) {
    if (result.warnings.length) (ex.requestWarnings ??= []).push(...result.warnings);
    if (ex.requestWarnings?.length && ex.draft) ex.runtime.recorder.noteWarnings(ex.draft, ex.requestWarnings);
  }
  return {
    listing,
    outcome: {
      checked: true,
      valid: result.valid,
      issues: result.issues,
      ...(result.incomplete ? { incomplete: true } : {}),
    },
    ...(result.problem ? { problem: result.problem } : {}),
  };
}

export function validateRequest(ex: Exchange): StageResult {
  const { problem } = checkExchange(ex, 'all');
  if (!problem) return undefined;
  return { reply: renderProblem(ex.api.module, problem, requestInfo(ex)), problem };
}
