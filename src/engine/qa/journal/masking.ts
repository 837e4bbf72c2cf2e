/**
 * Credentials never reach the journal. Two mechanisms, because clients put secrets in odd places:
 * - **by name**: every header, query parameter or body field (request or response) whose name says
 *   it holds a secret is `***`, at any depth, and so is the value of a validation issue about one;
 *   a key that is itself a document holding a secret (a JSON login body sent as a form: one form
 *   *key* with the password inside) is `***` too;
 * - **by value**: the secrets a request carried (those values, a Basic password, a JSON-looking key's
 *   secret fields) are collected when it arrives, and every occurrence of them anywhere in its
 *   journal entry — an error message that quotes a field, a URL, a response — is scrubbed.
 * Entries are also bounded: bodies past 64 KiB and issue values past 1 KiB of JSON are stored by size.
 */
import { ExactInteger } from '../../util/exact-integer.js';
import type { ValidationIssue } from '../../types.js';
import { jsonByteLength } from '../../util/json-size.js';

/** Names of headers, parameters and fields whose values never reach the journal. */
const SENSITIVE =
  /token|secret|passw|pwd|credential|cookie|authorization|signature|(?:api|access|private|client|auth|secret|signing|session)[-_]?key|^key$/i;
/** Names that match SENSITIVE but say what kind of credential it is, not what it is (`token_type: "Bearer"`). */
const NOT_SENSITIVE = /^token[-_]?type$/i;
export const MASK = '***';

/** Deeper than this, a value is not walked (request bodies are refused far earlier). */
const MAX_DEPTH = 300;
const TOO_DEEP = '[nested too deep]';

export function isSensitive(name: string): boolean {
  return SENSITIVE.test(name) && !NOT_SENSITIVE.test(name);
}

/** A key that is no name but a document (a JSON body sent as a form key), holding a secret. */
const isSecretDocument = (key: string) => /^\s*[[{]/.test(key) && isSensitive(key);

const define = (out: Record<string, unknown>, k: string, value: unknown) =>
  Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
/** A field of a fresh object: assigned (much cheaper per request), except `__proto__`, whose assignment would set the prototype. */
const put = (out: Record<string, unknown>, k: string, value: unknown) => {
  if (k === '__proto__') define(out, k, value);
  else out[k] = value;
};

/**
 * A copy with every sensitive field's value replaced by `***`, at any depth. Keys are defined, not
 * assigned, so a `__proto__` field stays a field. An integer past 2^53 (a lossless codec's bigint)
 * becomes an `ExactInteger`: its exact digits in JSON, a number again in the HAR.
 */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'bigint') return new ExactInteger(value.toString());
  if (value instanceof ExactInteger) return value;
  if (!value || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (isSecretDocument(k)) out[MASK] = MASK;
    else put(out, k, isSensitive(k) && v !== null && v !== undefined && v !== '' ? MASK : maskValue(v, depth + 1));
  }
  return out;
}

/** A body larger than this, as JSON text, is stored as `{ truncated: true, bytes }`. */
export const MAX_JOURNAL_BODY_BYTES = 64 * 1024;
/** An issue's value larger than this, as JSON text, is stored as `{ truncated: true, bytes }`. */
export const MAX_ISSUE_VALUE_BYTES = 1024;

/** The value if its JSON is at most `limit` bytes, else `{ truncated: true, bytes }`. */
function bounded(value: unknown, limit: number): unknown {
  if (value === undefined || value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length <= limit / 4) return value;
  }
  const bytes = jsonByteLength(value);
  return bytes > limit ? { truncated: true, bytes } : value;
}

/** A value JSON leaves out of an object (and writes as `null` in an array). */
const skipped = (x: unknown) => x === undefined || typeof x === 'function' || typeof x === 'symbol';

/**
 * `jsonByteLength(maskValue(value))` without building the masked copy: a body past the journal's
 * limit is stored by its size only, and copying a megabyte body to learn that cost more than the
 * rest of its request (about 80 ms of the 150 ms of a 1 MB refused create, measured).
 */
export function maskedByteLength(value: unknown, depth = 0): number {
  if (typeof value === 'bigint') return value.toString().length + 2;
  if (!value || typeof value !== 'object' || value instanceof ExactInteger) return jsonByteLength(value);
  if (depth > MAX_DEPTH) return jsonByteLength(TOO_DEEP);
  if (Array.isArray(value)) {
    let n = 1 + Math.max(1, value.length);
    for (const x of value) n += skipped(x) ? 4 : maskedByteLength(x, depth + 1);
    return n;
  }
  const obj = value as Record<string, unknown>;
  let n = 2;
  let fields = 0;
  // Every secret document (and a field named `***`) lands on the one key `***`: the last one written counts.
  let maskKey: number | undefined;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const secretDoc = isSecretDocument(k);
    const masked = secretDoc ? MASK : isSensitive(k) && v !== null && v !== undefined && v !== '' ? MASK : v;
    const bytes = skipped(masked) ? undefined : masked === MASK ? MASK.length + 2 : maskedByteLength(masked, depth + 1);
    const key = secretDoc ? MASK : k;
    if (key === MASK) {
      if (maskKey === undefined && bytes !== undefined) fields++;
      else if (maskKey !== undefined && bytes === undefined) fields--;
      maskKey = bytes;
      continue;
    }
    if (bytes === undefined) continue;
    n += jsonByteLength(k) + 1 + bytes;
    fields++;
  }
  if (maskKey !== undefined) n += MASK.length + 2 + 1 + maskKey;
  return n + Math.max(0, fields - 1);
}

/** A request or response body as the journal keeps it: masked, and at most 64 KiB of JSON. */
export function journalBody(body: unknown): unknown {
  if (body !== null && typeof body === 'object' && !(body instanceof ExactInteger)) {
    const bytes = maskedByteLength(body);
    if (bytes > MAX_JOURNAL_BODY_BYTES) return { truncated: true, bytes };
  }
  return bounded(maskValue(body), MAX_JOURNAL_BODY_BYTES);
}

/**
 * Issues as the journal stores them: an issue about a credential (a sensitive name anywhere in its
 * path) keeps its keyword and message but not its value or parameters; any other issue's value
 * and parameters are masked like a body, and a value past 1 KiB is kept by its size.
 */
export function maskIssues(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => {
    const secret = i.path.some((p) => isSensitive(String(p)));
    const params = secret
      ? Object.fromEntries(Object.keys(i.params).map((k) => [k, MASK]))
      : (bounded(maskValue(i.params), MAX_ISSUE_VALUE_BYTES) as Record<string, unknown>);
    const out: ValidationIssue = { ...i, path: i.path.map((p) => (isSecretDocument(String(p)) ? MASK : p)), params };
    if (i.value !== undefined) out.value = secret ? MASK : bounded(maskValue(i.value), MAX_ISSUE_VALUE_BYTES);
    return out;
  });
}

export function maskHeaders(headers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    if (v === undefined) continue;
    out[k.toLowerCase()] = isSensitive(k) ? MASK : Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

/** Secrets shorter than this are not scrubbed by value (they would scrub ordinary words); masking by name still applies. */
const MIN_SECRET_LENGTH = 4;

/**
 * The secret values a request carries: values under sensitive names in its headers, query and body
 * (at any depth, also inside a key that is a JSON document), the credential of an `Authorization`
 * header and the password of HTTP Basic.
 */
export function secretsOf(
  parts: { headers?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown },
  into: Set<string> = new Set(),
): Set<string> {
  const add = (v: unknown) => {
    if ((typeof v === 'string' || typeof v === 'number') && String(v).length >= MIN_SECRET_LENGTH) into.add(String(v));
  };
  const walk = (value: unknown, depth: number, sensitive: boolean) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1, sensitive);
      return;
    }
    if (!value || typeof value !== 'object') return sensitive ? add(value) : undefined;
    for (const [k, v] of Object.entries(value)) {
      if (isSecretDocument(k)) {
        add(k);
        try {
          walk(JSON.parse(k), depth + 1, false);
        } catch {
          // not JSON after all: the key as a whole is the secret
        }
      }
      walk(v, depth + 1, sensitive || isSensitive(k));
    }
  };
  for (const [name, v] of Object.entries(parts.headers ?? {})) {
    if (!isSensitive(name)) continue;
    for (const value of [v].flat()) {
      if (typeof value !== 'string') continue;
      add(value);
      const credential = /^\s*\S+\s+(\S+)\s*$/.exec(value)?.[1];
      if (credential) {
        add(credential);
        if (/^\s*basic\s/i.test(value)) {
          const decoded = Buffer.from(credential, 'base64').toString('utf8');
          add(decoded);
          if (decoded.includes(':')) add(decoded.slice(decoded.indexOf(':') + 1));
        }
      }
    }
  }
  walk(parts.query ?? {}, 0, false);
  walk(parts.body, 0, false);
  return into;
}

/**
 * Replaces every occurrence of a secret in every string (keys too) of a journal value, in place:
 * the recorder owns every object of an entry (each part was copied while it was masked), so a
 * second copy of the whole entry on every request would only feed the garbage collector.
 */
export function scrubSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  if (!secrets.size) return value;
  // Longest first, so a secret that contains a shorter one goes whole.
  const list = [...secrets].sort((a, b) => b.length - a.length);
  const scrubText = (s: string) => {
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrubText(v);
    if (!v || typeof v !== 'object' || depth > MAX_DEPTH) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x && (typeof x === 'string' || typeof x === 'object')) v[i] = walk(x, depth + 1);
      }
      return v;
    }
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const x = obj[k];
      const scrubbed = x && (typeof x === 'string' || typeof x === 'object') ? walk(x, depth + 1) : x;
      const key = scrubText(k);
      if (key !== k) {
        delete obj[k];
        define(obj, key, scrubbed);
      } else if (scrubbed !== x) obj[k] = scrubbed;
    }
    return obj;
  };
  return walk(value, 0) as T;
}
