/**
 * The request half of the proxy's check: what the client sent, against the operation it names —
 * path and method (an unknown route is a violation, yet still forwarded), the body as the API reads
 * it, parameters, body schema and media type through the engine's own request check
 * (`checkRequest`, express-openapi-validator over the compiled spec), and the presence of the
 * credentials the operation's `security` asks for. Works on a copy of what was read: the bytes
 * forwarded upstream are the client's, untouched.
 */
import type { Request, Response } from 'express';
import { plainJson } from '../../engine/kit/json-codec.js';
import type { Exchange } from '../../engine/pipeline/exchange.js';
import { formFields, rawQuery } from '../../engine/pipeline/problems.js';
import { checkRequest } from '../../engine/pipeline/stages/validate-request.js';
import { requestIssuesOf } from '../../engine/qa/journal/problem-issues.js';
import { JSON_TYPE, readAsJsonWarning } from '../../engine/pipeline/stages/read-body.js';
import type { Draft } from '../../engine/qa/journal/recorder.js';
import type { Runtime } from '../../engine/runtime.js';
import type { LoadedApi } from '../../engine/spec/compiled.js';
import type { OperationDoc } from '../../engine/spec/spec-index.js';
import { DEFAULT_NAMESPACE } from '../../engine/state/namespaces.js';
import type { Problem, ValidationIssue } from '../../engine/types.js';
import { describeJsonError, jsonShapeProblem } from '../../engine/util/json-syntax.js';
import { decodeBody, MAX_DECODED_BYTES } from './body-bytes.js';
import { missingCredentials } from './security-presence.js';

export interface CheckedRequest {
  op?: OperationDoc;
  query: Record<string, string | string[]>;
  /** The body as the journal keeps it (parsed JSON or form, else its size). */
  body: unknown;
  issues: ValidationIssue[];
}

const issuesOf = (problem: Problem, req: Request) => requestIssuesOf(problem, req.method, req.path) ?? [];

/** The body read as the API reads it: its JSON codec (or a form); a problem when it is no valid JSON. */
function readBody(
  api: LoadedApi,
  req: Request,
  raw: Buffer,
): { body?: unknown; plain?: unknown; problem?: Problem; issue?: ValidationIssue; other?: boolean } {
  if (!raw.length) return {};
  const type = String(req.headers['content-type'] ?? '');
  const decoded = decodeBody(
    raw,
    typeof req.headers['content-encoding'] === 'string' ? req.headers['content-encoding'] : undefined,
  );
  if (!decoded) {
    const encoding = String(req.headers['content-encoding']).slice(0, 50);
    return {
      body: { bytes: raw.length },
      issue: {
        in: 'header',
        path: ['content-encoding'],
        keyword: 'contentEncoding',
        message: `the body cannot be decoded from Content-Encoding "${encoding}" (or inflates past ${MAX_DECODED_BYTES} bytes), so it was not checked`,
        params: {},
        value: encoding,
      },
    };
  }
  const text = decoded.toString('utf8');
  if (/json/i.test(type) || api.module.jsonBodyWhateverContentType) {
    if (text.trim() === '') return {};
    // The mock's own limits on a body's shape, checked before the parse they protect.
    const shape = jsonShapeProblem(text);
    if (shape) return { problem: { kind: 'parse', detail: shape.detail } };
    const codec = api.module.json ?? plainJson;
    try {
      const body = codec.parse(text);
      if (body === null || typeof body !== 'object')
        return { problem: { kind: 'parse', detail: 'a JSON body is an object or an array' } };
      return { body, plain: codec.toPlain(body) };
    } catch {
      // Never the parser's message: V8's quotes the text around the error, credentials included.
      return { problem: { kind: 'parse', detail: describeJsonError(text) } };
    }
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    const form = formFields(text);
    return { body: form, plain: form };
  }
  return { body: { bytes: decoded.length }, other: true };
}

/** The request (an Express request under the API's mount path, its body already read as bytes) checked against the spec. */
export async function checkProxiedRequest(
  runtime: Runtime,
  api: LoadedApi,
  req: Request,
  res: Response,
  raw: Buffer,
  draft?: Draft,
): Promise<CheckedRequest> {
  const method = req.method;
  const found = api.spec.find(method, req.path);
  const query = rawQuery(req);
  const read = readBody(api, req, raw);
  const op = found.op;
  if (!op) {
    const problem: Problem = found.allow.length
      ? { kind: 'methodNotAllowed', allow: found.allow }
      : { kind: 'unknownPath' };
    return { query, body: read.body ?? null, issues: issuesOf(problem, req) };
  }
  const issues: ValidationIssue[] = [];
  if (read.issue) issues.push(read.issue);
  else if (read.problem) issues.push(...issuesOf(read.problem, req));
  else if (
    read.other &&
    req.headers['content-type'] &&
    !(op.requestBodies.size && req.is([...op.requestBodies.keys()]))
  ) {
    issues.push(
      ...issuesOf(
        { kind: 'unsupportedMediaType', contentType: String(req.headers['content-type']).slice(0, 100) },
        req,
      ),
    );
  } else {
    // The engine's one request check, over an exchange of this request (HEAD is checked as its GET).
    // With the journal's draft, so that what the check notes besides issues reaches the journal too.
    const ex: Exchange = {
      req,
      res,
      api,
      runtime,
      op,
      allow: found.allow,
      params: found.params,
      rawQuery: query,
      ns: runtime.store.view(api.module.name, DEFAULT_NAMESPACE),
      head: method === 'HEAD',
      body: read.body,
      bodyLength: raw.length,
      draft,
    };
    req.body = read.plain;
    if (method === 'HEAD') req.method = 'GET';
    // A vendor that reads JSON whatever the Content-Type says (Crossbar) is checked as the mock reads
    // it: with the mock's warning, or (strict) as the media type the spec does not declare.
    const type = req.headers['content-type'];
    if (api.module.jsonBodyWhateverContentType && raw.length && !JSON_TYPE.test(type ?? '')) {
      if (runtime.strict)
        issues.push(...issuesOf({ kind: 'unsupportedMediaType', contentType: String(type ?? '').slice(0, 100) }, req));
      else (ex.requestWarnings ??= []).push(readAsJsonWarning(op.operationId, type));
      req.headers['content-type'] = 'application/json';
    }
    try {
      issues.push(...(await checkRequest(ex)).outcome.issues);
    } finally {
      req.method = method;
      if (type === undefined) delete req.headers['content-type'];
      else req.headers['content-type'] = type;
    }
  }
  issues.push(...missingCredentials(api.spec.doc, op, { headers: req.headers, query }));
  return { op, query, body: read.body ?? null, issues };
}
