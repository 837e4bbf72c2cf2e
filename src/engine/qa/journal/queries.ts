/**
 * The journal's queries: the filters of `GET /__admin/requests` and the matcher of
 * `POST /__admin/requests/count` and `/find` (WireMock style), compiled once per query.
 *
 * @example
 *   compileRequestMatcher({ namespace: 'ci-1', operationId: 'getGroup', status: '4xx' })
 */
import { compileMatcher, compileMatchers, fieldOf, MatcherError, type ValueTest } from '../matching/matchers.js';
import { dotted } from '../../util/value-path.js';
import { isSensitive, MASK } from './masking.js';
import { hasWarnings, isViolation, type JournalEntry } from './entry.js';
import { parseInstant } from '../../kit/iso-time.js';

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
  /** Only requests accepted with warnings (query parameters the operation does not take). */
  warnings?: boolean;
}

export const MATCHER_KEYS = [
  'api',
  'namespace',
  'operationId',
  'method',
  'path',
  'pathPattern',
  'status',
  'headers',
  'query',
  'body',
  'since',
  'violations',
  'warnings',
];

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
    if (spec[where] === undefined) continue;
    for (const t of compileMatchers(spec[where], where, where)) {
      refuseMaskedMatch(where, t.key, t.test);
      tests.push({ where, ...t });
    }
  }
  for (const { where, key, test } of tests) {
    checks.push((e) => {
      const found = fieldOf(where, e, key);
      return test(found.value, found.present);
    });
  }
  if (spec.since !== undefined) {
    const instant = parseInstant(spec.since);
    if ('error' in instant)
      throw new Error(
        `since must be an ISO 8601 date-time with an offset or milliseconds since the epoch: ${instant.error}`,
      );
    const since = instant.ms;
    checks.push((e) => e.epochMs >= since);
  }
  if (spec.violations !== undefined) {
    if (typeof spec.violations !== 'boolean') throw new Error('violations must be true or false');
    const want = spec.violations;
    checks.push((e) => isViolation(e) === want);
  }
  if (spec.warnings !== undefined) {
    if (typeof spec.warnings !== 'boolean') throw new Error('warnings must be true or false');
    const want = spec.warnings;
    checks.push((e) => hasWarnings(e) === want);
  }
  return (e) => checks.every((c) => c(e));
}

/**
 * The journal keeps a credential's value as `***` (masking.ts): a matcher on one that `***` cannot
 * satisfy would never match, so it is refused with what can (`"***"`: sent; present or absent).
 */
function refuseMaskedMatch(where: 'headers' | 'query' | 'body', key: string, test: ValueTest): void {
  const masked = where === 'body' ? dotted(key).some(isSensitive) : isSensitive(key);
  if (!masked || test(MASK, true) || test(undefined, false)) return;
  const name =
    where === 'headers' ? `header ${key}` : where === 'query' ? `query parameter ${key}` : `body field ${key}`;
  throw new MatcherError(
    `${where}.${key}: the journal keeps the ${name} masked as "${MASK}", so this matcher can never match it`,
    [`"${MASK}" (sent)`, '{"present": true}', '{"absent": true}'],
  );
}

function statusTest(spec: unknown): (s: number) => boolean {
  const text = String(spec).trim().toLowerCase();
  if (/^[1-5]\d\d$/.test(text)) return (s) => s === Number(text);
  if (/^[1-5]xx$/.test(text)) return (s) => Math.floor(s / 100) === Number(text[0]);
  throw new Error(`status must be a status code (404) or a class (4xx), not "${String(spec)}"`);
}
