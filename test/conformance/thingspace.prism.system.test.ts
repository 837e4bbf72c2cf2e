/**
 * ThingSpace through Prism's proxy: tokens, session, every group and device operation, paging and
 * the documented errors, with not one violation by Prism's own reading of openapi/thingspace.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/engine/app.js';
import { CLOCK_START, moduleNamed } from '../helpers.js';
import { ACCOUNT, OTHER_ACCOUNT, basic } from '../apis/thingspace/thingspace-client.js';
import { refereeFor, type Referee } from './prism-proxy.js';

const thingspace = moduleNamed('thingspace');

describe('thingspace conforms to its spec as Prism reads it', () => {
  let ref: Referee;
  beforeAll(async () => {
    const server = createMockServer({ apis: [thingspace], seed: 3, clockMode: 'fixed', clockStart: CLOCK_START });
    ref = await refereeFor(server.app, 'thingspace', thingspace.specFile);
  });
  afterAll(async () => ref?.stop());

  it('a whole session, success and error answers alike', async () => {
    const seen: Array<[string, number, string | null]> = [];
    const step = async (
      label: string,
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: unknown,
      form?: string,
    ) => {
      const res = await fetch(`${ref.url}${path}`, {
        method,
        headers: {
          ...(form !== undefined
            ? { 'Content-Type': 'application/x-www-form-urlencoded' }
            : body !== undefined
              ? { 'Content-Type': 'application/json' }
              : {}),
          ...headers,
        },
        body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
      });
      const text = await res.text();
      seen.push([label, res.status, res.headers.get('sl-violations')]);
      return { status: res.status, body: text ? JSON.parse(text) : undefined, location: res.headers.get('location') };
    };
    const token = await step(
      'token',
      'POST',
      '/api/ts/v1/oauth2/token',
      { Authorization: basic('demo-app-key', 'demo-app-secret') },
      undefined,
      'grant_type=client_credentials',
    );
    const bearer = { Authorization: `Bearer ${token.body.access_token}` };
    await step('bad login', 'POST', '/api/m2m/v1/session/login', bearer, { username: 'demo-user', password: 'nope' });
    const login = await step('login', 'POST', '/api/m2m/v1/session/login', bearer, {
      username: 'demo-user',
      password: 'demo-password',
    });
    const both = { ...bearer, 'VZ-M2M-Token': login.body.sessionToken as string };
    const g = (name: string) => `/api/m2m/v1/groups/${ACCOUNT}/name/${encodeURIComponent(name)}`;
    await step('list groups', 'GET', `/api/m2m/v1/groups/${ACCOUNT}`, both);
    await step('create', 'POST', '/api/m2m/v1/groups', both, {
      accountName: ACCOUNT,
      groupName: 'Prism',
      groupDescription: 'through the referee',
      devicesToAdd: [{ kind: 'imei', id: '990003420535537' }],
    });
    await step('duplicate', 'POST', '/api/m2m/v1/groups', both, {
      accountName: ACCOUNT,
      groupName: 'Prism',
      groupDescription: 'again',
    });
    const page = await step('info, first page', 'GET', g('Fleet West'), both);
    // The mock's Location is the next page's absolute path on the mock (/thingspace/api/m2m/v1/…), a
    // path the spec defines; the referee serves the API at its root.
    expect(page.location).toMatch(/^\/thingspace\/api\/m2m\/v1\/groups\/[^/?]+\/name\/[^/?]+\?next=\d+$/);
    await step('info, next page', 'GET', page.location!.replace(/^\/thingspace/, ''), both);
    await step('update', 'PUT', g('Prism'), both, { newGroupName: 'Prism 2', newGroupDescription: 'renamed' });
    await step('default group', 'DELETE', g('Unassigned Devices'), both);
    await step('devices', 'POST', '/api/m2m/v1/devices/actions/list', both, {
      accountName: ACCOUNT,
      groupName: 'Prism 2',
    });
    await step('custom fields', 'PUT', '/api/m2m/v1/devices/actions/customFields', both, {
      accountName: ACCOUNT,
      groupName: 'Prism 2',
      customFieldsToUpdate: [{ key: 'CustomField1', value: 'tank-7' }],
    });
    await step('delete', 'DELETE', g('Prism 2'), both);
    await step('deleted', 'GET', g('Prism 2'), both);
    await step('other account', 'GET', `/api/m2m/v1/groups/${OTHER_ACCOUNT}`, both);
    await step('unknown bearer', 'GET', `/api/m2m/v1/groups/${ACCOUNT}`, { ...both, Authorization: 'Bearer nope' });
    await step('logout', 'POST', '/api/m2m/v1/session/logout', both);
    await step('after logout', 'GET', `/api/m2m/v1/groups/${ACCOUNT}`, both);
    expect(seen.map(([label, status]) => [label, status])).toEqual([
      ['token', 200],
      ['bad login', 400],
      ['login', 200],
      ['list groups', 200],
      ['create', 200],
      ['duplicate', 400],
      ['info, first page', 202],
      ['info, next page', 200],
      ['update', 200],
      ['default group', 400],
      ['devices', 200],
      ['custom fields', 200],
      ['delete', 200],
      ['deleted', 400],
      ['other account', 400],
      ['unknown bearer', 401],
      ['logout', 200],
      ['after logout', 400],
    ]);
    expect(seen.filter(([, , v]) => v !== null)).toEqual([]);
  });
});
