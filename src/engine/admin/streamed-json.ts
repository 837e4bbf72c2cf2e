/**
 * The body of `PUT /__admin/state/<api>` read as it arrives (util/json-stream.ts): a 40 MB state is
 * parsed piece by piece, so its text and its parse never coexist in memory (with express.json the
 * buffer, its string and the parse were all alive at once, and the process kept their pages).
 *
 * Only a plain body is read this way — `application/json`, UTF-8 or no charset, no content encoding
 * — and every refusal is the one express.json gives through the admin errors (middleware.ts): 413
 * past the limit, 400 for an aborted or short body, the depth refusal before any syntax error, a
 * syntax error at the same position. Anything else (a charset, a compressed body, another type, no
 * body) goes to express.json as before.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { StringDecoder } from 'node:string_decoder';
import { JsonStreamReader } from '../util/json-stream.js';

const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*(?:utf-8|"utf-8")\s*)?$/i;

/** An error as body-parser makes them: the admin errors read `status`, `type` and `message`. */
const bodyError = (status: number, type: string, message: string) =>
  Object.assign(new Error(message), { status, statusCode: status, expose: true, type });

/** Whether the request is one the streamed reader takes (else express.json does). */
function streamable(req: Request): boolean {
  const type = req.headers['content-type'];
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const hasBody = req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
  return hasBody && encoding === 'identity' && type !== undefined && PLAIN_JSON.test(type.trim());
}

/**
 * Reads `req.body` of a plain JSON request piece by piece (at most `limit` bytes); other requests
 * go to `fallback` (the admin plane's express.json).
 */
export function streamedJson(limit: number, fallback: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!streamable(req)) return fallback(req, res, next);
    const declared = req.headers['content-length'];
    const length = declared === undefined ? undefined : Number(declared);
    let reader: JsonStreamReader | undefined;
    // A refusal: the rest of the body read off first, as body-parser does.
    const refuse = (err: Error) => {
      reader = undefined;
      let told = false;
      const tell = () => {
        if (told) return;
        told = true;
        next(err);
      };
      req.resume();
      if (req.complete || req.destroyed) return tell();
      req.once('end', tell);
      req.once('close', tell);
    };
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      if (err) refuse(err);
      else next();
    };
    if (length !== undefined && length > limit)
      return finish(bodyError(413, 'entity.too.large', 'request entity too large'));
    const decoder = new StringDecoder('utf8');
    let first = true;
    let received = 0;
    let decoded = 0;
    const feed = (text: string) => {
      if (first && text.length > 0) {
        first = false;
        // The decoder of express.json (iconv-lite) drops a byte order mark; its depth check, which reads bytes, counts it.
        const bom = text.charCodeAt(0) === 0xfeff;
        reader = new JsonStreamReader({ depthOffsetShift: bom ? 1 : 0 });
        if (bom) text = text.slice(1);
      }
      decoded += text.length;
      if (text.length) reader!.write(text);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      received += chunk.length;
      if (received > limit) return finish(bodyError(413, 'entity.too.large', 'request entity too large'));
      feed(decoder.write(chunk));
    });
    req.once('aborted', () => finish(bodyError(400, 'request.aborted', 'request aborted')));
    req.once('error', (err) => finish(Object.assign(err, { status: 400 })));
    req.once('end', () => {
      if (done) return;
      if (length !== undefined && received !== length)
        return finish(bodyError(400, 'request.size.invalid', 'request size did not match content length'));
      feed(decoder.end());
      // An empty body is `{}`, as express.json takes it.
      if (decoded === 0 || !reader) {
        req.body = {};
        return finish();
      }
      const result = reader.end();
      reader = undefined;
      if (result.ok) {
        req.body = result.value;
        return finish();
      }
      finish(
        result.kind === 'depth'
          ? bodyError(400, 'entity.too.deep', `the body is ${result.message}`)
          : bodyError(400, 'entity.parse.streamed', `the body is not valid JSON: ${result.message}`),
      );
    });
  };
}
