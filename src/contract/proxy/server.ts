/**
 * The validating proxy as an Express app: every request under the API's mount path (`/<api>/…`)
 * is checked against the spec, forwarded to the upstream unchanged, and the upstream's status,
 * headers (hop-by-hop aside) and body are streamed back unchanged while a copy is kept; once the
 * answer is out, it is checked too and the exchange, with the issues of both directions, goes to
 * the journal through the engine's recorder (masked as the mock's). `/__admin` serves that journal
 * as the mock does. The proxy never answers for the upstream except when it cannot reach it (502,
 * JSON; 504 past the timeout) or the client's body is too large to hold (413, JSON) — each journalled as a violation.
 *
 * @example
 *   const proxy = createProxy({ module: kazoo, upstream: parseUpstream('http://127.0.0.1:4010/kazoo') });
 *   proxy.app.listen(4020);
 */
import type { IncomingMessage } from 'node:http';
import express, { type Express, type Request, type Response } from 'express';
import type { AdminGuardOptions } from '../../engine/admin/guard.js';
import { rawQuery } from '../../engine/pipeline/problems.js';
import type { JournalEntry } from '../../engine/qa/journal/entry.js';
import type { Draft } from '../../engine/qa/journal/recorder.js';
import { Journal } from '../../engine/qa/journal/ring.js';
import { Recorder } from '../../engine/qa/journal/recorder.js';
import { compileSpec, type LoadedApi } from '../../engine/spec/compiled.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '../../engine/state/namespaces.js';
import type { ApiModule, ValidationIssue } from '../../engine/types.js';
import { acceptAbsoluteForm, toOriginForm } from '../../engine/util/request-target.js';
import { contractApi } from '../api-spec.js';
import { createProxyAdmin } from './admin.js';
import { BodyTooLarge, readBodyBytes } from './body-bytes.js';
import { checkProxiedRequest, type CheckedRequest } from './request-check.js';
import { responseIssues, wireResponse } from './response-check.js';
import { endToEnd, forward, targetUrl, UpstreamError, upstreamAgents, type UpstreamTls } from './upstream.js';

/** The response header naming an exchange's violations (as Prism's `sl-violations`). */
export const VIOLATIONS_HEADER = 'X-Groups-Mock-Violations';

/** `request: body.name: must be string; response: status_code_conformance` — one line of printable ASCII, at most 2000 characters. */
export function violationsHeader(request: ValidationIssue[], response: ValidationIssue[]): string | undefined {
  const part = (side: string, issues: ValidationIssue[]) =>
    issues.length
      ? `${side}: ${issues.map((i) => (side === 'request' ? `${[i.in, ...i.path].join('.')}: ${i.message}` : i.keyword)).join(', ')}`
      : '';
  const text = [part('request', request), part('response', response)].filter(Boolean).join('; ');
  const clean = text.replace(/[^\x20-\x7e]/g, '?').slice(0, 2000);
  return clean || undefined;
}

/** The most of a request body the proxy holds to check and forward. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
/** The most of a response body kept to check; a longer one is streamed on, its body unchecked. */
export const MAX_CHECKED_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_PROXY_JOURNAL_SIZE = 10_000;

export interface ProxyOptions {
  module: ApiModule<any, any>;
  /** The upstream's base URL (from parseUpstream). */
  upstream: URL;
  /** Time allowed for the upstream's answer to begin (default 30 s). */
  timeoutMs?: number;
  /** Exchanges kept per namespace (default 10,000): the JUnit report covers what the journal keeps. */
  journalSize?: number;
  admin?: AdminGuardOptions;
  /**
   * Query parameters an operation does not take (and, for Crossbar, bodies not sent as JSON) are
   * violations, as a strict mock refuses them; by default they are warnings, as the mock accepts them.
   */
  strict?: boolean;
  /** Told of every exchange once journalled (the CLI prints the broken ones). */
  onExchange?: (entry: JournalEntry) => void;
  /** How an HTTPS upstream's certificate is checked (default: Node's trusted CAs). */
  upstreamTls?: UpstreamTls;
}

export interface Proxy {
  app: Express;
  /** The exchanges checked, as the mock's journal keeps requests. */
  journal: Journal;
  /** Exchanges and those with violations since start (not bounded by the journal). */
  counts: { exchanges: number; violations: number };
  /** Milliseconds from a journalled exchange's arrival to the end of its answer. */
  durationOf(entry: JournalEntry): number | undefined;
  /** Closes the keep-alive connections to the upstream. */
  close(): void;
}

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]*\+json|xml|[\w.+-]*\+xml|x-www-form-urlencoded|javascript))/i;

export function createProxy(opts: ProxyOptions): Proxy {
  const name = opts.module.name;
  // What the proxy uses of the engine: the compiled spec and a journal (no state, faults or clock).
  const api: LoadedApi = { module: opts.module, ...compileSpec(opts.module.specFile, name) };
  const journal = new Journal(opts.journalSize ?? DEFAULT_PROXY_JOURNAL_SIZE);
  const recorder = new Recorder(journal);
  const strict = opts.strict ?? false;
  const startedAt = Date.now();
  const contract = contractApi(opts.module);
  const agents = upstreamAgents(opts.upstreamTls);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const counts = { exchanges: 0, violations: 0 };
  const upstreamText = opts.upstream.href.replace(/\/$/, '');

  const durations = new WeakMap<JournalEntry, number>();
  const complete = (
    started: number,
    draft: Draft,
    response: { status: number; headers: Record<string, unknown>; body: unknown } | null,
    request: CheckedRequest,
    responseIssueList: ValidationIssue[],
    checked: boolean,
  ) => {
    if (draft.done) return;
    const record = recorder.serveCompleted(draft, response, {
      request: { checked: !!request.op, valid: !request.issues.length, issues: request.issues },
      response: { checked, issues: responseIssueList },
    });
    if (!record) return;
    // The proxy reads each entry at once (its duration, the CLI's line for a broken exchange).
    durations.set(record.entry, Math.round((performance.now() - started) * 100) / 100);
    counts.exchanges++;
    if (request.issues.length || responseIssueList.length) counts.violations++;
    opts.onExchange?.(record.entry);
  };

  async function handle(req: Request, res: Response): Promise<void> {
    const started = performance.now();
    const header = req.get('x-mock-namespace');
    const namespace = header !== undefined && NAMESPACE_PATTERN.test(header) ? header : DEFAULT_NAMESPACE;
    let raw: Buffer;
    let tooLarge: string | undefined;
    try {
      raw = await readBodyBytes(req, MAX_REQUEST_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) return void res.destroy(); // the client went away: nothing to answer
      raw = Buffer.alloc(0);
      tooLarge = err.message;
    }
    const draft = recorder.requestReceived({
      api: name,
      namespace,
      now: Date.now(),
      operationId: api.spec.find(req.method, req.path).op?.operationId,
      method: req.method,
      path: req.path,
      query: rawQuery(req),
      headers: req.headers,
    });
    const query = rawQuery(req);
    const checked = checkProxiedRequest(
      api,
      { method: req.method, path: req.path, query, headers: req.headers, body: raw },
      strict,
    );
    recorder.noteBody(draft, checked.body);
    if (checked.warnings.length) recorder.noteWarnings(draft, checked.warnings);
    if (tooLarge !== undefined) {
      const body = {
        error: 'request body not forwarded',
        detail: `the proxy holds bodies of up to ${MAX_REQUEST_BYTES} bytes: ${tooLarge}`,
      };
      checked.issues.push({ in: 'body', path: [], keyword: 'payloadTooLarge', message: body.detail, params: {} });
      res.status(413).json(body);
      return complete(started, draft, { status: 413, headers: res.getHeaders(), body }, checked, [], false);
    }

    // The client going away stops the upstream request; the journal keeps the exchange without a response.
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) {
        abort.abort();
        complete(started, draft, null, checked, [], false);
      }
    });
    let up: IncomingMessage;
    try {
      up = await forward(
        {
          method: req.method,
          url: targetUrl(opts.upstream, req.url),
          rawHeaders: req.rawHeaders,
          body: raw,
          timeoutMs,
          agents,
        },
        abort.signal,
      );
    } catch (err) {
      if (abort.signal.aborted) return;
      const detail = (err as Error).message;
      // Not reachable: 502; reached but silent past --timeout: 504 (what gateways answer).
      const timedOut = err instanceof UpstreamError && err.timedOut;
      const status = timedOut ? 504 : 502;
      const body = timedOut
        ? {
            error: 'upstream timed out',
            upstream: upstreamText,
            detail,
            hint: 'a slow upstream may need a longer --timeout',
          }
        : {
            error: 'upstream unreachable',
            upstream: upstreamText,
            detail,
            hint: /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(detail)
              ? "the upstream's certificate was refused: trust its CA with --upstream-ca FILE (or --insecure-upstream for a test server)"
              : 'is the upstream running, and is --upstream its base URL?',
          };
      res.status(status).json(body);
      const keyword = timedOut ? 'upstream_timeout' : 'upstream_unreachable';
      return complete(
        started,
        draft,
        { status, headers: res.getHeaders(), body },
        checked,
        [
          {
            in: 'response',
            path: [],
            keyword,
            message: `the upstream ${upstreamText} did not answer: ${detail}`,
            params: {},
          },
        ],
        false,
      );
    }

    const status = up.statusCode ?? 502;
    // Like Prism's sl-violations: what is already known to break the spec before the body streams
    // (the request's issues, the answer's status and headers) named on the answer itself.
    const early = responseIssues(
      contract,
      checked.op,
      wireResponse(contract, status, up.headers, Buffer.alloc(0), 0),
      req.method,
      false,
    );
    const named = violationsHeader(checked.issues, early);
    res.writeHead(status, up.statusMessage, [...endToEnd(up.rawHeaders), ...(named ? [VIOLATIONS_HEADER, named] : [])]);
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let overflow = false;
    up.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (!overflow) {
        if (kept + chunk.length > MAX_CHECKED_RESPONSE_BYTES) overflow = true;
        else {
          chunks.push(chunk);
          kept += chunk.length;
        }
      }
      // A slow client slows the upstream down rather than filling the proxy's memory.
      if (!res.write(chunk)) {
        up.pause();
        res.once('drain', () => up.resume());
      }
    });
    up.on('error', (err) => {
      res.destroy();
      complete(
        started,
        draft,
        { status, headers: up.headers, body: null },
        checked,
        [
          {
            in: 'response',
            path: [],
            keyword: 'upstream_broken',
            message: `the upstream's answer broke off: ${err.message}`,
            params: {},
          },
        ],
        false,
      );
    });
    up.on('end', () => {
      res.end();
      const bytes = Buffer.concat(chunks);
      const wire = wireResponse(contract, status, up.headers, bytes, Math.round(performance.now() - started));
      const issues = responseIssues(contract, checked.op, wire, req.method, !overflow && wire.readable);
      const type = String(up.headers['content-type'] ?? '');
      const body = overflow
        ? { truncated: true, bytes: total }
        : wire.json !== undefined
          ? wire.json
          : wire.text === ''
            ? null
            : TEXTUAL.test(type)
              ? wire.text
              : { bytes: total };
      complete(
        started,
        draft,
        { status, headers: up.headers, body: body === null ? null : contract.codec.toPlain(body) },
        checked,
        issues,
        true,
      );
    });
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // `GET http://host/path` (a client that takes the mock for its proxy): the host is the target's (RFC 9112 §3.2.2).
  app.use(acceptAbsoluteForm);
  app.use(
    '/__admin',
    createProxyAdmin(
      { journal, apis: new Map([[name, api]]), startedAt },
      { api: name, upstream: upstreamText, durationOf: (e) => durations.get(e) },
      opts.admin ?? {},
    ),
  );
  app.use(`/${name}`, (req, res) => {
    toOriginForm(req);
    handle(req, res).catch((err: unknown) => {
      console.error(
        `[groups-mock] proxy: ${req.method} ${req.originalUrl.slice(0, 200)}: ${err instanceof Error ? err.stack : String(err)}`,
      );
      if (!res.headersSent) res.status(500).json({ error: 'the proxy failed on this request; see its log' });
      else res.destroy();
    });
  });
  app.use((req, res) => {
    res.status(404).json({
      error: `the proxy forwards only /${name}/…, not ${req.path.slice(0, 200)}`,
      api: `/${name}`,
      upstream: upstreamText,
      admin: '/__admin',
    });
  });
  return {
    app,
    journal,
    counts,
    durationOf: (e) => durations.get(e),
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
