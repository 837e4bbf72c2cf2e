/**
 * Stage 1, **match operation**: which spec operation the method and path are, with which path
 * parameters, in which namespace (`X-Mock-Namespace`); the journal hears of the request here
 * (`requestReceived`). A HEAD request is its GET operation. A bad namespace name is refused at once.
 */
import type { Request, Response } from 'express';
import type { Runtime } from '../../runtime.js';
import type { LoadedApi } from '../../spec/compiled.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '../../state/namespaces.js';
import { renderProblem } from '../../types.js';
import { requestInfo, type Exchange, type StageResult } from '../exchange.js';
import { rawQuery } from '../problems.js';

export function createExchange(runtime: Runtime, api: LoadedApi, req: Request, res: Response): Exchange {
  const header = req.get('x-mock-namespace');
  const name = header ?? DEFAULT_NAMESPACE;
  const found = api.spec.find(req.method, req.path);
  const ns = runtime.store.view(api.module.name, NAMESPACE_PATTERN.test(name) ? name : DEFAULT_NAMESPACE);
  const query = rawQuery(req);
  const ex: Exchange = {
    req,
    res,
    api,
    runtime,
    op: found.op,
    allow: found.allow,
    // HEAD is the GET operation without the body: validated, handled and answered as GET.
    method: req.method === 'HEAD' && found.op ? 'GET' : req.method,
    params: found.params,
    ...(found.undecodable ? { undecodable: found.undecodable } : {}),
    rawQuery: query,
    ns,
    head: req.method === 'HEAD' && !!found.op,
    body: undefined,
  };
  if (runtime.recorder.enabled) {
    ex.draft = runtime.recorder.requestReceived({
      api: api.module.name,
      namespace: ns.name,
      now: ns.clock.now(),
      operationId: found.op?.operationId,
      method: req.method,
      path: req.path,
      query,
      headers: req.headers,
    });
    // Whatever happens, the request is in the journal (a client that went away: no response).
    res.on('close', () => runtime.recorder.serveCompleted(ex.draft!, null, { request: ex.requestOutcome }));
  }
  return ex;
}

/** An exchange for a request whose own could not be made: the default namespace, nothing matched, no journal. */
export function bareExchange(runtime: Runtime, api: LoadedApi, req: Request, res: Response): Exchange {
  return {
    req,
    res,
    api,
    runtime,
    allow: [],
    method: req.method,
    params: {},
    rawQuery: {},
    ns: runtime.store.view(api.module.name, DEFAULT_NAMESPACE),
    head: false,
    body: undefined,
  };
}

export function matchOperation(ex: Exchange): StageResult {
  const name = ex.req.get('x-mock-namespace');
  // Outside every operation the unknown-path (or 405) answer wins: a 400 is documented only for operations.
  if (name === undefined || NAMESPACE_PATTERN.test(name) || !ex.op) return undefined;
  const problem = {
    kind: 'validation' as const,
    issues: [
      {
        in: 'header',
        path: ['X-Mock-Namespace'],
        keyword: 'pattern',
        message: `must match ${NAMESPACE_PATTERN.source}`,
        params: { pattern: NAMESPACE_PATTERN.source },
        value: name,
      },
    ],
  };
  return { reply: renderProblem(ex.api.module, problem, requestInfo(ex)), problem };
}
