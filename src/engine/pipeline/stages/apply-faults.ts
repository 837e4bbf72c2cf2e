/**
 * Stage 3, **faults**: the admin fault rules of this API and namespace, as soon as the namespace and
 * the body are known — before authentication, so that QA needs no credentials to provoke them.
 * Latency first; then a rate limit over its limit, a documented response or a broken connection.
 * `truncated` and `malformed` let the request go on and break the reply when it is sent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { dropConnection } from '../../qa/faults/connection.js';
import { renderRateLimited, renderRespond } from '../../qa/faults/replies.js';
import { requestInfo, type Exchange, type StageResult } from '../exchange.js';
import { checkExchange } from './validate-request.js';

export async function applyFaults(ex: Exchange): Promise<StageResult> {
  const { runtime, api, ns, req } = ex;
  const decision = runtime.faults.evaluate({
    api: api.module.name,
    namespace: ns.name,
    op: ex.op,
    headers: req.headers,
    query: ex.rawQuery,
    body: ex.body,
    now: ns.clock.now(),
  });
  if (decision.fired.length) {
    ex.faultsFired = decision.fired;
    if (ex.draft) runtime.recorder.noteFaults(ex.draft, decision.fired);
  }
  if (decision.delayMs > 0) {
    // The runtime closing (startMock's close()) ends the wait: a pending timer would keep the process alive.
    const waited = await sleep(decision.delayMs, true, { signal: runtime.closed }).catch(() => false);
    if (!waited) {
      req.socket.destroy();
      return { dropped: true };
    }
  }
  const outcome = decision.outcome;
  if (!outcome) return undefined;
  if (outcome.type === 'connection' && (outcome.mode === 'truncated' || outcome.mode === 'malformed')) {
    ex.corrupt = outcome.mode;
    return undefined;
  }
  // Answered before validation: the journal still says whether the request kept to the spec (its first issue).
  checkExchange(ex, 'first');
  if (outcome.type === 'connection') {
    if (ex.draft) runtime.recorder.serveCompleted(ex.draft, null, { request: ex.requestOutcome });
    dropConnection(req, outcome.mode as 'reset' | 'empty');
    return { dropped: true };
  }
  ex.forcedBy = 'fault';
  const out =
    outcome.type === 'respond'
      ? await renderRespond(api, ex.op, outcome.status, outcome.example, requestInfo(ex), ns.rng.seed())
      : await renderRateLimited(api, ex.op, outcome.retryAfterSeconds, requestInfo(ex), ns.rng.seed());
  return out ?? undefined;
}
