/**
 * The tester judges a refusal as `positive_data_acceptance` only when the engine's own request check
 * (checkRequest) takes the request as it was sent: one meaning of "valid for the spec" for the mock,
 * the proxy and the tester.
 */
import { describe, expect, it } from 'vitest';
import { findApi } from '../../src/contract/api-spec.js';
import type { RequestCase } from '../../src/contract/cases.js';
import { specAccepts } from '../../src/contract/spec-accepts.js';

const api = findApi('kazoo')!;
const ACCOUNT = 'de000000000000000000000000000001';
const path = `/v2/accounts/${ACCOUNT}/groups`;
const { op, params } = api.spec.find('GET', path)!;

const listing = (
  query: Record<string, string>,
): [RequestCase, { method: string; url: string; headers: Record<string, string> }] => {
  const c: RequestCase = {
    operationId: op!.operationId,
    method: 'get',
    pathTemplate: '/v2/accounts/{account_id}/groups',
    pathParams: params,
    query,
    headers: {},
    origin: 'example "demo"',
  };
  const url = `http://127.0.0.1:4010/kazoo${path}?${new URLSearchParams(query)}`;
  return [c, { method: 'GET', url, headers: { 'X-Auth-Token': 'x' } }];
};

describe('specAccepts: the request check behind positive_data_acceptance', () => {
  it('takes a listing whose page size is a number', () => {
    const [c, sent] = listing({ page_size: '10' });
    expect(specAccepts(api, op!, c, sent)).toBe(true);
  });

  it('refuses one whose page size is not (a refusal of it is no failure of the server)', () => {
    const [c, sent] = listing({ page_size: 'ten' });
    expect(specAccepts(api, op!, c, sent)).toBe(false);
  });

  it('refuses a JSON body that does not parse, through the one body reader', () => {
    const create = api.spec.find('PUT', path)!;
    const c: RequestCase = {
      operationId: create.op!.operationId,
      method: 'put',
      pathTemplate: '/v2/accounts/{account_id}/groups',
      pathParams: create.params,
      query: {},
      headers: {},
      origin: 'generated #1',
    };
    const sent = {
      method: 'PUT',
      url: `http://127.0.0.1:4010/kazoo${path}`,
      headers: { 'Content-Type': 'application/json' },
    };
    expect(specAccepts(api, create.op!, c, { ...sent, body: '{"data":' })).toBe(false);
    expect(specAccepts(api, create.op!, c, { ...sent, body: '{"data":{"name":"Sales","endpoints":{}}}' })).toBe(true);
  });
});
