/**
 * The journal as HAR 1.2 (the HTTP Archive format browser devtools, Postman and proxies read), so a
 * session recorded against the mock can be opened, shared and replayed elsewhere
 * (`groups-mock contract --replay`). Entries are the journal's, so credentials are masked exactly
 * as the journal masks them; what HAR has no field for (api, namespace, operation, the spec checks)
 * rides in `_groupsMock`, as HAR allows custom fields that start with `_`.
 */
import { STATUS_CODES } from 'node:http';
import { stringify as losslessStringify } from 'lossless-json';
import { ExactInteger } from '../../util/exact-integer.js';
import type { JournalEntry } from './entry.js';

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _groupsMock: {
    seq: number;
    api: string;
    namespace: string;
    operationId: string | null;
    path: string;
    validation: JournalEntry['validation'];
  };
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[] };
}

const headerList = (h: Record<string, string | string[]>): HarHeader[] =>
  Object.entries(h).flatMap(([name, v]) => [v].flat().map((value) => ({ name, value })));

const headerValue = (h: Record<string, string | string[]>, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** JSON as it was on the wire: an integer past 2^53 the journal kept exactly is a number again. */
const wireJson = (body: unknown): string =>
  losslessStringify(body, (_k, v) => (v instanceof ExactInteger ? BigInt(v.digits) : v)) ?? 'null';

/** A journal body as the text that was sent: JSON, or a form again; nothing for a body kept only by size. */
function bodyText(body: unknown, mimeType: string): { text?: string; comment?: string } {
  if (body === null || body === undefined) return {};
  if (typeof body === 'object' && (body as { truncated?: unknown }).truncated === true)
    return { comment: `body of ${(body as { bytes?: number }).bytes} bytes not kept by the journal` };
  // A form of strings is a form again; anything else was read as JSON (Kazoo reads JSON whatever the type says).
  if (
    mimeType.includes('x-www-form-urlencoded') &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    Object.values(body).every((v) => typeof v === 'string')
  ) {
    const fields = Object.entries(body as Record<string, string>);
    // `curl -d '{"a":1}'`: JSON sent with the form type parses as one key holding the document; send the document.
    if (fields.length === 1 && fields[0]![1] === '' && /^\s*[[{]/.test(fields[0]![0])) return { text: fields[0]![0] };
    return { text: new URLSearchParams(fields).toString() };
  }
  return { text: typeof body === 'string' ? body : wireJson(body) };
}

/** The entries as one HAR log; `origin` (`http://127.0.0.1:4010`) makes the URLs absolute. */
export function toHar(entries: JournalEntry[], origin: string, version: string): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'groups-mock', version },
      entries: entries.map((e) => {
        const reqType = headerValue(e.headers, 'content-type') ?? 'application/json';
        const post = bodyText(e.body, reqType);
        const resType = (e.response && headerValue(e.response.headers, 'content-type')) ?? 'application/json';
        const content = e.response
          ? bodyText(e.response.body, resType)
          : { comment: 'no response: the connection was dropped' };
        return {
          startedDateTime: e.time,
          time: 0,
          request: {
            method: e.method,
            url: `${origin}${e.url}`,
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headerList(e.headers),
            queryString: headerList(e.query),
            ...(post.text !== undefined ? { postData: { mimeType: reqType, text: post.text } } : {}),
            headersSize: -1,
            bodySize: post.text !== undefined ? Buffer.byteLength(post.text) : 0,
          },
          response: {
            status: e.response?.status ?? 0,
            statusText: e.response ? (STATUS_CODES[e.response.status] ?? '') : '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: e.response ? headerList(e.response.headers) : [],
            content: {
              size: content.text !== undefined ? Buffer.byteLength(content.text) : 0,
              mimeType: resType,
              ...content,
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: content.text !== undefined ? Buffer.byteLength(content.text) : -1,
          },
          cache: {},
          timings: { send: 0, wait: 0, receive: 0 },
          _groupsMock: {
            seq: e.seq,
            api: e.api,
            namespace: e.namespace,
            operationId: e.operationId,
            path: e.path,
            validation: e.validation,
          },
        };
      }),
    },
  };
}
