/**
 * Stage 6, **validate request**: the request against the spec with express-openapi-validator —
 * parameters, body, media type. The check runs once per request (`checkRequest`, memoised on the
 * exchange): the same result answers the request here and feeds the journal, also when a fault rule
 * or a failed security check answered first.
 */
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { requestIssuesOf } from '../../qa/journal/problem-issues.js';
import type { SpecIndex } from '../../spec/spec-index.js';
import { renderProblem } from '../../types.js';
import { requestInfo, type Exchange, type RequestCheck, type StageResult } from '../exchange.js';
import { toProblem } from '../problems.js';
import { runMiddlewares } from '../run-middleware.js';

const validators = new WeakMap<SpecIndex, RequestHandler[]>();

/** express-openapi-validator for one spec, for the vendor paths after the mount prefix (built once per spec). */
function requestValidator(spec: SpecIndex): RequestHandler[] {
  let mws = validators.get(spec);
  if (!mws) {
    mws = OpenApiValidator.middleware({
      apiSpec: { ...structuredClone(spec.doc), servers: [{ url: '/' }] } as never,
      // Parameters are always coerced from strings; bodies are not, so 42 is no name.
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
      validateResponses: false,
      validateSecurity: false,
      validateApiSpec: false,
      useRequestUrl: true,
    }) as RequestHandler[];
    validators.set(spec, mws);
  }
  return mws;
}

/** The request checked against the spec, once; later calls get the same result. */
export function checkRequest(ex: Exchange): Promise<RequestCheck> {
  ex.requestCheck ??= (async (): Promise<RequestCheck> => {
    if (!ex.op) return { outcome: { checked: false, valid: true, issues: [] } };
    try {
      await runMiddlewares(requestValidator(ex.api.spec), ex.req, ex.res);
      return { outcome: { checked: true, valid: true, issues: [] } };
    } catch (err) {
      const problem = toProblem(err, { req: ex.req, api: ex.api, op: ex.op, params: ex.params, body: ex.req.body }, true);
      const issues = requestIssuesOf(problem, ex.req.method, ex.req.path) ?? [];
      return { outcome: { checked: true, valid: !issues.length, issues }, problem };
    }
  })().then((check) => {
    ex.requestOutcome = check.outcome;
    return check;
  });
  return ex.requestCheck;
}

export async function validateRequest(ex: Exchange): Promise<StageResult> {
  const { problem } = await checkRequest(ex);
  if (!problem) return undefined;
  if (problem.kind === 'internal') console.error(`[groups-mock] ${ex.api.module.name}: ${ex.req.method} ${ex.req.path}: the request validator failed: ${problem.detail}`);
  return { reply: renderProblem(ex.api.module, problem, requestInfo(ex)), problem };
}
