/**
 * Stage 2, **read body**: JSON (with the API's codec, so MDM's 64-bit ids stay exact) or a form; at
 * most 1 MB, nested at most 256 levels and holding at most 100,000 objects and arrays (json-syntax.ts). A vendor may read JSON whatever the Content-Type says (Crossbar). Outside any operation
 * the body is read for the journal only and never fails the request. `ex.body` gets the exact value
 * handlers get, `ex.bodyRead` the plain view the request check sees; `req.body` is left undefined.
 */
import express, { type RequestHandler } from 'express';
import { plainJson } from '../../kit/json-codec.js';
import { JSON_TYPE, readAsJsonWarning, readJsonBody } from '../../spec/json-body.js';
import type { Exchange, StageResult } from '../exchange.js';
import { hasBody } from '../../util/has-body.js';
import { BODY_LIMIT, formFields } from '../problems.js';
import { runMiddleware } from '../run-middleware.js';

const JSON_TYPES = ['application/json', 'application/*+json'];
const readJsonText = express.text({ limit: BODY_LIMIT, type: JSON_TYPES });
const readForm = express.urlencoded({ limit: BODY_LIMIT, extended: false });
const readRaw = express.raw({ type: () => true, limit: BODY_LIMIT });

/** The error body-parser gives for JSON that does not parse, so that one path renders both. */
function parseError(text: string, detail?: string): Error {
  return Object.assign(new Error('invalid JSON'), {
    type: 'entity.parse.failed',
    status: 400,
    body: text,
    ...(detail ? { detail } : {}),
  });
}

export async function readBody(ex: Exchange): Promise<StageResult> {
  const { req, res, api } = ex;
  if (!ex.op) {
    await readForJournal(ex);
    return undefined;
  }
  // No body and no Content-Type (a plain GET): nothing below would read or refuse anything.
  if (
    req.headers['content-length'] === undefined &&
    req.headers['transfer-encoding'] === undefined &&
    req.headers['content-type'] === undefined
  ) {
    if (ex.draft) ex.runtime.recorder.noteBody(ex.draft, undefined);
    return undefined;
  }
  const type = req.headers['content-type'];
  // Any type the JSON reader does not take (a form, `application/x-json`, text) is read as JSON, as
  // the vendor does (Crossbar), with a warning: the spec declares JSON. `--strict` follows the spec.
  const jsonWhatever =
    api.module.jsonBodyWhateverContentType && !ex.runtime.strict && hasBody(req.headers) && !JSON_TYPE.test(type ?? '');
  if (jsonWhatever) (ex.requestWarnings ??= []).push(readAsJsonWarning(ex.op.operationId, type));
  let text: string | undefined;
  if (jsonWhatever) {
    // Read as UTF-8 JSON whatever the header says (its charset too), as the vendor reads it.
    const raw = await readWith(readRaw, ex);
    if (Buffer.isBuffer(raw)) text = raw.toString('utf8').replace(/^\uFEFF/, '');
  } else {
    // As body-parser's JSON parser: JSON comes in a Unicode encoding, or it is a media-type problem.
    const charset = /;\s*charset\s*=\s*"?([^";]+)/i.exec(type ?? '')?.[1]?.toLowerCase();
    if (charset && !charset.startsWith('utf-') && JSON_TYPES.some((t) => req.is(t)))
      throw Object.assign(new Error(`unsupported charset ${charset}`), { type: 'charset.unsupported', status: 415 });
    const read = await readWith(readJsonText, ex);
    if (typeof read === 'string') text = read;
  }
  if (text !== undefined) {
    const codec = api.module.json ?? plainJson;
    const read = readJsonBody(text, codec);
    if (read.kind === 'invalid') throw parseError(text, read.detail);
    if (read.kind === 'json') {
      ex.body = read.value;
      ex.bodyRead = {
        value: read.plain,
        mediaType: jsonWhatever ? 'application/json' : mediaTypeOf(type),
        length: text.length,
      };
    }
    // The text, not the value: the handler gets the value and may change it after the journal heard of it.
    if (ex.draft) ex.runtime.recorder.noteJsonBody(ex.draft, text, ex.body, codec.parse);
    return undefined;
  }
  const form = await readWith(readForm, ex);
  ex.body = form;
  if (form === undefined) refuseUnreadable(ex);
  else ex.bodyRead = { value: form, mediaType: mediaTypeOf(type), length: Number(req.headers['content-length']) || 0 };
  if (ex.draft) ex.runtime.recorder.noteBody(ex.draft, ex.body);
  return undefined;
}

/** The media type of a Content-Type (lower case, without parameters). */
function mediaTypeOf(type: string | undefined): string | undefined {
  return type?.split(';')[0]!.trim().toLowerCase() || undefined;
}

/** What one of Express's body readers read (its `req.body`, which is left as it was found: undefined). */
async function readWith(reader: RequestHandler, ex: Exchange): Promise<unknown> {
  ex.req.body = undefined;
  try {
    await runMiddleware(reader, ex.req, ex.res);
    return ex.req.body;
  } finally {
    ex.req.body = undefined;
  }
}

/**
 * A body of a type the engine does not read (`text/plain`, `application/xml`) that the operation does
 * not take either is a media-type problem (415), not a missing body: the client sent something.
 */
function refuseUnreadable(ex: Exchange): void {
  const { req, op } = ex;
  const type = req.headers['content-type'];
  if (!op || !type || !hasBody(req.headers) || op.requestBodies.size === 0) return;
  if (req.is([...op.requestBodies.keys()])) return;
  throw Object.assign(new Error(`unsupported media type ${type.slice(0, 100)}`), { status: 415 });
}

/** JSON and forms are kept, masked; anything else only by its size (it may hold anything). */
async function readForJournal(ex: Exchange): Promise<void> {
  let raw: unknown;
  try {
    raw = await readWith(readRaw, ex);
  } catch {
    return; // the journal's copy only: the request is answered as it would be anyway
  }
  if (!ex.draft || !Buffer.isBuffer(raw) || !raw.length) return;
  const text = raw.toString('utf8');
  const read = readJsonBody(text, plainJson);
  const body =
    read.kind === 'json'
      ? read.value
      : /^application\/x-www-form-urlencoded\b/i.test(ex.req.headers['content-type'] ?? '')
        ? formFields(text)
        : { bytes: raw.length };
  ex.runtime.recorder.noteBody(ex.draft, body);
}
