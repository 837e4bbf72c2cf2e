/**
 * What a fired fault rule answers: the documented response a `respond` rule names, and the 429 of a
 * rate limit — each in the vendor's envelope, an example in the request's own words (the vendor's
 * `examples`: the ids it names, its token, request id, the engine clock).
 */
import type { LoadedApi } from '../../spec/compiled.js';
import { documentedResponse, engineResponseFor } from '../../spec/engine-responses.js';
import { renderDocumented } from '../../spec/render.js';
import type { OperationDoc } from '../../spec/spec-index.js';
import {
  renderExample,
  renderProblem,
  type DocumentedReply,
  type MockReply,
  type Problem,
  type RequestInfo,
} from '../../types.js';

/** A reply to send, and the engine response (`x-mock-responses` kind) whose schema it follows, if any. */
export interface FaultReply {
  reply: MockReply;
  engineKind?: string;
  problem?: Problem;
}

/** A documented reply at `status`, in the request's own words; the status stays the rule's. */
function inRequestWords(api: LoadedApi, documented: DocumentedReply, info: RequestInfo<unknown>): MockReply {
  return { ...renderExample(api.module, documented, info), status: documented.status };
}

/**
 * The documented response a `respond` rule names: the named (or first) example, and the headers
 * the spec documents with their example values. The operation's own response wins; otherwise the
 * spec's engine response for that status.
 */
export async function renderRespond(
  api: LoadedApi,
  op: OperationDoc | undefined,
  status: number,
  example: string | undefined,
  info: RequestInfo<unknown>,
  seed: number,
): Promise<FaultReply | undefined> {
  const own = op && documentedResponse(op, status);
  const engine = own ? undefined : engineResponseFor(api.spec, status, example);
  const response = own ?? engine?.response;
  if (!response) return undefined;
  const documented = await renderDocumented(api.spec.doc, response, example, { seed });
  // A `4XX` or `default` response answers at the rule's status.
  const reply = inRequestWords(
    api,
    { ...documented, status, reply: { ...documented.reply, status }, ...(engine ? { engineKind: engine.kind } : {}) },
    info,
  );
  return { reply, engineKind: engine?.kind };
}

/**
 * The vendor's 429: its error table's `rateLimited` when its spec documents that engine response,
 * else the operation's own documented 429. Always with `Retry-After`.
 */
export async function renderRateLimited(
  api: LoadedApi,
  op: OperationDoc | undefined,
  retryAfterSeconds: number,
  info: RequestInfo<unknown>,
  seed: number,
): Promise<FaultReply | undefined> {
  const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
  if (api.spec.engineResponses.has('rateLimited')) {
    const problem: Problem = { kind: 'rateLimited', retryAfterSeconds };
    const reply = renderProblem(api.module, problem, info);
    return { reply: { ...reply, headers: { ...reply.headers, ...retryAfter } }, problem };
  }
  const own = op?.responses.get('429');
  if (!own) return undefined;
  const documented = await renderDocumented(api.spec.doc, own, undefined, { seed });
  const reply = inRequestWords(api, { ...documented, status: 429, reply: { ...documented.reply, status: 429 } }, info);
  return { reply: { ...reply, headers: { ...reply.headers, ...retryAfter } } };
}
