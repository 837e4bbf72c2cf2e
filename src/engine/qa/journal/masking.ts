/**
 * Credentials never reach the journal: every header, query parameter or body field (request or
 * response) whose name says it holds a secret is `***`, at any depth, and so is the value of a
 * validation issue about such a field.
 */
import type { ValidationIssue } from '../../types.js';

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
  // An integer past 2^53 (a lossless codec's bigint) as its exact digits: JSON numbers cannot carry it to a JS reader.
  if (typeof value === 'bigint') return value.toString();
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

