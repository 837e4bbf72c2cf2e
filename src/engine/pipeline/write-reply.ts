/**
 * Writing a reply whose bytes are final: its headers set one by one, its JSON text ended with
 * `res.end`. Express's `res.set(object)` and `res.type().send(text)` cost about as much as a whole
 * bare Express route (mime look-ups, charset parsing, a freshness check), for bytes the send stage
 * has already validated. What goes on the wire is what they send: `application/json; charset=utf-8`,
 * a Content-Length, the text. Where Express would do more than that — a 204 or 304 (no body), a
 * reply carrying its own ETag or Last-Modified (a conditional GET may become a 304) — Express does it.
 */
import type { Response } from 'express';

/** Sets each header in order, later ones winning (as `res.set` of the merged object would); a Content-Type goes through `res.set` for its charset. */
export function setReplyHeaders(res: Response, ...sets: Array<Record<string, unknown> | undefined>): void {
  for (const set of sets) {
    if (!set) continue;
    for (const name of Object.keys(set)) {
      const value = set[name];
      if (name.toLowerCase() === 'content-type') res.set(name, value as string);
      else res.setHeader(name, Array.isArray(value) ? value.map(String) : String(value));
    }
  }
}

/** Ends the response with this JSON text. */
export function writeJson(res: Response, text: string): void {
  if (res.statusCode === 204 || res.statusCode === 304 || res.hasHeader('etag') || res.hasHeader('last-modified')) {
    return void res.type('application/json').send(text);
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
