/**
 * Integers past 2^53 in a query or path (issue 21, item 3): the specs give these parameters no
 * maximum unless the vendor documents one, so a page size or an offset past 2^53 answers as the
 * vendor would — 200 with the whole list or an empty page — and a documented maximum is the
 * vendor's 400, also for a numeral too long for a double. Never a 500. (Every integer parameter of
 * every vendor is fuzzed in test/fuzz/request-edges.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { isHugeInteger, readInteger } from '../../../src/engine/spec/huge-integers.js';
import { ADMIN, GROUPS as BOLD_GROUPS } from '../../apis/bold/bold-client.js';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login as kazooLogin } from '../../apis/kazoo/kazoo-client.js';
import { BASE as MDM, TOKEN as MDM_TOKEN } from '../../apis/mdm/mdm-client.js';
import { groupUrl as tsGroupUrl, login as tsLogin } from '../../apis/thingspace/thingspace-client.js';

const TWO_53 = '9007199254740992';
const NINES = '9'.repeat(400);

describe('huge integers: the vendors answer them', () => {
  it('Kazoo listGroups?page_size=2^53 is a 200 with every group (Kazoo documents no maximum)', async () => {
    const server = testServer();
    const token = await kazooLogin(server);
    const all = await api(server).get(`${groupsUrl()}?paginate=false`).set('X-Auth-Token', token);
    for (const size of [TWO_53, '18446744073709551616', NINES]) {
      const res = await api(server).get(`${groupsUrl()}?page_size=${size}`).set('X-Auth-Token', token);
      expect(res.status, size.slice(0, 20)).toBe(200);
      expect(res.body.data).toEqual(all.body.data);
      expect(res.body.next_start_key).toBeUndefined();
    }
  });

  it('MDM listGroups?offset=2^53 is a 200 with an empty page; a limit past its documented 200 is COM0024', async () => {
    const server = testServer();
    const auth = { Authorization: `Zoho-oauthtoken ${MDM_TOKEN}` };
    for (const offset of [TWO_53, NINES]) {
      const res = await api(server).get(`${MDM}/groups?offset=${offset}`).set(auth);
      expect(res.status, offset.slice(0, 20)).toBe(200);
      expect(res.text).toMatch(/"groups":\[\]/);
    }
    for (const limit of [TWO_53, NINES]) {
      const res = await api(server).get(`${MDM}/groups?limit=${limit}`).set(auth);
      expect(res.status, limit.slice(0, 20)).toBe(400);
      expect(res.body).toMatchObject({ error_code: 'COM0024', error_description: 'limit: must be <= 200' });
    }
  });

  it('Bold: size and offset past their documented maximums are the vendor 400, also when a double cannot hold them', async () => {
    const server = testServer();
    for (const [param, max] of [
      ['size', 100],
      ['offset', 1_000_000_000],
    ] as const) {
      for (const value of [TWO_53, NINES]) {
        const res = await api(server).get(`${BOLD_GROUPS}?${param}=${value}`).set('Authorization', ADMIN);
        expect(res.status, `${param}=${value.slice(0, 20)}`).toBe(400);
        expect(res.body.message).toBe(`Invalid request: query parameter ${param} must be at most ${max}`);
      }
    }
  });

  it('ThingSpace ?next= past 2^53 (an int64 device id) is an empty last page; past int64 a field error', async () => {
    const server = testServer();
    const creds = await tsLogin(server);
    const get = (next: string) =>
      api(server)
        .get(`${tsGroupUrl('Fleet West')}?next=${next}`)
        .set('Authorization', `Bearer ${creds.bearer}`)
        .set('VZ-M2M-Token', creds.session);
    const past = await get('9007199254740993');
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ hasMoreData: false, devices: [] });
    for (const next of ['18446744073709551616', NINES]) {
      const res = await get(next);
      expect(res.status, next.slice(0, 20)).toBe(400);
      expect(res.body.errorCode).toBe('UnifiedWebService.INPUT_INVALID.Next');
    }
  });
});

describe('huge integers: how a handler reads them', () => {
  it('an int64 parameter exactly (a bigint past 2^53), any other integer as the nearest finite double', () => {
    expect(readInteger({ format: 'int64' }, '9007199254740993')).toBe(9007199254740993n);
    expect(readInteger({}, '9007199254740993')).toBe(9007199254740992);
    expect(readInteger({}, NINES)).toBe(Number.MAX_VALUE);
    expect(readInteger({}, `-${NINES}`)).toBe(-Number.MAX_VALUE);
    expect(readInteger({ format: 'int64' }, '42')).toBe(42);
    expect(readInteger({}, '1e3')).toBeUndefined();
    expect([TWO_53, NINES, '-9007199254740993'].every(isHugeInteger)).toBe(true);
    expect(['9007199254740991', '1e400', '12.5', 'x'].some(isHugeInteger)).toBe(false);
  });
});
