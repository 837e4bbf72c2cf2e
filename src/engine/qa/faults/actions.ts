/**
 * What a fired fault rule does to the exchange: the documented response it answers with, the 429
 * of a rate limit, and the ways of breaking the connection (as a real client socket sees them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRuntime } from '../../pipeline/index.js';
import { documentedResponse, engineResponseFor, type ConnectionFault } from './store.js';
import { renderPreferred } from '../../spec/prefer.js';
import type { OperationDoc } from '../../spec/spec-index.js';
import type { MockReply, Problem, RequestInfo } from '../../types.js';

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
export async function renderRespond(rt: ApiRuntime, op: OperationDoc | undefined, status: number, example: string | undefined, seed: number): Promise<FaultReply | undefined> {
  const own = op && documentedResponse(op, status);
  const engine = own ? undefined : engineResponseFor(rt.spec, status, example);
  const response = own ?? engine?.response;
  if (!response) return undefined;
  const name = example !== undefined && Object.hasOwn(response.examples, example) ? example : Object.keys(response.examples)[0];
  const reply = await renderPreferred(rt.spec.doc, response, name, {}, seed);
  return { reply: { ...reply, status }, engineKind: engine?.kind };
}

/**
 * The vendor's 429: its `renderError` of `rateLimited` when its spec documents that engine
 * response, else the operation's own documented 429. Always with `Retry-After`.
 */
export async function renderRateLimited(rt: ApiRuntime, op: OperationDoc | undefined, retryAfterSeconds: number, info: RequestInfo<unknown>, seed: number): Promise<FaultReply | undefined> {
  const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
  if (rt.spec.engineResponses.has('rateLimited')) {
    const problem: Problem = { kind: 'rateLimited', retryAfterSeconds };
    const reply = rt.module.renderError(problem, info);
    return { reply: { ...reply, headers: { ...reply.headers, ...retryAfter } }, problem };
  }
  const own = op?.responses.get('429');
  if (!own) return undefined;
  const reply = await renderPreferred(rt.spec.doc, own, Object.keys(own.examples)[0], {}, seed);
  return { reply: { ...reply, status: 429, headers: { ...reply.headers, ...retryAfter } } };
}

/**
 * `reset`: a TCP RST (the client sees ECONNRESET / "Connection reset by peer");
 * `empty`: the connection closes without a byte of response ("socket hang up" / "Empty reply from server").
 */
export function dropConnection(req: IncomingMessage, mode: 'reset' | 'empty'): void {
  const socket = req.socket;
  if (mode === 'reset' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else if (mode === 'reset') socket.destroy();
  else socket.end(() => socket.destroy());
}

/**
 * Sends a reply broken on purpose. `truncated`: a Content-Length larger than the bytes that follow,
 * then the connection closes. `malformed`: a complete response whose JSON body does not parse.
 * Headers and status must already be set on `res`.
 */
export function sendCorrupted(res: ServerResponse, mode: Extract<ConnectionFault, 'truncated' | 'malformed'>, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (mode === 'malformed') {
    let broken = text.slice(0, Math.ceil(text.length / 2)) || '{';
    if (parses(broken)) broken += '}';
    res.setHeader('Content-Length', Buffer.byteLength(broken));
    res.end(broken);
    return;
  }
  const full = Buffer.from(text);
  const sent = full.subarray(0, Math.floor(full.length / 2));
  res.setHeader('Content-Length', Math.max(full.length, 2));
  res.flushHeaders();
  if (sent.length) res.write(sent);
  // end() flushes what was written, then closes: the client is left short of Content-Length.
  const socket = res.socket;
  socket?.end(() => socket.destroy());
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
