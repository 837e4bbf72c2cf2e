/**
 * The one way the contract tools talk to a target: a request as data (so it can be printed as curl,
 * replayed and reported), sent with fetch, and the answer read whole with the API's JSON codec (MDM's
 * ids past 2^53 stay exact). A network failure is an answer too (status 0), never a crash.
 */
import { plainJson } from '../engine/kit/json-codec.js';
import type { JsonCodec } from '../engine/types.js';

export interface WireRequest {
  method: string;
  /** Absolute URL, query included. */
  url: string;
  headers: Record<string, string>;
  /** The body as sent (JSON text, a form), if any. */
  body?: string;
}

export interface WireResponse {
  /** 0 when no HTTP answer came (refused, reset, timed out). */
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body read with the API's codec; undefined when empty or not JSON. */
  json?: unknown;
  /** Why there was no answer, when status is 0. */
  error?: string;
  ms: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** `base` + `path` + `query`, with one slash between base and path. */
export function joinUrl(base: string, path: string, query: Record<string, string | string[]> = {}): string {
  const qs = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => [v].flat().map((x) => [k, x]))).toString();
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
}

export async function send(
  req: WireRequest,
  codec: JsonCodec = plainJson,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<WireResponse> {
  const started = performance.now();
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    let json: unknown;
    if (text.trim() !== '') {
      try {
        json = codec.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, headers, text, json, ms: Math.round(performance.now() - started) };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      headers: {},
      text: '',
      error: cause?.code ?? cause?.message ?? (err as Error).message,
      ms: Math.round(performance.now() - started),
    };
  }
}

/** The media type of a Content-Type header, lowercased, without parameters. */
export const mediaTypeOf = (header: string | undefined): string | undefined =>
  header?.split(';')[0]?.trim().toLowerCase() || undefined;
