/**
 * Requests Node's HTTP parser refuses before Express sees them — a request line and headers over
 * the limit, bytes that are not HTTP/1.1, a method the parser does not know, `CONNECT` — answered,
 * never dropped, in the words of whoever the request was for: the envelope of the API whose prefix
 * the request line names (its `headersTooLarge`, `malformedRequest`, `methodNotAllowed` or
 * `unknownPath`, each documented in its spec's `x-mock-responses`), the admin envelope under
 * `/__admin`, and plain JSON otherwise.
 *
 * What the request said is read from at most the first `REQUEST_LINE_BYTES` of the bytes Node
 * hands over, and never quoted back: only its method (a token) and the path's API prefix are used.
 * Its headers are unknown (they are what failed), so nothing of them is echoed.
 */
import { STATUS_CODES, maxHeaderSize, type IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { plainJson } from '../kit/json-codec.js';
import { engineKindOf } from '../spec/engine-responses.js';
import type { Runtime } from '../runtime.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '../state/namespaces.js';
import { renderProblem, type Problem, type RequestInfo } from '../types.js';
import { corsHeaders } from './cors.js';

/** The most of a refused request's bytes that are looked at (its request line, or the start of it). */
export const REQUEST_LINE_BYTES = 8192;

/** What is known of a refused request: its request line, when it could be read, and its headers for CONNECT. */
export interface RefusedRequest {
  method?: string;
  /** The request target as sent: origin form (`/kazoo/v2/…`), absolute form, authority form (`host:443`) or `*`. */
  target?: string;
  /** Only the start of the target was in the bytes (a long target, or one cut across packets): it names the API, not the path. */
  partial?: boolean;
  headers?: IncomingHttpHeaders;
}

/** Why the request was refused. */
export type Refusal =
  | { kind: 'headersTooLarge'; limitBytes: number }
  | { kind: 'malformedRequest'; detail: string; code: string }
  /** A method the server does not take: one Node's parser does not know, or CONNECT (the mock is no proxy). */
  | { kind: 'method' }
  | { kind: 'timeout'; code: string }
  | { kind: 'http2' };

/** A reply written straight to the socket. */
export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Renders a refusal for whoever the request names. */
export type RefusalRenderer = (request: RefusedRequest, refusal: Refusal) => RawReply;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

/** The method and target of the request line at the start of `packet`, read from its first bytes only. */
export function requestLineOf(packet: Buffer | undefined): RefusedRequest {
  if (!packet?.length) return {};
  const text = packet.subarray(0, REQUEST_LINE_BYTES).toString('latin1');
  const end = text.search(/[\r\n]/);
  const line = end < 0 ? text : text.slice(0, end);
  const [method, target] = line.split(' ', 2);
  const partial = end < 0 && line.indexOf(' ', (method?.length ?? 0) + 1) < 0;
  return {
    ...(method && TOKEN.test(method) ? { method } : {}),
    ...(target && !/[\0-\x20\x7f-\xff]/.test(target) ? { target, ...(partial ? { partial } : {}) } : {}),
  };
}

/** The path of an origin-form or absolute-form target, without query and fragment; undefined for other forms. */
export function pathOf(target: string | undefined): string | undefined {
  if (!target) return undefined;
  const origin = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  const rest = origin ? target.slice(origin[0].length) || '/' : target;
  if (!rest.startsWith('/')) return undefined;
  return rest.split(/[?#]/, 1)[0];
}

/** What Node's parser codes mean, in words (never the bytes themselves). */
const PARSER_ERRORS: Record<string, string> = {
  HPE_INVALID_METHOD: 'the request line is not "<method> <target> HTTP/1.1"',
  HPE_INVALID_URL: 'the request target is not a valid URL',
  HPE_INVALID_VERSION: 'the request line does not end in a valid HTTP version',
  HPE_INVALID_HEADER_TOKEN: 'a header name has a character header names cannot have',
  HPE_INVALID_CONSTANT: 'the request is not HTTP/1.1',
  HPE_CR_EXPECTED: 'a line does not end in CRLF',
  HPE_LF_EXPECTED: 'a line does not end in CRLF',
  HPE_STRICT: 'a line does not end in CRLF',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length is sent twice, or with Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is not one the server reads (chunked, last)',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size of the chunked body is not a hexadecimal number',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'the chunk extensions of the chunked body are too long',
  HPE_UNEXPECTED_SPACE: 'a header line has a space where none may be',
};

/**
 * Why Node refused a request, from its `clientError` and what its request line said: a method the
 * parser does not know (`FOO /kazoo/…`) is a method the API does not take, as `PURGE` would be.
 */
export function refusalOf(err: NodeJS.ErrnoException, request: RefusedRequest = {}): Refusal {
  const code = err.code ?? 'unknown';
  if (code === 'HPE_INVALID_METHOD' && request.method && pathOf(request.target) !== undefined)
    return { kind: 'method' };
  if (code === 'HPE_HEADER_OVERFLOW') return { kind: 'headersTooLarge', limitBytes: maxHeaderSize };
  if (code === 'HPE_PAUSED_H2_UPGRADE') return { kind: 'http2' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return { kind: 'timeout', code };
  return {
    kind: 'malformedRequest',
    code,
    detail: PARSER_ERRORS[code] ?? `the request is not valid HTTP/1.1 (${code})`,
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): RawReply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** A bounded, printable echo of what the request named. */
const shown = (text: string | undefined, max = 200) => (text ?? '').slice(0, max);

/** The admin plane's envelope (`{error, problems}`), as its router answers. */
function adminRefusal(request: RefusedRequest, refusal: Refusal): RawReply {
  switch (refusal.kind) {
    case 'headersTooLarge':
      return json(431, {
        error: 'request headers too large',
        problems: [`the request line and headers may take at most ${refusal.limitBytes} bytes`],
      });
    case 'malformedRequest':
      return json(400, { error: `malformed HTTP request: ${refusal.detail}`, problems: [] });
    case 'method':
      return json(404, {
        error: `no admin endpoint ${request.method ?? '?'} ${shown(pathOf(request.target))}`,
        problems: [],
      });
    default:
      return genericRefusal(request, refusal, {});
  }
}

/** Plain JSON, for a request that names no API: `{error, detail, code}` (and where the APIs are). */
function genericRefusal(request: RefusedRequest, refusal: Refusal, where: { apis?: string[] }): RawReply {
  const directory = where.apis ? { apis: where.apis.map((n) => `/${n}`), admin: '/__admin' } : {};
  switch (refusal.kind) {
    case 'headersTooLarge':
      return json(431, {
        error: 'request headers too large',
        detail: `the request line and headers may take at most ${refusal.limitBytes} bytes`,
        code: 'HPE_HEADER_OVERFLOW',
      });
    case 'malformedRequest':
      return json(400, { error: 'malformed HTTP request', detail: refusal.detail, code: refusal.code });
    case 'timeout':
      return json(408, { error: 'request timeout', detail: 'the request did not arrive in time', code: refusal.code });
    case 'http2':
      return json(505, {
        error: 'HTTP version not supported',
        detail: 'this server speaks HTTP/1.1 (HTTP/2 with prior knowledge is not supported)',
        code: 'HPE_PAUSED_H2_UPGRADE',
      });
    case 'method': {
      const path = pathOf(request.target);
      // The mock: a path under no API is a 404 whatever the method, as its router answers.
      if (path !== undefined && where.apis) return json(404, { error: `no API at ${shown(path)}`, ...directory });
      const detail =
        path === undefined
          ? 'this is an HTTP server, not a tunnel: send requests to /<api>/…'
          : 'the method cannot be read, so it cannot be answered or forwarded';
      return json(405, { error: `${request.method ?? 'this method'} is not supported`, detail, ...directory });
    }
  }
}

/** Renders refusals with no API of their own (the proxy's, which answers in its own JSON): the admin envelope under `/__admin`. */
export function plainRefusals(apis?: string[]): RefusalRenderer {
  return (request, refusal) =>
    isAdminPath(pathOf(request.target)) ? adminRefusal(request, refusal) : genericRefusal(request, refusal, { apis });
}

const isAdminPath = (path: string | undefined) => !!path && /^\/__admin(?:\/|$)/i.test(path);

/** The API a path is under (Express matches mount paths without regard to case), and the path below it. */
function apiAt(runtime: Runtime, path: string | undefined): { name: string; rest: string } | undefined {
  if (!path) return undefined;
  const segment = /^\/([^/]+)/.exec(path)?.[1]?.toLowerCase();
  const name = segment && [...runtime.apis.keys()].find((n) => n.toLowerCase() === segment);
  return name ? { name, rest: path.slice(name.length + 1) || '/' } : undefined;
}

/**
 * The mock's renderer: a refusal under an API's prefix in that API's envelope — the problem it
 * stands for (an unknown method: the vendor's 405 with `Allow`, or its unknown path), with the
 * headers the API adds to every answer — else the admin or the plain answer.
 */
export function mockRefusals(runtime: Runtime): RefusalRenderer {
  const plain = plainRefusals([...runtime.apis.keys()]);
  return (request, refusal) => {
    const path = pathOf(request.target);
    const at = apiAt(runtime, path);
    const api = at && runtime.apis.get(at.name);
    // Which of the API's answers a method gets depends on the whole path.
    if (
      !api ||
      refusal.kind === 'timeout' ||
      refusal.kind === 'http2' ||
      (refusal.kind === 'method' && request.partial)
    )
      return plain(request, refusal);
    const headers = request.headers ?? {};
    const sent = typeof headers['x-mock-namespace'] === 'string' ? headers['x-mock-namespace'] : undefined;
    const ns = runtime.store.view(
      api.module.name,
      sent !== undefined && NAMESPACE_PATTERN.test(sent) ? sent : DEFAULT_NAMESPACE,
    );
    const method = request.method ?? 'GET';
    const found = refusal.kind === 'method' ? api.spec.find(method, at.rest) : undefined;
    const problem: Problem =
      refusal.kind === 'headersTooLarge'
        ? refusal
        : refusal.kind === 'malformedRequest'
          ? { kind: 'malformedRequest', detail: refusal.detail }
          : found!.allow.length
            ? { kind: 'methodNotAllowed', allow: found!.allow }
            : { kind: 'unknownPath' };
    // No query: nothing of the request was checked, and an envelope that echoes a token (Crossbar's
    // `?auth_token=`) must not echo one from a request the server could not read.
    const info: RequestInfo<unknown> = { method, path: at.rest, params: {}, query: {}, headers, body: undefined, ns };
    const reply = renderProblem(api.module, problem, info);
    const codec = api.module.json ?? plainJson;
    // Checked against the spec like every answer of the API: a broken one is our bug, reported.
    const pointer = api.spec.engineResponses.get(engineKindOf(problem.kind) ?? '')?.schemaPointer;
    const issues =
      pointer && reply.body !== undefined ? api.schemas.check(pointer, codec.toPlain(reply.body), 'response') : [];
    if (issues.length)
      runtime.reportViolation({
        api: api.module.name,
        namespace: ns.name,
        method,
        path: at.rest,
        status: reply.status,
        issues,
      });
    const extra: Record<string, string> =
      problem.kind === 'methodNotAllowed' ? { Allow: problem.allow.join(', ') } : {};
    const all = {
      ...corsHeaders(headers),
      ...api.module.responseHeaders?.(info),
      ...reply.headers,
      ...extra,
      'Content-Type': 'application/json; charset=utf-8',
    };
    return {
      status: reply.status,
      headers: stringHeaders(all),
      body: reply.body === undefined ? '' : codec.stringify(reply.body),
    };
  };
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

/** How long a refused connection may stay half-open after its answer before it is closed. */
const LINGER_MS = 5000;

/**
 * Writes the reply and closes our side of the connection (`end`, not `destroy`: a reset could throw
 * away the answer at the client while it is still sending); a peer that never closes its side is
 * cut off after `LINGER_MS`.
 */
export function writeRawReply(socket: Duplex, reply: RawReply): void {
  const headers: Record<string, string> = {
    ...reply.headers,
    Date: new Date().toUTCString(),
    'Content-Length': String(Buffer.byteLength(reply.body)),
    Connection: 'close',
  };
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}`.trimEnd()];
  // Header values come from renderers that may echo what a client sent: never a line break.
  for (const [name, value] of Object.entries(headers))
    if (!/[\r\n]/.test(name + value)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${reply.body}`);
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
