/**
 * The one request check over plain records, without a server: what it refuses and in which order,
 * the typed query it gives handlers, its bounds, and that it never changes what it was given.
 */
import { describe, expect, it } from 'vitest';
import { checkRequest, type RequestRecord } from '../../../src/engine/spec/check-request.js';
import { compileSpec } from '../../../src/engine/spec/compiled.js';
import { MAX_ISSUES } from '../../../src/engine/types.js';
import { moduleNamed } from '../../helpers.js';

function operation(api: string, method: string, path: string) {
  const mod = moduleNamed(api);
  const compiled = compileSpec(mod.specFile, mod.name);
  const found = compiled.spec.find(method, path);
  return { target: { op: found.op!, ...compiled }, found };
}

/** Frozen all the way down: a check that wrote into its record would throw. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

const MDM_GROUPS = '/api/v1/mdm/groups';

describe('checkRequest', () => {
  it('types the query (integers, booleans) and leaves the frozen record as it was', () => {
    const { target, found } = operation('bold', 'GET', '/v1/device-groups');
    const record: RequestRecord = frozen({
      method: 'GET',
      path: '/v1/device-groups',
      params: found.params,
      query: { size: '2', includeDevices: 'true', search: 'off*' },
      headers: {},
    });
    const result = checkRequest(target, record);
    expect(result).toMatchObject({ valid: true, issues: [], warnings: [] });
    expect(result.query).toEqual({ size: 2, includeDevices: true, search: 'off*' });
  });

  it('refuses a missing required body before anything else, and a body of another media type as a 415 problem', () => {
    const { target, found } = operation('mdm', 'POST', MDM_GROUPS);
    const base = { method: 'POST', path: MDM_GROUPS, params: found.params, query: { _: '1' }, headers: {} };
    const missing = checkRequest(target, base);
    expect(missing.issues).toEqual([
      { in: 'body', path: [], keyword: 'required', message: 'request body is required', params: {} },
    ]);
    const form = checkRequest(target, {
      ...base,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: { value: { name: 'x' }, mediaType: 'application/x-www-form-urlencoded', length: 6 },
    });
    expect(form.problem).toEqual({ kind: 'unsupportedMediaType', contentType: 'application/x-www-form-urlencoded' });
    expect(form.issues.map((i) => i.keyword)).toEqual(['mediaType']);
  });

  it('names a path parameter that is no valid percent-encoding', () => {
    const { target, found } = operation('mdm', 'GET', `${MDM_GROUPS}/%E0%A4%A`);
    expect(found.undecodable).toEqual(['group_id']);
    const result = checkRequest(target, {
      method: 'GET',
      path: `${MDM_GROUPS}/%E0%A4%A`,
      params: found.params,
      undecodable: found.undecodable,
      query: {},
      headers: {},
    });
    expect(result.issues).toEqual([
      expect.objectContaining({ in: 'path', path: ['group_id'], keyword: 'format', value: '%E0%A4%A' }),
    ]);
  });

  it('lists body issues up to MAX_ISSUES (incomplete past them), or only the first when asked', () => {
    const { target, found } = operation('mdm', 'POST', `${MDM_GROUPS}/1/members`);
    const value = { member_ids: Array.from({ length: 500 }, () => 'not a number') };
    const record = frozen({
      method: 'POST',
      path: `${MDM_GROUPS}/1/members`,
      params: found.params,
      query: {},
      headers: { 'content-type': 'application/json' },
      body: { value, mediaType: 'application/json', length: JSON.stringify(value).length },
    });
    const all = checkRequest(target, record);
    expect(all.valid).toBe(false);
    expect(all.issues).toHaveLength(MAX_ISSUES);
    expect(all.incomplete).toBe(true);
    const first = checkRequest(target, record, { listing: 'first' });
    expect(first.issues).toHaveLength(1);
    expect(first.incomplete).toBe(true);
  });

  it('reads an int64 query value past 2^53 exactly, and refuses one past int64', () => {
    const path = '/api/m2m/v1/groups/acct/name/g1';
    const { target, found } = operation('thingspace', 'GET', path);
    expect(found.op?.parameters.map((p) => p.name)).toContain('next');
    const at = (next: string) =>
      checkRequest(target, { method: 'GET', path, params: found.params, query: { next }, headers: {} });
    expect(at('9007199254740993').query.next).toBe(9007199254740993n);
    expect(at('99999999999999999999').issues).toEqual([
      expect.objectContaining({ in: 'query', path: ['next'], keyword: 'format' }),
    ]);
  });
});
