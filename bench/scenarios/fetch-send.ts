/** The scenarios' `Send` over fetch: a body as JSON or a form, the answer read as text and (when it is) JSON. */
import type { Send } from './types.js';

/** Sends to `base`; with `namespace`, every request carries `X-Mock-Namespace`. */
export function fetchSend(base: string, namespace?: string): Send {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = {
      ...(namespace ? { 'x-mock-namespace': namespace } : {}),
      ...(opts.headers ?? {}),
    };
    let body: string | undefined;
    if (opts.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = opts.form;
    } else if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(base + path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, contentType: res.headers.get('content-type') ?? '' };
  };
}
