/**
 * Stage 4, **refuse unrouted**: a request outside every operation of the spec, once the fault rules
 * for the whole API have had their turn — an unknown path gets the vendor's 404 (or whatever its
 * `unknownPath` is), a known path with another method the vendor's 405 with `Allow`, and a CORS
 * preflight a 204 for the path's methods.
 */
import { renderProblem } from '../../types.js';
import { preflightHeaders } from '../cors.js';
import { requestInfo, type Exchange, type StageResult } from '../exchange.js';

export function refuseUnrouted(ex: Exchange): StageResult {
  if (ex.op) return undefined;
  if (!ex.allow.length) {
    const problem = { kind: 'unknownPath' as const };
    return { reply: renderProblem(ex.api.module, problem, requestInfo(ex)), problem };
  }
  if (ex.req.method === 'OPTIONS')
    return { reply: { status: 204, headers: preflightHeaders(ex.req.headers, ex.allow) } };
  const problem = { kind: 'methodNotAllowed' as const, allow: ex.allow };
  const reply = renderProblem(ex.api.module, problem, requestInfo(ex));
  return { reply: { ...reply, headers: { ...reply.headers, Allow: ex.allow.join(', ') } }, problem };
}
