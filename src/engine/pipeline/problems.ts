/**
 * From an error thrown on the way (the body reader, a handler, the mock itself) to an engine
 * `Problem`: body-parser's refusals as the vendor's parse, size and media-type problems; anything
 * else is the mock's own failure — logged whole, answered without its text. Whether a request fits
 * the spec is not decided here: that is the request check (spec/check-request.ts).
 */
import type { Request } from 'express';
import type { LoadedApi } from '../spec/compiled.js';
import type { Problem, ValidationIssue } from '../types.js';
import { describeJsonError } from '../util/json-syntax.js';

export const BODY_LIMIT = '1mb';

/** What a client reads in a 500 of the mock's own: the log has the exception. */
export const INTERNAL_DETAIL = 'the mock failed while answering; see its log';

/** Where an error happened: the request (its headers and path, for the log) and its API. */
export interface FailedRequest {
  req: Request;
  api: LoadedApi;
}

/** Turns an error on the way (parser, validator, handler) into the problem the vendor renders. */
export function toProblem(err: unknown, at: FailedRequest): Problem {
  const { req, api: rt } = at;
  const e = err as { type?: string; status?: number; body?: unknown; detail?: string; code?: string };
  // Not the parser's message: it quotes the body around the error, credentials included.
  if (e?.type === 'entity.parse.failed')
    return { kind: 'parse', detail: e.detail ?? describeJsonError(typeof e.body === 'string' ? e.body : undefined) };
  if (e?.type === 'entity.too.large') return { kind: 'payloadTooLarge', limit: BODY_LIMIT };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return { kind: 'unsupportedMediaType', contentType: req.headers['content-type'] ?? '' };
  if (e?.status === 415) return { kind: 'unsupportedMediaType', contentType: req.headers['content-type'] ?? '' };
  // The body reader's other refusals (a body that does not inflate as its Content-Encoding says, a
  // client that stopped sending): the body could not be read, which the vendor answers as bad JSON.
  if (e?.status === 400) return { kind: 'parse', detail: bodyReadFailure(e, req.headers['content-encoding']) };
  console.error(
    `[groups-mock] ${rt.module.name}: ${req.method} ${req.path}: ${err instanceof Error ? err.stack : String(err)}`,
  );
  return { kind: 'internal', detail: INTERNAL_DETAIL };
}

function bodyReadFailure(e: { type?: string; code?: string }, encoding: string | string[] | undefined): string {
  if (e.type === 'request.aborted') return 'the request body ended early';
  if (typeof e.code === 'string' && (e.code.startsWith('Z_') || e.code.startsWith('ERR_BROTLI')))
    return `the body is not valid ${String(encoding ?? 'compressed')} data`;
  return 'the body could not be read';
}

export function rawQuery(req: Request): Record<string, string | string[]> {
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? {} : formFields(req.originalUrl.slice(q + 1));
}

/** `a=1&b=2&b=3` → `{a: "1", b: ["2", "3"]}` (a query string or an urlencoded form). */
export function formFields(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = Object.hasOwn(out, k) ? out[k] : undefined;
    const next = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    Object.defineProperty(out, k, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function describeIssue(i: ValidationIssue): string {
  return `${[i.in, ...i.path].join('.')} ${i.message}`;
}
