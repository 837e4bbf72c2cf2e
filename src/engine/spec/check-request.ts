/**
 * **The request check**: does a request fit one operation of the spec? One function,
 * `checkRequest(operation, record, options)`, over a plain record of the request (no Express types;
 * the record is never changed), used by the mock's validate stage, the validating proxy and the
 * contract tester alike. It answers with the values as the spec types them (query and path
 * parameters coerced by the spec's own compiled Ajv schemas), the issues (at most `MAX_ISSUES`),
 * the problem a vendor renders, and the warnings (query names the operation does not take).
 *
 * @example
 *   const { op, params } = api.spec.find('GET', '/v2/accounts/a1/groups');
 *   const result = checkRequest({ op: op!, spec: api.spec, schemas: api.schemas }, {
 *     method: 'GET', path: '/v2/accounts/a1/groups', params, query: { page_size: '10' }, headers: {},
 *   });
 *   result.valid; // true
 *   result.query.page_size; // 10
 *
 * What is checked, in this order (each refusal but the last two ends the check):
 * 1. a required body that is absent;
 * 2. path parameters that are no valid percent-encoding;
 * 3. the body's media type against the operation's (a 415 problem);
 * 4. query names: unknown ones are warnings (or, `strict`, the first one refused), and an empty
 *    value where the spec does not allow one is refused;
 * 5. parameters (query, then path), each against its schema: the first parameter that fails, with
 *    every issue of its value;
 * 6. the body against its schema: every issue (`listing: 'all'`, for a body of at most
 *    `LISTED_BODY_LIMIT` characters) or only the first (`first`: what a request answered otherwise
 *    pays for; Ajv stops there);
 * 7. when nothing else failed, integer numerals past 2^53 (huge-integers.ts).
 * Credentials are not checked here: the vendor's security checks do that (the pipeline's
 * authenticate stage), and the proxy checks only their presence.
 */
import { MAX_ISSUES, type Problem, type ValidationIssue } from '../types.js';
import { hugeIntegerIssues, readInteger } from './huge-integers.js';
import type { SchemaSet } from './schemas.js';
import type { OperationDoc, ParameterDoc, SpecIndex } from './spec-index.js';

/**
 * The largest body (in characters) whose issues are all listed. Listing visits every value and
 * makes an error object per issue (about 0.5 µs each, measured): 64 KB of `0,` is 32,000 issues,
 * about 15 ms. A larger invalid body gets its first issue (Ajv stops there: well under a millisecond
 * for 1 MB) — what a vendor says about a body that size anyway.
 */
export const LISTED_BODY_LIMIT = 64 * 1024;

/** The operation a request is checked against, with the compiled spec it belongs to. */
export interface CheckedOperation {
  op: OperationDoc;
  spec: Pick<SpecIndex, 'doc'>;
  schemas: SchemaSet;
}

/** A request as checked: plain values, as read from the wire (nothing here is changed). */
export interface RequestRecord {
  /** The method as sent (HEAD is checked as the GET operation it matched). */
  method: string;
  /** The path below the API's mount (for messages). */
  path: string;
  /** Path parameters as matched, percent-decoded (see `undecodable`). */
  params: Readonly<Record<string, string>>;
  /** The path parameters kept as sent because they are no valid percent-encoding (`SpecIndex.find`). */
  undecodable?: readonly string[];
  /** The query string as sent: repeated names as arrays. */
  query: Readonly<Record<string, string | string[]>>;
  /** Header names in lower case, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as read (`undefined`: none was sent). */
  body?: RequestBody;
}

export interface RequestBody {
  /** The value validators see: JSON as plain values (bigints as numbers), a form's fields as text. */
  value: unknown;
  /** The media type it was read as (without parameters), e.g. `application/json`; may differ from the header (Crossbar). */
  mediaType?: string;
  /** Its length in characters as read: what bounds the cost of listing its issues. */
  length: number;
}

export interface CheckOptions {
  /** `all` (default): list every issue up to `MAX_ISSUES`; `first`: stop at the first. */
  listing?: 'first' | 'all';
  /** Query names the operation does not take are refused instead of warned about. */
  strict?: boolean;
}

export interface RequestCheckResult {
  valid: boolean;
  /** At most `MAX_ISSUES`; `incomplete` when more may exist (always so for a failed `first` check). */
  issues: ValidationIssue[];
  incomplete?: true;
  /** What the vendor answers an invalid request with (`validation`, or `unsupportedMediaType`). */
  problem?: Problem;
  /** What was accepted but is not in the spec: query names the operation does not take (not `strict`). */
  warnings: ValidationIssue[];
  /** The query as the spec types it: the operation's parameters coerced (integers past 2^53 as huge-integers.ts says), other names as sent. */
  query: Record<string, unknown>;
}

/** The check's one issue for a missing body. */
const BODY_REQUIRED: ValidationIssue = {
  in: 'body',
  path: [],
  keyword: 'required',
  message: 'request body is required',
  params: {},
};

/** Checks `record` against `operation`; see the file's comment for what is checked and in which order. */
export function checkRequest(
  operation: CheckedOperation,
  record: RequestRecord,
  options: CheckOptions = {},
): RequestCheckResult {
  const { op, schemas } = operation;
  const listing = options.listing ?? 'all';
  const names = queryNames(operation, record.query, options.strict === true);
  const base = { warnings: names.warnings, query: names.query };
  const refuse = (problem: Problem, issues: ValidationIssue[], incomplete = false): RequestCheckResult => ({
    ...base,
    valid: false,
    issues,
    ...(incomplete ? { incomplete: true as const } : {}),
    problem,
  });
  const refuseWith = (issues: ValidationIssue[], incomplete = listing === 'first') =>
    refuse({ kind: 'validation', issues, ...(incomplete ? { incomplete } : {}) }, issues, incomplete);

  if (op.bodyRequired && record.body === undefined) return refuseWith([BODY_REQUIRED], false);
  const undecodable = record.undecodable?.[0];
  if (undecodable !== undefined) {
    return refuseWith([
      {
        in: 'path',
        path: [undecodable],
        keyword: 'format',
        message: 'is not a valid percent-encoded URI component',
        params: { format: 'uri-component' },
        value: record.params[undecodable],
      },
    ]);
  }
  const bodyPointer = record.body && bodyPointerOf(op, record.body.mediaType);
  if (record.body && op.requestBodies.size && !bodyPointer) {
    const contentType = header(record.headers, 'content-type') ?? '';
    const problem: Problem = { kind: 'unsupportedMediaType', contentType };
    return refuse(problem, issuesOfProblem(problem, record.method, record.path) ?? []);
  }
  if (names.refusal) return refuseWith(names.refusal);

  const issues: ValidationIssue[] = [];
  const failed = firstFailingParameter(operation, record, names.query);
  for (const issue of failed.slice(0, MAX_ISSUES)) issues.push(issue);
  let incomplete = listing === 'first' && issues.length > 0;
  if (record.body && bodyPointer && issues.length < MAX_ISSUES) {
    const listAll = listing === 'all' && record.body.length <= LISTED_BODY_LIMIT;
    const found = schemas.checkBounded(bodyPointer, record.body.value, 'body', listAll ? 'all' : 'first');
    // Never `push(...list)`: a spread of a long list overflows the stack.
    for (const issue of found.issues.slice(0, MAX_ISSUES - issues.length)) issues.push(issue);
    if (found.issues.length && (found.incomplete || listing === 'first')) incomplete = true;
  }
  if (issues.length >= MAX_ISSUES) incomplete = true;
  // Numerals past what a double holds, checked again against their schema (see huge-integers.ts).
  if (!issues.length)
    for (const issue of hugeIntegerIssues(schemas, op, record.params, record.query)) issues.push(issue);
  if (!issues.length) return { ...base, valid: true, issues };
  const problem: Problem = { kind: 'validation', issues, ...(incomplete ? { incomplete: true } : {}) };
  return refuse(problem, issues, incomplete);
}

/** A header's value (the first, when repeated). */
function header(headers: RequestRecord['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The body schema for a media type: the operation's entry for it (the type alone decides, its
 * parameters such as `charset` do not), or its `*\/*` or `type/*` entry.
 */
function bodyPointerOf(op: OperationDoc, mediaType: string | undefined): string | undefined {
  const type = (mediaType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type) return undefined;
  for (const [declared, pointer] of op.requestBodies) if (declared.toLowerCase() === type) return pointer;
  for (const [declared, pointer] of op.requestBodies) {
    if (declared === '*/*') return pointer;
    const [main, sub] = declared.toLowerCase().split('/');
    if (sub === '*' && type.startsWith(`${main}/`)) return pointer;
  }
  return undefined;
}

/** Per operation, once: the query names it takes (null: any), and those that may be empty. */
interface QueryNames {
  known: Set<string> | null;
  mayBeEmpty: Set<string>;
}
const queryNamesCache = new WeakMap<OperationDoc, QueryNames>();

/**
 * The names an operation takes: its query parameters (path level too) and the query API keys of
 * its security; any name when it opts out (`x-eov-allow-unknown-query-parameters: true`, Kazoo's
 * `filter_*`) or has an object parameter.
 */
function namesOf({ op, spec }: CheckedOperation): QueryNames {
  let names = queryNamesCache.get(op);
  if (names) return names;
  const doc = spec.doc;
  const raw = doc.paths?.[op.pathTemplate]?.[op.method];
  const params = op.parameters.filter((p) => p.in === 'query');
  const mayBeEmpty = new Set(
    params.filter((p) => parameterNode(doc, op, p)?.allowEmptyValue === true).map((p) => p.name),
  );
  if (raw?.['x-eov-allow-unknown-query-parameters'] === true || params.some((p) => p.type === 'object'))
    names = { known: null, mayBeEmpty };
  else {
    const known = new Set(params.map((p) => p.name));
    const schemes = doc.components?.securitySchemes ?? {};
    for (const alt of op.security) {
      for (const { scheme } of alt) {
        const s = Object.hasOwn(schemes, scheme) ? schemes[scheme] : undefined;
        if (s?.type === 'apiKey' && s.in === 'query' && typeof s.name === 'string') known.add(s.name);
      }
    }
    names = { known, mayBeEmpty };
  }
  queryNamesCache.set(op, names);
  return names;
}

/** The parameter's own node in the document (for keywords the index does not keep). */
function parameterNode(doc: CheckedOperation['spec']['doc'], op: OperationDoc, p: ParameterDoc): any {
  if (!p.schemaPointer) return undefined;
  let node: any = doc;
  for (const seg of p.schemaPointer.slice(2).split('/').slice(0, -1))
    node = node?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

/** `page_size[a]` is the name `page_size` holding an object, as a query-string parser reads it. */
function bracketBase(key: string): string | undefined {
  const at = key.indexOf('[');
  return at > 0 && key.endsWith(']') ? key.slice(0, at) : undefined;
}

/**
 * The query as checked: names the operation does not take set aside (warnings), or the first one
 * refused (`strict`); a bracket key of a parameter's name is that parameter holding an object; an
 * empty value the spec does not allow is refused.
 */
function queryNames(
  operation: CheckedOperation,
  query: RequestRecord['query'],
  strict: boolean,
): { query: Record<string, unknown>; warnings: ValidationIssue[]; refusal?: ValidationIssue[] } {
  const { known, mayBeEmpty } = namesOf(operation);
  const out: Record<string, unknown> = {};
  const warnings: ValidationIssue[] = [];
  const keys = Object.keys(query);
  if (!keys.length) return { query: out, warnings };
  const set = (k: string, v: unknown) =>
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  let refusal: ValidationIssue[] | undefined;
  for (const key of keys) {
    const value = query[key]!;
    if (known && !known.has(key) && !strict) {
      warnings.push({
        in: 'query',
        path: [key],
        keyword: 'unknownParameter',
        message: `is not a parameter of ${operation.op.operationId}: accepted and ignored (--strict refuses it)`,
        params: {},
        value,
      });
      continue;
    }
    const base = bracketBase(key);
    const name = base !== undefined && !(known ?? new Set()).has(key) ? base : key;
    if (name !== key) {
      // Only its shape matters (an object where text was wanted): the first value under its first key.
      set(name, Object.assign(Object.create(null), { [key.slice(name.length + 1, -1)]: value }));
    } else set(key, value);
    if (refusal || !known) continue;
    if (!known.has(name)) {
      refusal = [
        {
          in: 'query',
          path: [name],
          keyword: 'invalid',
          message: `Unknown query parameter '${name}'`,
          params: {},
          value: query[name],
        },
      ];
    } else if (value === '' && !mayBeEmpty.has(name)) {
      const param = operation.op.parameters.find((p) => p.in === 'query' && p.name === name);
      const typed = param?.schemaPointer ? operation.schemas.checkParam(param.schemaPointer, '', 'query', name) : [];
      refusal = typed.length
        ? typed
        : [
            {
              in: 'query',
              path: [name],
              keyword: 'invalid',
              message: `Empty value found for query parameter '${name}'`,
              params: {},
              value: '',
            },
          ];
    }
  }
  return refusal ? { query: out, warnings, refusal } : { query: out, warnings };
}

/**
 * The operation's parameters against their schemas, required query ones first, then the values of
 * the query, then of the path: the issues of the first that fails (none: all passed). Coerced values
 * are written into `query` (the check's own copy).
 */
function firstFailingParameter(
  { op, schemas }: CheckedOperation,
  record: RequestRecord,
  query: Record<string, unknown>,
): ValidationIssue[] {
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  for (const p of queryParams) {
    if (p.required && !Object.hasOwn(query, p.name))
      return [
        {
          in: 'query',
          path: [p.name],
          keyword: 'required',
          message: `must have required property '${p.name}'`,
          params: {},
        },
      ];
  }
  let failed: ValidationIssue[] = [];
  for (const p of queryParams) {
    if (!Object.hasOwn(query, p.name) || !p.schemaPointer) continue;
    const raw = query[p.name];
    const read = schemas.readParam(p.schemaPointer, raw, 'query', p.name);
    if (read.issues.length) {
      if (!failed.length) failed = read.issues;
      continue;
    }
    // An integer past 2^53 as huge-integers.ts reads it (an int64 exactly), not Ajv's nearest double.
    const n = p.type === 'integer' && typeof raw === 'string' ? readInteger(p, raw) : undefined;
    query[p.name] = n !== undefined && !Number.isSafeInteger(n) ? n : read.value;
  }
  if (failed.length) return failed;
  for (const p of op.parameters) {
    if (p.in !== 'path' || !p.schemaPointer || !Object.hasOwn(record.params, p.name)) continue;
    const issues = schemas.checkParam(p.schemaPointer, record.params[p.name], 'path', p.name);
    if (issues.length) return issues;
  }
  return [];
}

/** The request issues a problem stands for (for the journal); undefined when it says nothing about the request. */
export function issuesOfProblem(problem: Problem, method: string, path: string): ValidationIssue[] | undefined {
  switch (problem.kind) {
    case 'validation':
      return problem.issues;
    case 'parse':
      return [{ in: 'body', path: [], keyword: 'parse', message: `is not valid JSON: ${problem.detail}`, params: {} }];
    case 'unknownPath':
      return [
        {
          in: 'path',
          path: [],
          keyword: 'unknownPath',
          message: `${method} ${path} is not a path of the spec`,
          params: {},
          value: path,
        },
      ];
    case 'methodNotAllowed':
      return [
        {
          in: 'method',
          path: [],
          keyword: 'methodNotAllowed',
          message: `${method} is not a method of ${path} (the spec has ${problem.allow.join(', ')})`,
          params: { allow: problem.allow },
          value: method,
        },
      ];
    case 'unsupportedMediaType':
      return [
        {
          in: 'header',
          path: ['content-type'],
          keyword: 'mediaType',
          message: `content type "${problem.contentType}" is not one the operation takes`,
          params: {},
          value: problem.contentType,
        },
      ];
    default:
      return undefined;
  }
}
