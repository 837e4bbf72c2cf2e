/**
 * A journal entry as the recorder keeps it: the raw material the request already had — the JSON
 * text of the bodies as read and as sent, shallow copies of the header and query objects — masked,
 * scrubbed and bounded only the first time the entry is read, then kept that way. Masking every
 * body, header and query on every request cost a third of the server's CPU per request, for entries
 * that are mostly never read. Nothing a reader sees changes: the entry is built from the same values
 * by the same functions (masking.ts) as when it was built at once.
 *
 * Nothing kept here is an object a handler or the state owns: bodies are text (re-read with the
 * API's codec, which gives back the values that text was made from), headers and queries copies of
 * strings, so a later change to a reply's object cannot rewrite history. A body past 64 KiB of text
 * is masked at once instead (it is stored by its size anyway), so raw material stays small.
 */
import type { FiredFault } from '../faults/types.js';
import { jsonByteLength } from '../../util/json-size.js';
import type { JournalEntry } from './entry.js';
import { journalBody, MAX_JOURNAL_BODY_BYTES, maskHeaders, maskValue, scrubSecrets, secretsOf } from './masking.js';

/** A body as kept until the entry is read. */
export type RawBody =
  /** JSON text and the codec's parse that reads it back as the values it was made from. */
  | { text: string; parse: (text: string) => unknown }
  /** Masked already (a large body, a form, a body outside any operation), with the secrets it held. */
  | { masked: unknown; secrets: Set<string> };

/** What is known when a request arrives; strings and fresh copies only. */
export interface RawRequest {
  seq: number;
  epochMs: number;
  namespace: string;
  api: string;
  operationId: string | null;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, unknown>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, unknown>;
  body: RawBody | undefined;
}

/** A copy of a header or query object (its values are strings, arrays of strings copied too): the request's own may still change. */
export function copyStrings<T extends Record<string, unknown>>(from: T): T {
  const out = { ...from };
  for (const k of Object.keys(out)) {
    const v = out[k];
    if (Array.isArray(v)) (out as Record<string, unknown>)[k] = v.slice();
  }
  return out;
}

/** Masks a body at once: what `RawBody.masked` holds (a response's secrets are not collected). */
export function maskedBody(body: unknown, collectSecrets = true): RawBody {
  return { secrets: collectSecrets ? secretsOf({ body }) : new Set(), masked: journalBody(body) };
}

/** A body's raw material: its text while small, else masked now. */
export function rawJsonBody(
  text: string,
  value: unknown,
  parse: (text: string) => unknown,
  collectSecrets = true,
): RawBody {
  return text.length > MAX_JOURNAL_BODY_BYTES ? maskedBody(value, collectSecrets) : { text, parse };
}

/** Bytes a raw body is counted as until the entry is read. */
const rawBodyBytes = (b: RawBody | undefined) => (!b ? 0 : 'text' in b ? b.text.length : jsonByteLength(b.masked));

function headerBytes(h: Record<string, unknown>): number {
  let n = 0;
  for (const k of Object.keys(h)) {
    const v = h[k];
    n += k.length + 6 + (typeof v === 'string' ? v.length : Array.isArray(v) ? v.join('').length + 4 * v.length : 12);
  }
  return n;
}

export class JournalRecord {
  readonly seq: number;
  readonly namespace: string;
  readonly api: string;
  /** Bytes of JSON the journal counts for the entry: an estimate from the raw material until it is read, then exact. */
  bytes: number;
  /** The journal's bookkeeping (ring.ts): the bytes it counts for this entry, and whether it has let the entry go. */
  counted = 0;
  gone = false;
  private raw:
    | {
        request: RawRequest;
        body: RawBody;
        response: RawResponse | null;
        validation: JournalEntry['validation'];
        faults: FiredFault[];
      }
    | undefined;
  private built: JournalEntry | undefined;

  constructor(
    request: RawRequest,
    body: RawBody,
    response: RawResponse | null,
    validation: JournalEntry['validation'],
    faults: FiredFault[],
  ) {
    this.seq = request.seq;
    this.namespace = request.namespace;
    this.api = request.api;
    this.raw = { request, body, response, validation, faults };
    this.bytes =
      512 +
      request.path.length * 2 +
      headerBytes(request.headers) +
      headerBytes(request.query) +
      rawBodyBytes(body) +
      (response ? headerBytes(response.headers) + rawBodyBytes(response.body) : 0) +
      (validation.request.issues.length ||
      validation.response.issues.length ||
      validation.warnings?.length ||
      faults.length
        ? jsonByteLength([validation, faults])
        : 0);
  }

  /** Whether the entry has been read (and so is masked and exact in size). */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  /** The entry as readers see it: masked, scrubbed and bounded the first time, the same object after. */
  get entry(): JournalEntry {
    if (!this.built) {
      this.built = build(this.raw!);
      this.raw = undefined;
      this.bytes = jsonByteLength(this.built);
    }
    return this.built;
  }
}

/** A raw body as the journal keeps it; a request body's secrets are added to `secrets` (a response's are not secrets the client sent). */
function bodyOf(b: RawBody | undefined, secrets?: Set<string>): unknown {
  if (!b) return undefined;
  if ('masked' in b) {
    if (secrets) for (const s of b.secrets) secrets.add(s);
    return b.masked;
  }
  const value = b.parse(b.text);
  if (secrets) secretsOf({ body: value }, secrets);
  return journalBody(value);
}

function build(raw: NonNullable<JournalRecord['raw']>): JournalEntry {
  const r = raw.request;
  const query = maskValue(r.query) as Record<string, string | string[]>;
  const names = Object.keys(query);
  const qs = names.length
    ? new URLSearchParams(names.flatMap((k) => [query[k]!].flat().map((x) => [k, x]))).toString()
    : '';
  const secrets = secretsOf({ headers: r.headers, query: r.query });
  const body = bodyOf(raw.body, secrets);
  const res = raw.response;
  const entry: JournalEntry = {
    seq: r.seq,
    time: new Date(r.epochMs).toISOString(),
    epochMs: r.epochMs,
    namespace: r.namespace,
    api: r.api,
    operationId: r.operationId,
    method: r.method,
    path: r.path,
    url: `/${r.api}${r.path}${qs ? `?${qs}` : ''}`,
    query,
    headers: maskHeaders(r.headers),
    body,
    response: res && { status: res.status, headers: maskHeaders(res.headers), body: bodyOf(res.body) },
    validation: raw.validation,
    faults: raw.faults,
  };
  return scrubSecrets(entry, secrets);
}
