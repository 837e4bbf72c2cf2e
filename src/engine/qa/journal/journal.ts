/**
 * The request journal: every request an API receives, per namespace, in a bounded ring (oldest
 * dropped first). Credentials are masked before anything is stored, so the journal can be shown
 * and shared. Entries say what the request and the response were, whether each one kept to the
 * spec, and which fault rules acted on the request.
 *
 * @example
 *   journal.list({ namespace: 'ci-1', operationId: 'getGroup', status: '4xx' })
 *   journal.count({ api: 'kazoo', method: 'PUT', body: { 'data.name': '/^Night/' } })
 */
import type { FiredFault } from '../faults/store.js';
import { compileMatcher, compileMatchers, headerValue, valueAtPath, type ValueTest } from '../matching/matchers.js';
import type { Problem, ValidationIssue } from '../../types.js';

export const DEFAULT_JOURNAL_SIZE = 1000;

export interface JournalEntry {
  /** Order of arrival, across namespaces. */
  seq: number;
  /** Arrival time on the namespace's engine clock. */
  time: string;
  epochMs: number;
  namespace: string;
  api: string;
  /** Undefined (null in JSON) when the path and method are not an operation of the spec. */
  operationId: string | null;
  method: string;
  /** The vendor path, without the API's prefix. */
  path: string;
  /** As sent, with the prefix and the (masked) query. */
  url: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  body: unknown;
  /** Null when no response was sent (a dropped connection, a client that went away). */
  response: { status: number; headers: Record<string, string | string[]>; body: unknown } | null;
  validation: {
    /** `checked: false` when nothing could be checked (no operation, the request was answered before). */
    request: { checked: boolean; valid: boolean; issues: ValidationIssue[] };
    response: { checked: boolean; valid: boolean; issues: ValidationIssue[] };
  };
  /** Fault rules that acted on the request. */
  faults: FiredFault[];
}

/** Names of headers, parameters and fields whose values never reach the journal. */
const SENSITIVE = /token|secret|passw|pwd|credential|cookie|authorization|signature|(?:api|access|private|client|auth|secret|signing|session)[-_]?key|^key$/i;
/** Names that match SENSITIVE but say what kind of credential it is, not what it is (`token_type: "Bearer"`). */
const NOT_SENSITIVE = /^token[-_]?type$/i;
export const MASK = '***';

export function isSensitive(name: string): boolean {
  return SENSITIVE.test(name) && !NOT_SENSITIVE.test(name);
}

/**
 * A copy with every sensitive field's value replaced by `***`, at any depth. Keys are defined, not
 * assigned, so a `__proto__` field stays a field.
 */
export function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const masked = isSensitive(k) && v !== null && v !== undefined && v !== '' ? MASK : maskValue(v);
    Object.defineProperty(out, k, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A body larger than this, as JSON text, is stored as `{ truncated: true, bytes }`. */
export const MAX_JOURNAL_BODY_BYTES = 64 * 1024;

/** A request or response body as the journal keeps it: masked, and at most 64 KiB of JSON. */
export function journalBody(body: unknown): unknown {
  const masked = maskValue(body);
  if (masked === undefined) return masked;
  const bytes = Buffer.byteLength(JSON.stringify(masked) ?? '');
  return bytes > MAX_JOURNAL_BODY_BYTES ? { truncated: true, bytes } : masked;
}

/**
 * Issues as the journal stores them: an issue about a credential (a sensitive name anywhere in its
 * path) keeps its keyword and message but not its value or parameters; any other issue's value
 * and parameters are masked like a body.
 */
export function maskIssues(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => {
    const secret = i.path.some((p) => isSensitive(String(p)));
    const params = secret ? Object.fromEntries(Object.keys(i.params).map((k) => [k, MASK])) : (maskValue(i.params) as Record<string, unknown>);
    const out: ValidationIssue = { ...i, params };
    if (i.value !== undefined) out.value = secret ? MASK : maskValue(i.value);
    return out;
  });
}

export function maskHeaders(headers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = isSensitive(k) ? MASK : Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

/**
 * What a problem the pipeline answered says about the request: a request outside the spec
 * (unknown path, method, unparseable body, media type) is a contract break by the client.
 */
export function requestIssuesOf(problem: Problem, method: string, path: string): ValidationIssue[] | undefined {
  switch (problem.kind) {
    case 'validation':
      return maskIssues(problem.issues);
    case 'parse':
      return [{ in: 'body', path: [], keyword: 'parse', message: `is not valid JSON: ${problem.detail}`, params: {} }];
    case 'unknownPath':
      return [{ in: 'path', path: [], keyword: 'unknownPath', message: `${method} ${path} is not a path of the spec`, params: {}, value: path }];
    case 'methodNotAllowed':
      return [{ in: 'method', path: [], keyword: 'methodNotAllowed', message: `${method} is not a method of ${path} (the spec has ${problem.allow.join(', ')})`, params: { allow: problem.allow }, value: method }];
    case 'unsupportedMediaType':
      return [{ in: 'header', path: ['content-type'], keyword: 'mediaType', message: `content type "${problem.contentType}" is not one the operation takes`, params: {}, value: problem.contentType }];
    default:
      return undefined;
  }
}

/** Filters of `GET /__admin/requests` and the matcher of `POST /__admin/requests/count`. */
export interface RequestMatcher {
  api?: string;
  namespace?: string;
  operationId?: string;
  method?: string;
  path?: string;
  pathPattern?: string;
  /** 404, "404", or a class: "4xx". */
  status?: number | string;
  headers?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  /** Only requests at or after this engine time (ISO 8601 or ms since the epoch). */
  since?: string | number;
  /** Only requests that broke the spec (request or response). */
  violations?: boolean;
}

export const MATCHER_KEYS = ['api', 'namespace', 'operationId', 'method', 'path', 'pathPattern', 'status', 'headers', 'query', 'body', 'since', 'violations'];

/** Compiles a matcher; throws an Error naming the bad field. */
export function compileRequestMatcher(m: unknown): (e: JournalEntry) => boolean {
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new Error('the matcher must be a JSON object');
  const spec = m as Record<string, unknown>;
  const extra = Object.keys(spec).filter((k) => !MATCHER_KEYS.includes(k));
  if (extra.length) throw new Error(`unknown matcher field(s) ${extra.join(', ')}; known: ${MATCHER_KEYS.join(', ')}`);
  const checks: Array<(e: JournalEntry) => boolean> = [];
  for (const key of ['api', 'namespace', 'operationId'] as const) {
    const want = spec[key];
    if (want === undefined) continue;
    if (typeof want !== 'string') throw new Error(`${key} must be a string`);
    checks.push((e) => e[key] === want);
  }
  if (spec.method !== undefined) {
    if (typeof spec.method !== 'string') throw new Error('method must be a string');
    const method = spec.method.toUpperCase();
    checks.push((e) => e.method === method);
  }
  if (spec.path !== undefined) {
    if (typeof spec.path !== 'string') throw new Error('path must be a string');
    const path = spec.path;
    checks.push((e) => e.path === path || `/${e.api}${e.path}` === path);
  }
  if (spec.pathPattern !== undefined) {
    const test = compileMatcher({ matches: spec.pathPattern }, 'pathPattern');
    checks.push((e) => test(e.path, true) || test(`/${e.api}${e.path}`, true));
  }
  if (spec.status !== undefined) {
    const status = statusTest(spec.status);
    checks.push((e) => e.response !== null && status(e.response.status));
  }
  const tests: Array<{ where: 'headers' | 'query' | 'body'; key: string; test: ValueTest }> = [];
  for (const where of ['headers', 'query', 'body'] as const) {
    if (spec[where] !== undefined) for (const t of compileMatchers(spec[where], where)) tests.push({ where, ...t });
  }
  for (const { where, key, test } of tests) {
    checks.push((e) => {
      const found = where === 'headers' ? headerValue(e.headers, key) : where === 'query' ? (Object.hasOwn(e.query, key) ? { value: e.query[key], present: true } : { value: undefined, present: false }) : valueAtPath(e.body, key);
      return test(found.value, found.present);
    });
  }
  if (spec.since !== undefined) {
    const since = typeof spec.since === 'number' ? spec.since : /^\d+$/.test(String(spec.since)) ? Number(spec.since) : Date.parse(String(spec.since));
    if (Number.isNaN(since)) throw new Error('since must be an ISO 8601 time or milliseconds since the epoch');
    checks.push((e) => e.epochMs >= since);
  }
  if (spec.violations !== undefined) {
    if (typeof spec.violations !== 'boolean') throw new Error('violations must be true or false');
    const want = spec.violations;
    checks.push((e) => isViolation(e) === want);
  }
  return (e) => checks.every((c) => c(e));
}

function statusTest(spec: unknown): (s: number) => boolean {
  const text = String(spec).trim().toLowerCase();
  if (/^[1-5]\d\d$/.test(text)) return (s) => s === Number(text);
  if (/^[1-5]xx$/.test(text)) return (s) => Math.floor(s / 100) === Number(text[0]);
  throw new Error(`status must be a status code (404) or a class (4xx), not "${String(spec)}"`);
}

/** A request whose request or response broke the spec. */
export function isViolation(e: JournalEntry): boolean {
  return !e.validation.request.valid || !e.validation.response.valid;
}

export class Journal {
  private rings = new Map<string, JournalEntry[]>();
  private seq = 0;

  constructor(readonly size: number = DEFAULT_JOURNAL_SIZE) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: JournalEntry): void {
    if (this.size <= 0) return;
    let ring = this.rings.get(entry.namespace);
    if (!ring) this.rings.set(entry.namespace, (ring = []));
    ring.push(entry);
    if (ring.length > this.size) ring.splice(0, ring.length - this.size);
  }

  /** Matching entries in order of arrival; `limit` keeps the most recent ones. */
  list(match: (e: JournalEntry) => boolean = () => true, namespace?: string, limit?: number): JournalEntry[] {
    const rings = namespace ? [this.rings.get(namespace) ?? []] : [...this.rings.values()];
    const all = rings.flat().filter(match).sort((a, b) => a.seq - b.seq);
    return limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all;
  }

  /** Forgets the requests of a namespace and/or an API (everything when neither is given). */
  clear(filter: { api?: string; namespace?: string } = {}): number {
    let removed = 0;
    for (const [ns, ring] of this.rings) {
      if (filter.namespace && ns !== filter.namespace) continue;
      const kept = filter.api ? ring.filter((e) => e.api !== filter.api) : [];
      removed += ring.length - kept.length;
      if (kept.length) this.rings.set(ns, kept);
      else this.rings.delete(ns);
    }
    return removed;
  }
}

// ---------------------------------------------------------------------------------------------
// JUnit

/** Characters XML 1.0 cannot carry at all: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const xml = (s: string) => s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${[i.in, ...i.path].join('.')} ${i.message}`).join('; ');
}

/** One testsuite per API, one failed testcase per request that broke the spec. */
export function toJUnit(entries: JournalEntry[]): string {
  const byApi = new Map<string, JournalEntry[]>();
  for (const e of entries) byApi.set(e.api, [...(byApi.get(e.api) ?? []), e]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="groups-mock contract" tests="${entries.length}" failures="${entries.length}">`];
  for (const [api, list] of byApi) {
    lines.push(`  <testsuite name="${xml(api)}" tests="${list.length}" failures="${list.length}" errors="0" skipped="0">`);
    for (const e of list) {
      const req = e.validation.request.issues;
      const res = e.validation.response.issues;
      const parts = [req.length ? `request: ${describeIssues(req)}` : '', res.length ? `response ${e.response?.status ?? ''}: ${describeIssues(res)}` : ''].filter(Boolean);
      const name = `#${e.seq} ${e.method} ${e.url}${e.operationId ? ` (${e.operationId})` : ''} → ${e.response?.status ?? 'no response'}`;
      const detail = [
        `time: ${e.time}`,
        `namespace: ${e.namespace}`,
        ...req.map((i) => `request ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]${i.value !== undefined ? ` (value: ${JSON.stringify(i.value)})` : ''}`),
        ...res.map((i) => `response ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]`),
      ].join('\n');
      lines.push(`    <testcase classname="${xml(`${api}.${e.namespace}`)}" name="${xml(name)}" time="0">`);
      lines.push(`      <failure type="${req.length ? 'request' : 'response'}" message="${xml(parts.join(' | '))}">${xml(detail)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
