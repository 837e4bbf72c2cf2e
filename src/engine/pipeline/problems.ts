/**
 * From a failed request to an engine `Problem`: body-parser and express-openapi-validator errors,
 * with validation issues made precise by re-checking the failing part against its own schema (so
 * vendor messages can quote the limit, pattern or type). That re-check is bounded: it lists every
 * issue (up to `MAX_ISSUES`) only when asked to and for a body of at most `LISTED_BODY_LIMIT`
 * characters, else it stops at the first issue — its cost stays linear and small in the body.
 * An error that is none of these is the mock's own failure: logged whole, answered without its text.
 */
import { hasBody } from '../util/has-body.js';
import type { Request } from 'express';
import type { LoadedApi } from '../spec/compiled.js';
import type { OperationDoc } from '../spec/spec-index.js';
import { MAX_ISSUES, type Problem, type ValidationIssue } from '../types.js';
import { describeJsonError } from '../util/json-syntax.js';
import { valueAt } from '../util/value-path.js';

export const BODY_LIMIT = '1mb';

/**
 * The largest body (in characters) whose issues are all listed. Listing visits every value and
 * makes an error object per issue (about 0.5 µs each, measured): 64 KB of `0,` is 32,000 issues,
 * about 15 ms. A larger invalid body gets its first issue (Ajv stops there: well under a millisecond
 * for 1 MB) — what a vendor says about a body that size anyway.
 */
export const LISTED_BODY_LIMIT = 64 * 1024;

/** What a client reads in a 500 of the mock's own: the log has the exception. */
export const INTERNAL_DETAIL = 'the mock failed while answering; see its log';

/** What a problem is worked out from: the request, its API, and what matching found. */
export interface FailedRequest {
  req: Request;
  api: LoadedApi;
  op?: OperationDoc;
  /** Path parameters as matched (strings). */
  params: Record<string, string>;
  /** The parsed body, as validated. */
  body: unknown;
  /** The body's length in characters, as read (bounds how many values it holds). */
  bodyLength?: number;
  /** List every issue (up to `MAX_ISSUES`), or stop at the first (the default: a request answered otherwise). */
  listing?: 'first' | 'all';
}

/** Turns an error on the way (parser, validator, handler) into the problem the vendor renders. */
export function toProblem(err: unknown, at: FailedRequest): Problem {
  const { req, api: rt, op } = at;
  const e = err as {
    type?: string;
    status?: number;
    message?: string;
    body?: unknown;
    detail?: string;
    code?: string;
    errors?: Array<{ path?: string; message?: string; errorCode?: string }>;
  };
  // Not the parser's message: it quotes the body around the error, credentials included.
  if (e?.type === 'entity.parse.failed')
    return { kind: 'parse', detail: e.detail ?? describeJsonError(typeof e.body === 'string' ? e.body : undefined) };
  if (e?.type === 'entity.too.large') return { kind: 'payloadTooLarge', limit: BODY_LIMIT };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return { kind: 'unsupportedMediaType', contentType: req.headers['content-type'] ?? '' };
  if (e?.status === 415) {
    // No Content-Type and no body: the validator calls that a media-type problem; it is a missing body.
    if (!req.headers['content-type'] && !hasBody(req.headers)) {
      return {
        kind: 'validation',
        issues: [{ in: 'body', path: [], keyword: 'required', message: 'request body is required', params: {} }],
      };
    }
    return { kind: 'unsupportedMediaType', contentType: req.headers['content-type'] ?? '' };
  }
  if (e?.status === 400 && Array.isArray(e.errors)) return { kind: 'validation', ...requestIssues(e.errors, at) };
  // The body reader's other refusals (a body that does not inflate as its Content-Encoding says, a
  // client that stopped sending): the body could not be read, which the vendor answers as bad JSON.
  if (e?.status === 400 && !e.errors)
    return { kind: 'parse', detail: bodyReadFailure(e, req.headers['content-encoding']) };
  console.error(
    `[groups-mock] ${rt.module.name}: ${req.method} ${req.path}: ${err instanceof Error ? err.stack : String(err)}`,
  );
  return { kind: 'internal', detail: INTERNAL_DETAIL };
}

/**
 * express-openapi-validator says which part failed; for the body, our own Ajv run against the same
 * schema gives the keyword parameters (limits, allowed values) that vendor messages quote.
 */
function requestIssues(
  errors: Array<{ path?: string; message?: string; errorCode?: string }>,
  at: FailedRequest,
): { issues: ValidationIssue[]; incomplete?: boolean } {
  const { req, api: rt, op } = at;
  const issues: ValidationIssue[] = [];
  let incomplete = at.listing !== 'all' && errors.length > 0;
  let bodyChecked = false;
  for (const e of errors) {
    if (issues.length >= MAX_ISSUES) {
      incomplete = true;
      break;
    }
    const parts = (e.path ?? '').replace(/^\./, '/').split(/[/.]/).filter(Boolean);
    const location = { body: 'body', query: 'query', params: 'path', path: 'path', headers: 'header' }[parts[0] ?? ''];
    if (!location) {
      // Not about one part of the request (e.g. "malformed uri"): blame the path parameter that
      // does not decode, or else the path as a whole — never the body.
      issues.push(
        undecodableParam(at.params) ?? {
          in: 'path',
          path: [],
          keyword: 'format',
          message: e.message ?? 'is invalid',
          params: {},
          value: req.path,
        },
      );
      continue;
    }
    const where = location;
    if (where === 'body' && op && !bodyChecked) {
      bodyChecked = true;
      const pointer = requestBodyPointer(op, req);
      const listAll = at.listing === 'all' && (at.bodyLength ?? 0) <= LISTED_BODY_LIMIT;
      const detailed = pointer
        ? rt.schemas.checkBounded(pointer, at.body, 'body', listAll ? 'all' : 'first')
        : undefined;
      if (detailed?.issues.length) {
        // Never `push(...list)`: a spread of a long list overflows the stack.
        for (const issue of detailed.issues.slice(0, MAX_ISSUES - issues.length)) issues.push(issue);
        if (detailed.incomplete || issues.length >= MAX_ISSUES) incomplete = true;
        continue;
      }
    } else if (where === 'body' && bodyChecked && issues.some((i) => i.in === 'body')) continue;
    const path = parts.slice(1);
    const source =
      where === 'query' ? rawQuery(req) : where === 'path' ? at.params : where === 'header' ? req.headers : at.body;
    const param =
      where !== 'body'
        ? op?.parameters.find(
            (p) =>
              p.in === (where === 'header' ? 'header' : where) &&
              p.name.toLowerCase() === String(path[0]).toLowerCase(),
          )
        : undefined;
    // `page_size[a]=1` is the raw key `page_size[a]`; the validator saw the parsed `{a: "1"}`.
    const paramValue = param
      ? (valueAt(source, [param.name]).value ??
        (where === 'query' ? valueAt(req.query, [param.name]).value : undefined))
      : undefined;
    const detailed =
      param?.schemaPointer && path.length === 1
        ? rt.schemas.checkParam(param.schemaPointer, paramValue, where, param.name)
        : [];
    if (detailed.length) {
      for (const issue of detailed.slice(0, MAX_ISSUES - issues.length)) issues.push(issue);
      continue;
    }
    const keyword = (e.errorCode ?? '').split('.')[0] || 'invalid';
    issues.push({
      in: where,
      path,
      keyword,
      message: e.message ?? 'is invalid',
      params: {},
      value: valueAt(source, path).value,
    });
  }
  return incomplete ? { issues, incomplete } : { issues };
}

function undecodableParam(params: Record<string, string>): ValidationIssue | undefined {
  for (const [name, value] of Object.entries(params)) {
    try {
      decodeURIComponent(value);
    } catch {
      return {
        in: 'path',
        path: [name],
        keyword: 'format',
        message: 'is not a valid percent-encoded URI component',
        params: { format: 'uri-component' },
        value,
      };
    }
  }
  return undefined;
}

/** The body schema for the request's media type (or the JSON one), from the spec index. */
function requestBodyPointer(op: OperationDoc, req: Request): string | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  return op.requestBodies.get(type) ?? [...op.requestBodies].find(([t]) => t.includes('json'))?.[1];
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
