/**
 * `groups-mock contract --replay session.har`: a recorded session (the journal as HAR, or any HAR of
 * the API's traffic) sent again to another server, in order, with what that server issues put in
 * place of what the recording holds — its ids (read by walking each recorded answer beside the new
 * one) and its credentials (the recording's are masked: they come from `--login`/`--auth-header`,
 * and the auth flow's own requests are not repeated). Each answer gets the response checks, and
 * `replay_status_match`: the status the recording had.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/flags.js';
import type { HarEntry } from '../engine/qa/journal/har.js';
import { MASK } from '../engine/qa/journal/masking.js';
import { findApi, type ContractApi } from './api-spec.js';
import { checkResponse, RESPONSE_CHECKS, type CheckName } from './checks.js';
import { toCurl } from './curl.js';
import { joinUrl, send, type WireRequest } from './http.js';
import { loginFor } from './logins/index.js';
import { Results } from './results.js';

export interface ReplayOptions {
  file: string;
  apiName?: string;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs?: number;
  /** Credentials for the new server (asked for once, when the recording holds masked ones). */
  authFor(api: ContractApi): Promise<{ auth: Record<string, string> }>;
  onProgress?(done: number, total: number, label: string, results: Results): void;
}

/** Headers that belong to one connection, not to the request. */
const HOP = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'accept-encoding',
  'te',
  'upgrade',
  'expect',
]);

/** Keys whose values are ids a server issues, for learning what the new server calls the same thing. */
const ID_KEY = /(^id$|_id$|[a-z]Id$|ID$|^uuid$|[a-z]Key$|_key$)/;

function readHar(file: string): HarEntry[] {
  let doc: any;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--replay ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc?.log?.entries)) throw new UsageError(`--replay ${file}: not a HAR file (no log.entries)`);
  return doc.log.entries as HarEntry[];
}

/** The API an entry belongs to: the journal's note, else the URL's first path segment. */
function apiOfEntry(e: HarEntry): string | undefined {
  if (e._groupsMock?.api) return e._groupsMock.api;
  try {
    return new URL(e.request.url).pathname.split('/')[1];
  } catch {
    return undefined;
  }
}

/** What the new server calls each id of the recording, learned as answers come. */
class IdMap {
  readonly map = new Map<string, string>();

  learn(recorded: unknown, fresh: unknown, key = ''): void {
    if (Array.isArray(recorded) && Array.isArray(fresh))
      return recorded.forEach((r, i) => this.learn(r, fresh[i], key));
    if (recorded && fresh && typeof recorded === 'object' && typeof fresh === 'object') {
      for (const [k, v] of Object.entries(recorded))
        if (Object.hasOwn(fresh, k)) this.learn(v, (fresh as Record<string, unknown>)[k], k);
      return;
    }
    const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint';
    if (!ID_KEY.test(key) || !isScalar(recorded) || !isScalar(fresh)) return;
    const from = String(recorded);
    const to = String(fresh);
    if (from !== to && from !== MASK && from.length >= 3) this.map.set(from, to);
  }

  /**
   * An answer that is nothing but a number or a string (Bold's create answers the new id bare) is
   * an id whatever its length; otherwise the answer's fields are learned as above.
   */
  learnAnswer(recorded: unknown, fresh: unknown): void {
    const bare = (v: unknown) =>
      (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint' || (typeof v === 'string' && v !== '');
    if (bare(recorded) && bare(fresh) && typeof recorded === typeof fresh) {
      if (String(recorded) !== String(fresh) && recorded !== MASK) this.map.set(String(recorded), String(fresh));
      return;
    }
    this.learn(recorded, fresh);
  }

  /** A value with recorded ids replaced (whole values, and whole path segments). */
  apply<T>(value: T): T {
    if (!this.map.size) return value;
    if (typeof value === 'string') return (this.map.get(value) ?? value) as T;
    if (typeof value === 'number' || typeof value === 'bigint') {
      const to = this.map.get(String(value));
      return (
        to === undefined
          ? value
          : /^-?\d+$/.test(to)
            ? typeof value === 'bigint' || !Number.isSafeInteger(Number(to))
              ? BigInt(to)
              : Number(to)
            : to
      ) as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.apply(v)) as T;
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.apply(v)])) as T;
    return value;
  }

  applyPath(path: string): string {
    return path
      .split('/')
      .map((seg) => {
        let decoded: string;
        try {
          decoded = decodeURIComponent(seg);
        } catch {
          return seg;
        }
        const to = this.map.get(decoded);
        return to === undefined ? seg : encodeURIComponent(to);
      })
      .join('/');
  }
}

export async function replayHar(
  opts: ReplayOptions,
): Promise<{ api: ContractApi; results: Results; auth: Record<string, string> }> {
  const all = readHar(opts.file);
  const names = [...new Set(all.map(apiOfEntry).filter((n): n is string => !!n))];
  const name = opts.apiName ?? (names.length === 1 ? names[0] : undefined);
  if (!name)
    throw new UsageError(
      `--replay ${opts.file}: holds requests of ${names.join(', ') || 'no API'}; say which with --api`,
    );
  const api = findApi(name);
  if (!api) throw new UsageError(`--replay: unknown api ${JSON.stringify(name)}`);
  const entries = all.filter((e) => apiOfEntry(e) === name);
  const authOps = new Set(loginFor(name)?.authOperations ?? []);
  const needsAuth = entries.some((e) => e.request.headers.some((h) => h.value === MASK));
  const { auth } = needsAuth ? await opts.authFor(api) : { auth: {} as Record<string, string> };
  const results = new Results();
  const ids = new IdMap();
  const checks = new Set<CheckName>(RESPONSE_CHECKS);
  let done = 0;

  for (const e of entries) {
    const op = e._groupsMock?.operationId ?? undefined;
    const url = new URL(e.request.url);
    const recordedPath = e._groupsMock?.path ?? url.pathname.replace(new RegExp(`^/${name}(?=/)`), '');
    const path = ids.applyPath(recordedPath);
    const found = api.spec.find(e.request.method, decodeURIComponent(recordedPath));
    const operation = op ?? found.op?.operationId ?? `${e.request.method} ${recordedPath}`;
    const label = `#${e._groupsMock?.seq ?? done + 1} ${operation}`;
    if (op && authOps.has(op)) {
      results.skipped.push(`${label}: part of the auth flow; the replay logs in instead (--login / --auth-header)`);
      opts.onProgress?.(++done, entries.length, label, results);
      continue;
    }
    if (e.response.status === 0) {
      results.skipped.push(`${label}: the recording has no answer to compare with`);
      opts.onProgress?.(++done, entries.length, label, results);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const h of e.request.headers) {
      const lower = h.name.toLowerCase();
      if (HOP.has(lower)) continue;
      if (h.value === MASK) {
        const fresh = Object.entries(auth).find(([k]) => k.toLowerCase() === lower);
        if (fresh) headers[fresh[0]] = fresh[1];
        continue;
      }
      headers[h.name] = ids.apply(h.value);
    }
    for (const [k, v] of Object.entries(auth))
      if (
        !Object.keys(headers).some((h) => h.toLowerCase() === k.toLowerCase()) &&
        e.request.headers.some((h) => h.name.toLowerCase() === k.toLowerCase())
      )
        headers[k] = v;
    // A header given on the command line replaces the recorded one of that name, whatever its case
    // (`--header 'X-Mock-Namespace: b'` over a recorded `x-mock-namespace: a`), rather than going as a second.
    for (const name of Object.keys(opts.headers))
      for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
    Object.assign(headers, opts.headers);
    const query: Record<string, string[]> = {};
    for (const q of e.request.queryString ?? []) if (q.value !== MASK) (query[q.name] ??= []).push(ids.apply(q.value));
    let body = e.request.postData?.text;
    const type = e.request.postData?.mimeType ?? '';
    if (body !== undefined && (type.includes('json') || /^\s*[[{]/.test(body))) {
      try {
        body = api.codec.stringify(ids.apply(api.codec.parse(body)));
      } catch {
        // not JSON after all: sent as recorded
      }
    } else if (body !== undefined && type.includes('x-www-form-urlencoded')) {
      body = new URLSearchParams([...new URLSearchParams(body)].map(([k, v]) => [k, ids.apply(v)])).toString();
    }
    const request: WireRequest = {
      method: e.request.method,
      url: joinUrl(opts.baseUrl, path, query),
      headers,
      ...(body !== undefined ? { body } : {}),
    };
    const response = await send(request, api.codec, opts.timeoutMs);
    results.requests++;
    const origin = `recorded request ${label} (${e.startedDateTime})`;
    const curl = toCurl(request, Object.keys(auth));
    for (const o of checkResponse(api, found.op, response, checks)) {
      if (o.failure === undefined) results.count(operation, o.check, false);
      else
        results.fail({ operation, check: o.check, message: o.failure, origin, status: response.status, request, curl });
    }
    if (response.status === e.response.status) results.count(operation, 'replay_status_match', false);
    else
      results.fail({
        operation,
        check: 'replay_status_match',
        message: `answered ${response.status || response.error}, the recording ${e.response.status}`,
        origin,
        status: response.status,
        request,
        curl,
      });
    const recordedText = e.response.content?.text;
    if (recordedText !== undefined && response.json !== undefined) {
      try {
        ids.learnAnswer(api.codec.parse(recordedText), response.json);
      } catch {
        // a recorded body that is not JSON teaches nothing
      }
    }
    opts.onProgress?.(++done, entries.length, label, results);
  }
  return { api, results, auth };
}
