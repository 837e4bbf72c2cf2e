/**
 * Plaspy through Prism's proxy: the token, every group operation, JSON Patch, the usage counters,
 * the daily limit's 429 and the documented errors, with not one violation by Prism's own reading of
 * openapi/plaspy.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/engine/app.js';
import { CLOCK_START, moduleNamed } from '../helpers.js';
import { DEMO, OTHER, QUOTA } from '../apis/plaspy/plaspy-client.js';
import { call, refereeFor, type Referee } from './prism-proxy.js';

const plaspy = moduleNamed('plaspy');

describe('plaspy conforms to its spec as Prism reads it', () => {
  let ref: Referee;
  beforeAll(async () => {
    const server = createMockServer({ apis: [plaspy], seed: 5, clockMode: 'fixed', clockStart: CLOCK_START });
    ref = await refereeFor(server.app, 'plaspy', plaspy.specFile);
  });
  afterAll(async () => ref?.stop());

  it('a whole client session, success and error answers alike', async () => {
    const seen: Array<[string, number, string | null]> = [];
    const step = async (
      label: string,
      method: string,
      path: string,
      headers: Record<string, string> = {},
      body?: unknown,
    ) => {
      const res = await call(ref, method, path, headers, body);
      seen.push([label, res.status, res.violations]);
      return res;
    };
    await step('wrong pair', 'POST', '/api/Auth/Token', {}, { ...DEMO, apiKey: 'nope' });
    const token = await step('token', 'POST', '/api/Auth/Token', {}, DEMO);
    const bearer = { Authorization: `Bearer ${token.body.token}` };
    // (Prism answers a request without any credentials itself, so the referee gets a bad one.)
    const noToken = await step('bad token', 'GET', '/api/groups', { Authorization: 'Bearer not.a.token' });
    await step('list', 'GET', '/api/groups', bearer);
    const created = await step('create', 'POST', '/api/groups', bearer, {
      name: 'New Group',
      description: 'Description of the new group',
      devices: ['dev-456', 'dev-789'],
    });
    const g = `/api/groups/${created.body.id}`;
    await step('create, foreign device', 'POST', '/api/groups', bearer, { name: 'Mixed', devices: ['dev-901'] });
    await step('get', 'GET', g, bearer);
    await step('replace', 'PUT', g, bearer, { name: 'Updated Group', devices: ['dev-123', 'dev-456'] });
    await step('patch', 'PATCH', g, bearer, [
      { op: 'replace', path: '/name', value: 'Updated Name' },
      { op: 'add', path: '/devices/-', value: 'dev-789' },
    ]);
    await step('patch, failed test', 'PATCH', g, bearer, [{ op: 'test', path: '/name', value: 'Something else' }]);
    await step("other user's group", 'GET', '/api/groups/grp-122', bearer);
    await step('delete', 'DELETE', g, bearer);
    await step('deleted', 'DELETE', g, bearer);
    const other = await step('other token', 'POST', '/api/Auth/Token', {}, OTHER);
    await step('other list', 'GET', '/api/groups', { Authorization: `Bearer ${other.body.token}` });
    const quota = await step('quota token', 'POST', '/api/Auth/Token', {}, QUOTA);
    const q = { Authorization: `Bearer ${quota.body.token}` };
    for (let i = 1; i <= 5; i++) await step(`quota call ${i}`, 'GET', '/api/groups', q);
    const limited = await step('quota used up', 'GET', '/api/groups', q);
    await step('quota used up, get', 'GET', '/api/groups/grp-123', q);
    expect(seen.map(([label, status]) => [label, status])).toEqual([
      ['wrong pair', 401],
      ['token', 200],
      ['bad token', 401],
      ['list', 200],
      ['create', 201],
      ['create, foreign device', 400],
      ['get', 200],
      ['replace', 200],
      ['patch', 200],
      ['patch, failed test', 400],
      ["other user's group", 404],
      ['delete', 200],
      ['deleted', 404],
      ['other token', 200],
      ['other list', 200],
      ['quota token', 200],
      ['quota call 1', 200],
      ['quota call 2', 200],
      ['quota call 3', 200],
      ['quota call 4', 200],
      ['quota call 5', 200],
      ['quota used up', 429],
      ['quota used up, get', 429],
    ]);
    // Plaspy's body, from the mock (not one Prism made up).
    expect(noToken.body).toEqual({ success: false, error: 'Unauthorized access', groups: null });
    expect(limited.body).toMatchObject({ success: false, apiUsage: 5, apiDailyUsage: 5, groups: null });
    expect(seen.filter(([, , v]) => v !== null)).toEqual([]);
  });
});
