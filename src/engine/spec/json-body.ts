/**
 * The one JSON body reader: body text as the API reads it (its JSON codec, so MDM's 64-bit ids stay
 * exact), within the engine's limits on a body's shape (json-syntax.ts), checked before the parse
 * they protect. The mock's read-body stage and the validating proxy both read with it.
 */
import type { JsonCodec, ValidationIssue } from '../types.js';
import { describeJsonError, jsonShapeProblem } from '../util/json-syntax.js';

/** What a JSON body reads as: nothing (no text, or only white space), its value, or why it does not parse. */
export type JsonBodyRead =
  | { kind: 'none' }
  | {
      kind: 'json';
      /** As handlers get it (the codec's value: bigints past 2^53 with the lossless codec). */
      value: unknown;
      /** As validators see it (`codec.toPlain(value)`). */
      plain: unknown;
    }
  | { kind: 'invalid'; detail: string };

export function readJsonBody(text: string, codec: JsonCodec): JsonBodyRead {
  // Zero bytes (or only white space) are no body at all, not an empty object: a required body is missing.
  if (text.trim() === '') return { kind: 'none' };
  // Nested deeper, or holding more objects and arrays, than any document: refused before anything walks it.
  const shape = jsonShapeProblem(text);
  if (shape) return { kind: 'invalid', detail: shape.detail };
  let value: unknown;
  try {
    value = codec.parse(text);
  } catch {
    // Never the parser's message: V8's quotes the text around the error, credentials included.
    return { kind: 'invalid', detail: describeJsonError(text) };
  }
  // Like body-parser's strict mode: a JSON body is an object or an array.
  if (value === null || typeof value !== 'object') return { kind: 'invalid', detail: describeJsonError(text) };
  return { kind: 'json', value, plain: codec.toPlain(value) };
}

/** A JSON Content-Type (`application/json`, `application/*+json`, with its parameters). */
export const JSON_TYPE = /^\s*application\/(?:json|[^\s;/]+\+json)\s*(?:;|$)/i;

/** The journal's warning for a body of an undeclared type read as JSON (the type as sent, bounded). */
export function readAsJsonWarning(operationId: string, type: string | undefined): ValidationIssue {
  const sent = type === undefined ? '(none)' : type.length > 100 ? `${type.slice(0, 100)}…` : type;
  return {
    in: 'header',
    path: ['content-type'],
    keyword: 'mediaType',
    message: `the body's type is not one ${operationId} declares: read as JSON, as the API does (--strict refuses it)`,
    params: {},
    value: sent,
  };
}
