/**
 * One request through one API: the typed record every pipeline stage reads and adds to, from the
 * operation the path matched to the principal the security check found. Created by the
 * `matchOperation` stage; no stage keeps anything of its own between requests.
 */
import type { Request, Response } from 'express';
import type { FiredFault } from '../qa/faults/types.js';
import type { Draft } from '../qa/journal/recorder.js';
import type { ValidationOutcome } from '../qa/journal/entry.js';
import type { Runtime } from '../runtime.js';
import type { LoadedApi } from '../spec/compiled.js';
import type { RequestBody } from '../spec/check-request.js';
import type { OperationDoc } from '../spec/spec-index.js';
import type { MockReply, NamespaceView, Problem, RequestInfo, ValidationIssue } from '../types.js';

export interface Exchange {
  readonly req: Request;
  readonly res: Response;
  readonly api: LoadedApi;
  readonly runtime: Runtime;
  /** The spec operation the method and path matched; undefined outside the spec. */
  op?: OperationDoc;
  /** The methods the matched path takes (empty: no path of the spec matched). */
  allow: string[];
  /** The method the request is handled as: a HEAD request's is GET (`head` says it was HEAD). */
  method: string;
  /** Path parameters as matched (percent-decoded strings). */
  params: Record<string, string>;
  /** Path parameters kept as sent, for they are no valid percent-encoding (the check refuses them). */
  undecodable?: string[];
  /** The query string as sent (repeated names as arrays). */
  rawQuery: Record<string, string | string[]>;
  /** The query as the spec types it, from the request check (what handlers get). */
  query?: Record<string, unknown>;
  ns: NamespaceView<unknown>;
  /** A HEAD request, handled as its GET operation and answered without a body. */
  head: boolean;
  /** The parsed body as handlers see it (the API's JSON codec). */
  body: unknown;
  /** The body as the request check sees it (plain values, the media type it was read as, its length); undefined: none. */
  bodyRead?: RequestBody;
  /** Who is calling, from the security checks. */
  principal?: unknown;
  /** A `truncated`/`malformed` fault rule: the reply is sent broken. */
  corrupt?: 'truncated' | 'malformed';
  /** The journal entry being written; undefined when the journal keeps nothing. */
  draft?: Draft;
  /** The request checked against the spec (once: see validate-request.ts). */
  requestCheck?: RequestCheck;
  /** Its outcome, once known, for the journal. */
  requestOutcome?: ValidationOutcome;
  /** What was accepted but is not in the spec (query parameters the operation does not take). */
  requestWarnings?: ValidationIssue[];
  /** Issues of the reply sent (for the request log). */
  responseIssues?: number;
  /** The fault rules that acted on the request, and the `Prefer` header that chose its answer (for the request log). */
  faultsFired?: FiredFault[];
  preferChose?: string;
  /** The answer was forced (a `Prefer` header, a fault rule), not the handler's: said in `X-Mock-Forced`, so a contract run does not count it as coverage. */
  forcedBy?: 'prefer' | 'fault';
}

/** The outcome of checking the request against the spec, and the problem to answer when it failed. */
export interface RequestCheck {
  /** Whether every issue was looked for (`all`, up to `MAX_ISSUES`) or only the first. */
  listing: 'first' | 'all';
  outcome: ValidationOutcome;
  problem?: Problem;
}

/** What a stage that answers gives back: the reply, and the problem or engine response it stands for. */
export interface Answer {
  reply: MockReply;
  /** The engine problem rendered (its request issues go to the journal; a broken render is not re-rendered). */
  problem?: Problem;
  /** The `x-mock-responses` entry whose schema the reply follows (fault rules answering engine responses). */
  engineKind?: string;
}

/** A stage either lets the request go on (undefined), answers it, or has dropped the connection. */
export type StageResult = Answer | { dropped: true } | undefined;

export type Stage = (ex: Exchange) => StageResult | Promise<StageResult>;

/** The facts error renderers and security checks get. */
export function requestInfo(ex: Exchange): RequestInfo<unknown> {
  return {
    method: ex.method,
    path: ex.req.path,
    operationId: ex.op?.operationId,
    params: ex.params,
    query: ex.rawQuery,
    headers: ex.req.headers,
    body: ex.body,
    ns: ex.ns,
  };
}
