/**
 * What a fired fault rule answers: the documented response a `respond` rule names, and the 429 of a
 * rate limit — each as the spec shows it, in the vendor's envelope.
 */
import type { LoadedApi } from '../../spec/compiled.js';
import { documentedResponse, engineResponseFor } from '../../spec/engine-responses.js';
import { renderDocumented } from '../../spec/render.js';
import type { OperationDoc } from '../../spec/spec-index.js';
import { renderProblem, type MockReply, type Problem, type RequestInfo } from '../../types.js';

/** A reply to send, and the engine response (`x-mock-responses` kind) whose schema it follows, if any. */
export interface FaultReply {
  reply: MockReply;
  engineKind?: string;
  problem?: Problem;
}

/**
 * The documented response a `respond` rule names, exactly as the spec shows it: the named (or
 * first) example, and the headers the spec documents with their example values. The operation's
 * own response wins; otherwise the spec's engine response for that status.
 */
export async function renderRespond(api: LoadedApi, op: OperationDoc | undefined, status: number, example: string | undefined, seed: number): Promise<FaultReply | undefined> {
  const own = op && documentedResponse(op, status);
  const engine = own ? undefined : engineResponseFor(api.spec, status, example);
  const response = own ?? engine?.response;
  if (!response) return undefined;
  const reply = await renderDocumented(api.spec.doc, response, example, { seed });
  return { reply: { ...reply, status }, engineKind: engine?.kind };
}

/**
 * The vendor's 429: its error table's `rateLimited` when its spec documents that engine response,
 * else the operation's own documented 429. Always with `Retry-After`.
 */
export async function renderRateLimited(api: LoadedApi, op: OperationDoc | undefined, retryAfterSeconds: number, info: RequestInfo<unknown>, seed: number): Promise<FaultReply | undefined> {
  const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
  if (api.spec.engineResponses.has('rateLimited')) {
    const problem: Problem = { kind: 'rateLimited', retryAfterSeconds };
    const reply = renderProblem(api.module, problem, info);
    return { reply: { ...reply, headers: { ...reply.headers, ...retryAfter } }, problem };
  }
  const own = op?.responses.get('429');
  if (!own) return undefined;
  const reply = await renderDocumented(api.spec.doc, own, undefined, { seed });
  return { reply: { ...reply, status: 429, headers: { ...reply.headers, ...retryAfter } } };
}
