/**
 * Rendering a documented answer as the spec shows it: a named example (or a body generated from the
 * schema with json-schema-faker, seeded) and the headers the spec documents with their example values.
 * `Prefer` and fault rules both answer this way; the vendor's `examples` then puts an example in the
 * request's own words (`renderExample`).
 */
import type { DocumentedReply } from '../types.js';
import { fakeBody } from './fake-body.js';
import type { SpecDoc } from './load.js';
import type { ResponseDoc } from './spec-index.js';

export interface RenderOptions {
  /** Generate a body from the schema instead of using an example. */
  dynamic?: boolean;
  /** Seed of the generated body. */
  seed: number;
}

/** The response with its example `example` (the first when none is named), or a generated body. */
export async function renderDocumented(
  doc: SpecDoc,
  response: ResponseDoc,
  example: string | undefined,
  opts: RenderOptions,
): Promise<DocumentedReply> {
  const headers: Record<string, string> = {};
  for (const [name, h] of Object.entries(response.headers)) {
    const value = h.example ?? h.schema?.example ?? h.schema?.default;
    if (value !== undefined) headers[name] = String(value);
  }
  const status = Number(response.status) || 200;
  if (!response.schemaPointer) return { status, reply: { status, headers } };
  const name =
    example !== undefined && Object.hasOwn(response.examples, example) ? example : Object.keys(response.examples)[0];
  if (!opts.dynamic && name !== undefined)
    return { status, example: name, reply: { status, headers, body: structuredClone(response.examples[name]) } };
  return { status, reply: { status, headers, body: await fakeBody(doc, response.schemaPointer, opts.seed) } };
}
