/**
 * The request check is bounded (issue 21, items 1 and 2): a request refused by authentication pays
 * for looking up its first issue only, never for listing them all; a body that breaks its schema
 * once per value (hundreds of thousands of issues) gets the vendor's 400 or 401 with at most
 * `MAX_ISSUES` issues, never a 500 — and the journal says when a list stopped short.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ISSUES } from '../../../src/engine/types.js';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login as kazooLogin } from '../../apis/kazoo/kazoo-client.js';
import { BASE as MDM, TOKEN as MDM_TOKEN } from '../../apis/mdm/mdm-client.js';

const zeros = (n: number) => `[${'0,'.repeat(n - 1)}0]`;

async function journal(server: ReturnType<typeof testServer>) {
  return (await api(server).get('/__admin/requests')).body.requests as Array<{
    operationId: string;
    response: { status: number };
    validation: { request: { checked: boolean; valid: boolean; issues: unknown[]; incomplete?: boolean } };
  }>;
}

describe('request check: a refused request pays for its first issue only', () => {
  it('ThingSpace: an unauthenticated create with 20,000 bad devices is a 401, journaled with its first issue', async () => {
    const server = testServer();
    const body = `{"accountName":"0000123456-00001","groupName":"g","groupDescription":"d","devicesToAdd":${zeros(20_000)}}`;
    const res = await api(server)
      .post('/thingspace/api/m2m/v1/groups')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(401);
    const [entry] = await journal(server);
    expect(entry!.validation.request).toMatchObject({
      checked: true,
      valid: false,
      incomplete: true,
      issues: [{ in: 'body', path: ['devicesToAdd', '0'], keyword: 'type' }],
    });
  });

  it('a refused request that keeps to the spec is journaled as valid (the cheap check still decides validity)', async () => {
    const server = testServer();
    const res = await api(server).get(`${groupsUrl()}?page_size=2`);
    expect(res.status).toBe(401);
    const [entry] = await journal(server);
    expect(entry!.validation.request).toEqual({ checked: true, valid: true, issues: [] });
  });
});

describe('request check: 150,000 issues', () => {
  it('Plaspy: a 300 KB body of zeros to PATCH /api/groups/grp-123 is the vendor 401, not a 500', async () => {
    const server = testServer();
    const res = await api(server)
      .patch('/plaspy/api/groups/grp-123')
      .set('Content-Type', 'application/json')
      .send(zeros(150_000));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: 'Unauthorized access' });
  });

  it('MDM: a create with 150,000 member ids is the vendor 400 naming the first problem, with a capped issue list', async () => {
    const server = testServer();
    const body = `{"name":"g","group_type":6,"member_ids":${zeros(150_000)}}`;
    const res = await api(server)
      .post(`${MDM}/groups`)
      .set('Authorization', `Zoho-oauthtoken ${MDM_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error_code: 'COM0005' });
    expect(res.body.error_description).toMatch(/^member_ids\.0: /);
    const [entry] = await journal(server);
    expect(entry!.validation.request.valid).toBe(false);
    expect(entry!.validation.request.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
    expect(entry!.validation.request.incomplete).toBe(true);
  });

  it('Kazoo: a create with 150,000 flags is the vendor 401 unauthenticated and its 400 (never an exception text) with a token', async () => {
    const server = testServer();
    const body = `{"data":{"name":"g","endpoints":{},"flags":${zeros(150_000)}}}`;
    const refused = await api(server).put(groupsUrl()).set('Content-Type', 'application/json').send(body);
    expect(refused.status).toBe(401);
    const token = await kazooLogin(server);
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', error: '400' });
    expect(res.text).not.toMatch(/RangeError|call stack/);
  });
});

describe('request check: the issue list is capped', () => {
  it('a small body with more issues than MAX_ISSUES lists MAX_ISSUES of them and says the list is incomplete', async () => {
    const server = testServer();
    const body = `{"name":"g","group_type":6,"member_ids":${zeros(MAX_ISSUES + 50)}}`;
    const res = await api(server)
      .post(`${MDM}/groups`)
      .set('Authorization', `Zoho-oauthtoken ${MDM_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    const [entry] = await journal(server);
    expect(entry!.validation.request.issues).toHaveLength(MAX_ISSUES);
    expect(entry!.validation.request.incomplete).toBe(true);
    // The vendor's message lists what the check listed: bounded too.
    expect(res.body.error_description.split('; ')).toHaveLength(MAX_ISSUES);
  });

  it('a body with a few issues lists every one of them, and the list is complete', async () => {
    const server = testServer();
    const res = await api(server)
      .post(`${MDM}/groups`)
      .set('Authorization', `Zoho-oauthtoken ${MDM_TOKEN}`)
      .send({ name: '', group_type: 2, member_ids: [0] });
    expect(res.status).toBe(400);
    const [entry] = await journal(server);
    expect(entry!.validation.request.issues.length).toBeGreaterThanOrEqual(3);
    expect(entry!.validation.request.incomplete).toBeUndefined();
  });
});
