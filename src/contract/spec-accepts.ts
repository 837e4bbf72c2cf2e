/**
 * Does the engine's own request check (`checkRequest`, src/engine/spec/check-request.ts) take the
 * request as it was sent? The tester asks before it judges a refusal as `positive_data_acceptance`:
 * the same check the mock and the proxy run, over the same body reader, so "valid for the spec"
 * means one thing everywhere. Credentials are not part of it (the check leaves them to the vendor).
 */
import { checkRequest } from '../engine/spec/check-request.js';
import { readJsonBody } from '../engine/spec/json-body.js';
import type { OperationDoc } from '../engine/spec/spec-index.js';
import type { ContractApi } from './api-spec.js';
import type { RequestCase } from './cases.js';
import type { WireRequest } from './http.js';

const JSON_MEDIA = /^application\/(?:json|[^\s;/]+\+json)$/i;
const FORM_MEDIA = 'application/x-www-form-urlencoded';

/** True when the request as sent fits the operation; false when the check refuses it or its body cannot be read. */
export function specAccepts(api: ContractApi, op: OperationDoc, c: RequestCase, sent: WireRequest): boolean {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(sent.headers)) headers[k.toLowerCase()] = v;
  const mediaType = (headers['content-type'] ?? c.mediaType ?? '').split(';')[0]!.trim().toLowerCase();
  let body: { value: unknown; mediaType?: string; length: number } | undefined;
  if (sent.body !== undefined && sent.body !== '') {
    if (JSON_MEDIA.test(mediaType)) {
      const read = readJsonBody(sent.body, api.codec);
      if (read.kind === 'invalid') return false;
      if (read.kind === 'json') body = { value: read.plain, mediaType, length: sent.body.length };
    } else if (mediaType === FORM_MEDIA) {
      body = { value: Object.fromEntries(new URLSearchParams(sent.body)), mediaType, length: sent.body.length };
    } else {
      body = { value: sent.body, mediaType, length: sent.body.length };
    }
  }
  const result = checkRequest(
    { op, spec: api.spec, schemas: api.schemas },
    {
      method: c.method.toUpperCase(),
      path: new URL(sent.url).pathname,
      params: c.pathParams,
      query: c.query,
      headers,
      ...(body ? { body } : {}),
    },
    { listing: 'first' },
  );
  return result.valid;
}
