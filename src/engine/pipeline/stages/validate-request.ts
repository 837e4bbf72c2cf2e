/**
 * Stage 6, **validate request**: the request against the spec with express-openapi-validator —
 * parameters, body, media type — for the operation already matched. The check runs once per request
 * (`checkRequest`, memoised on the exchange): the same result answers the request here and feeds the
 * journal, also when a fault rule or a failed security check answered first — those ask only for
 * the first issue, so that a refused request never pays for listing them all. Query parameters the
 * operation does not take are hidden from the validator and journaled as warnings, unless the runtime
 * is strict (unknown-query.ts).
 */
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { requestIssuesOf } from '../../qa/journal/problem-issues.js';
import type { SpecDoc, SpecIndex } from '../../spec/spec-index.js';
import { hugeIntegerIssues } from '../../spec/huge-integers.js';
import { renderProblem, type Problem } from '../../types.js';
import { requestInfo, type Exchange, type RequestCheck, type StageResult } from '../exchange.js';
import { toProblem } from '../problems.js';
import { operationRequestValidator, type OperationRequestValidator } from '../operation-request-validator.js';
import { hideQueryParameters, unknownQueryNames, unknownQueryWarnings } from '../unknown-query.js';

const validators = new WeakMap<SpecIndex, OperationRequestValidator>();

/** Keywords whose values are data, not schemas: nothing in them is a schema's `default`. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'const', 'enum', 'x-mock-responses']);

/**
 * A copy of the document for the validator without the `default`s of body schemas: the validator
 * writes defaults into the body it checks, and a `required` field with a default would then never be
 * missing (Kazoo's `endpoints`). Parameter defaults stay: handlers read the query as validated.
 */
function withoutBodyDefaults(doc: SpecDoc): SpecDoc {
  const copy = structuredClone(doc);
  const strip = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(strip);
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    delete obj.default;
    for (const [k, v] of Object.entries(obj)) {
      if (DATA_KEYWORDS.has(k)) continue;
      if ((k === 'properties' || k === 'patternProperties' || k === '$defs') && v && typeof v === 'object')
        Object.values(v).forEach(strip);
      else strip(v);
    }
  };
  strip(copy.components?.schemas);
  strip(copy.components?.requestBodies);
  for (const item of Object.values<Record<string, any>>(copy.paths ?? {})) {
    for (const op of Object.values<any>(item ?? {}))
      if (op && typeof op === 'object' && op.requestBody) strip(op.requestBody);
  }
  return copy;
}

/**
 * Query values with reserved characters sent as they are (`search=off*`, `from=10:00`) mean what they
 * say: `encodeURIComponent` leaves `*` alone and most clients do not encode `:`, and servers read such
 * values. `allowReserved: false` (the default) tells clients how to write a value, yet the validator
 * would refuse the request, which no vendor does; its copy of the spec says `allowReserved: true`.
 */
function acceptingReservedCharacters(doc: SpecDoc): SpecDoc {
  const allow = (params: unknown) => {
    if (!Array.isArray(params) && !(params && typeof params === 'object')) return;
    for (const p of Object.values<any>(params as object))
      if (p && typeof p === 'object' && p.in === 'query') p.allowReserved = true;
  };
  allow(doc.components?.parameters);
  for (const item of Object.values<Record<string, any>>(doc.paths ?? {})) {
    allow(item?.parameters);
    for (const op of Object.values<any>(item ?? {})) if (op && typeof op === 'object') allow(op.parameters);
  }
  return doc;
}

/**
 * express-openapi-validator for one spec, for the vendor paths after the mount prefix (built once
 * per spec), run for the operation the engine matched (see operation-request-validator.ts).
 */
function requestValidator(spec: SpecIndex): OperationRequestValidator {
  let validator = validators.get(spec);
  if (!validator) {
    const options = {
      apiSpec: { ...acceptingReservedCharacters(withoutBodyDefaults(spec.doc)), servers: [{ url: '/' }] } as SpecDoc,
      // Parameters are always coerced from strings; bodies are not, so 42 is no name. The validator
      // refuses a query parameter it does not know (strict); by default checkRequest hides those first.
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
      validateResponses: false,
      validateSecurity: false,
      validateApiSpec: false,
      useRequestUrl: true,
    };
    validator = operationRequestValidator(
      options,
      () => OpenApiValidator.middleware({ ...options } as never) as RequestHandler[],
    );
    validators.set(spec, validator);
  }
  return validator;
}

/**
 * The request checked against the spec, once; later calls get the same result. `first` (what a
 * request answered without its issues needs: a failed login, a fault rule, for the journal) stops
 * at the first issue; `all` (the answer to an invalid request) lists them, within the bounds of
 * problems.ts. A `first` result that found an issue is checked again when `all` is asked for.
 */
export async function checkRequest(ex: Exchange, listing: 'first' | 'all' = 'all'): Promise<RequestCheck> {
  const prior = ex.requestCheck && (await ex.requestCheck);
  if (prior && (prior.listing === 'all' || listing === 'first' || prior.outcome.valid)) return prior;
  ex.requestCheck = runCheck(ex, listing, !prior).then((check) => {
    ex.requestOutcome = check.outcome;
    return check;
  });
  return ex.requestCheck;
}

async function runCheck(ex: Exchange, listing: 'first' | 'all', firstRun: boolean): Promise<RequestCheck> {
  if (!ex.op) return { listing, outcome: { checked: false, valid: true, issues: [] } };
  const unknown = ex.runtime.strict ? [] : unknownQueryNames(ex.api.spec.doc, ex.op, ex.rawQuery);
  if (firstRun) {
    if (unknown.length) (ex.requestWarnings ??= []).push(...unknownQueryWarnings(ex.op, unknown, ex.rawQuery));
    if (ex.requestWarnings?.length && ex.draft) ex.runtime.recorder.noteWarnings(ex.draft, ex.requestWarnings);
  }
  // The validator lets a missing body through when the content type is set (an empty POST).
  if (ex.op.bodyRequired && ex.body === undefined) {
    const issues = [{ in: 'body', path: [], keyword: 'required', message: 'request body is required', params: {} }];
    return { listing, outcome: { checked: true, valid: false, issues }, problem: { kind: 'validation', issues } };
  }
  const restoreUrl = unknown.length ? hideQueryParameters(ex.req, unknown) : undefined;
  let problem: Problem | undefined;
  try {
    await requestValidator(ex.api.spec).check(ex.op, ex.req, ex.res);
  } catch (err) {
    problem = toProblem(err, {
      req: ex.req,
      api: ex.api,
      op: ex.op,
      params: ex.params,
      body: ex.req.body,
      bodyLength: ex.bodyLength,
      listing,
    });
  } finally {
    restoreUrl?.();
  }
  // Numerals past what a double holds, which the validator lets through (see huge-integers.ts).
  if (!problem) {
    const issues = hugeIntegerIssues(ex.api.schemas, ex.op, ex.params, ex.rawQuery);
    if (issues.length) problem = { kind: 'validation', issues };
  }
  if (!problem) return { listing, outcome: { checked: true, valid: true, issues: [] } };
  const issues = requestIssuesOf(problem, ex.req.method, ex.req.path) ?? [];
  const incomplete = problem.kind === 'validation' && problem.incomplete === true;
  return {
    listing,
    outcome: { checked: true, valid: !issues.length, issues, ...(incomplete ? { incomplete } : {}) },
    problem,
  };
}

export async function validateRequest(ex: Exchange): Promise<StageResult> {
  const { problem } = await checkRequest(ex, 'all');
  if (!problem) return undefined;
  return { reply: renderProblem(ex.api.module, problem, requestInfo(ex)), problem };
}
