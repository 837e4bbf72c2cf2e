/**
 * A message body as bytes, the way a proxy must hold it: exactly what came over the wire (still
 * gzip'd if it was — it is forwarded as sent), at most a limit, and decoded from its
 * Content-Encoding only for the copy that is checked against the spec.
 */
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** The most a compressed body is inflated to for checking. */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;

export class BodyTooLarge extends Error {}
export class BodyAborted extends Error {}

/** The request's body bytes as sent; rejects when past `limit` (the rest is drained) or when the client goes away. */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () =>
      over ? reject(new BodyTooLarge(`the body is over ${limit} bytes`)) : resolve(Buffer.concat(chunks)),
    );
    req.on('aborted', () => reject(new BodyAborted('the client went away while sending the body')));
    req.on('error', (err) => reject(new BodyAborted(err.message)));
  });
}

/** The bytes decoded from their Content-Encoding (identity, gzip, deflate, br); undefined when they cannot be. */
export function decodeBody(bytes: Buffer, encoding: string | undefined): Buffer | undefined {
  // A few KB of gzip can inflate to gigabytes: past this the copy is not checked.
  const limit = { maxOutputLength: MAX_DECODED_BYTES };
  try {
    switch ((encoding ?? 'identity').trim().toLowerCase()) {
      case 'identity':
      case '':
        return bytes;
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(bytes, limit);
      case 'deflate':
        return inflateSync(bytes, limit);
      case 'br':
        return brotliDecompressSync(bytes, limit);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
