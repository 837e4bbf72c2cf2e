/**
 * The response half of the proxy's check: the upstream's answer through the contract command's own
 * response checks (src/contract/checks.ts — status documented, content type, body schema, documented
 * headers, no server error), each failure an issue named after its check, so the journal, the
 * violations export and the JUnit report say what `groups-mock contract` would have said.
 */
import type { OperationDoc } from '../../engine/spec/spec-index.js';
import type { ValidationIssue } from '../../engine/types.js';
import type { ContractApi } from '../api-spec.js';
import { checkResponse, RESPONSE_CHECKS, type CheckName } from '../checks.js';
import type { WireResponse } from '../http.js';
import { decodeBody } from './body-bytes.js';

const ALL: ReadonlySet<CheckName> = new Set(RESPONSE_CHECKS);
/** A HEAD answer, or a 304, has no body by definition: only its status and headers are checked. */
const WITHOUT_BODY: ReadonlySet<CheckName> = new Set([
  'not_a_server_error',
  'status_code_conformance',
  'response_headers_conformance',
]);

/** The answer as the contract checks read it: headers lower-cased (repeated ones joined), the body as text and JSON; `readable: false` when its Content-Encoding could not be decoded. */
export function wireResponse(
  api: ContractApi,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bytes: Buffer,
  ms: number,
): WireResponse & { readable: boolean } {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k.toLowerCase()] = [v].flat().join(', ');
  const body = decodeBody(bytes, flat['content-encoding']);
  const text = body ? body.toString('utf8') : '';
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = api.codec.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status, headers: flat, text, json, ms, readable: body !== undefined };
}

/**
 * The failed checks of one answer, as issues (`keyword`: the check's name). `bodyChecked: false`
 * (a body too large to keep, or in an encoding the proxy does not decode) checks status and headers only.
 */
export function responseIssues(
  api: ContractApi,
  op: OperationDoc | undefined,
  res: WireResponse,
  method: string,
  bodyChecked = true,
): ValidationIssue[] {
  const enabled = !bodyChecked || method === 'HEAD' || res.status === 304 ? WITHOUT_BODY : ALL;
  return checkResponse(api, op, res, enabled)
    .filter((o) => o.failure !== undefined)
    .map((o) => ({ in: 'response', path: [], keyword: o.check, message: o.failure!, params: { check: o.check } }));
}
