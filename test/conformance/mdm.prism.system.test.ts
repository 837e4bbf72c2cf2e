/**
 * ManageEngine MDM through Prism's proxy: a whole client session — every operation, paging with a
 * skip-token, scopes and the documented errors — with not one violation by Prism's own reading of
 * openapi/mdm.yaml. Prism itself re-serialises request and response bodies with JS numbers, so it
 * rounds ids past 2^53 in bodies (it is a client with exactly the bug the mock catches: a member id
 * of 9007199254741003 arrives as …1004 and is refused). Through the referee, ids past 2^53 therefore
 * go in paths only (groups, members); bodies use the demo tenant's safe ids. The exact round trip of
 * body ids is test/apis/mdm/int64.test.ts. Requests that break the spec are left out: Prism answers them
 * itself (422) before the mock sees them; test/apis/mdm/* covers MDM's answers to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/engine/app.js';
import { CLOCK_START, api, moduleNamed } from '../helpers.js';
import { DEVICES, FIELD_TABLETS, KIOSKS, MDM_GROUP, SALES_TEAM, USERS, readJson } from '../apis/mdm/mdm-client.js';
import { refereeFor, type Referee } from './prism-proxy.js';

const mdm = moduleNamed('mdm');

describe('mdm conforms to its spec as Prism reads it', () => {
  let ref: Referee;
  let server: ReturnType<typeof createMockServer>;
  beforeAll(async () => {
    server = createMockServer({ apis: [mdm], seed: 5, clockMode: 'fixed', clockStart: CLOCK_START });
    ref = await refereeFor(server.app, 'mdm', mdm.specFile);
  });
  afterAll(async () => ref?.stop());

  it('a whole session, success and error answers alike', async () => {
    const seen: Array<[string, number, string | null]> = [];
    const step = async (label: string, method: string, path: string, body?: string, token = 'demo-mdm-token') => {
      const res = await fetch(`${ref.url}/api/v1/mdm${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Zoho-oauthtoken ${token}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body,
      });
      const text = await res.text();
      seen.push([label, res.status, res.headers.get('sl-violations')]);
      return { status: res.status, text, body: readJson(text) };
    };
    await step('list', 'GET', '/groups?limit=2&group_type=6,7');
    const page = await step('list page 1', 'GET', '/groups?limit=3');
    const next = new URL(page.body.paging.next);
    await step('list next page', 'GET', `/groups${next.search}`);
    await step('bad skip-token', 'GET', '/groups?skip-token=nope');
    const created = await step(
      'create',
      'POST',
      '/groups',
      `{"name":"Prism","group_type":6,"description":"through the referee","member_ids":[${DEVICES[2]}]}`,
    );
    expect(created.status).toBe(200);
    // The id from the mock's own state: Prism re-serialises bodies with JS numbers (see above).
    const state = (await api(server).get('/__admin/state/mdm')).body;
    const g = Object.keys(state.groups).find((k) => state.groups[k].name === 'Prism')!;
    expect(BigInt(g)).toBeGreaterThan(2n ** 53n);
    await step('duplicate', 'POST', '/groups', '{"name":"prism","group_type":6}');
    await step('get', 'GET', `/groups/${g}`);
    await step('get kiosks', 'GET', `/groups/${KIOSKS}?include=member`);
    await step('get summary', 'GET', `/groups/${MDM_GROUP}?include=summary`);
    await step('get member', 'GET', `/groups/${g}?include=member`);
    await step('get memberdetails', 'GET', `/groups/${SALES_TEAM}?include=memberdetails`);
    await step('unknown group', 'GET', '/groups/1234');
    await step('modify', 'PUT', `/groups/${g}`, `{"name":"Prism 2","member_ids":[${DEVICES[2]},${DEVICES[5]}]}`);
    await step('members', 'GET', `/groups/${g}/members?include=memberdetails`);
    await step('add members', 'POST', `/groups/${g}/members`, `{"member_ids":[${DEVICES[7]}]}`);
    await step('already member', 'POST', `/groups/${g}/members`, `{"member_ids":[${DEVICES[7]}]}`);
    await step('wrong kind', 'POST', `/groups/${g}/members`, `{"member_ids":[${USERS[0]}]}`);
    await step('add one', 'POST', `/groups/${g}/members/${DEVICES[19]}`);
    await step('remove one', 'DELETE', `/groups/${g}/members/${DEVICES[19]}`);
    await step('not member', 'DELETE', `/groups/${g}/members/${DEVICES[19]}`);
    await step('remove many', 'DELETE', `/groups/${g}/members`, `{"member_ids":[${DEVICES[7]}]}`);
    await step(
      'apps',
      'POST',
      `/groups/${g}/apps`,
      '{"app_details":[{"app_id":13,"release_label_id":125}],"silent_install":true,"notify_user_via_email":false}',
    );
    await step('unknown app', 'POST', `/groups/${g}/apps`, '{"app_details":[{"app_id":1,"release_label_id":1}]}');
    await step('apps off', 'DELETE', `/groups/${g}/apps`, '{"app_ids":[13]}');
    await step('profiles', 'POST', `/groups/${g}/profiles`, '{"profile_ids":[1,2]}');
    await step('profiles off', 'DELETE', `/groups/${g}/profiles`, '{"profile_ids":[1]}');
    await step(
      'move',
      'PUT',
      `/groups/${g}/targetgroups`,
      `{"member_ids":[${DEVICES[2]}],"target_group_ids":[${FIELD_TABLETS},${MDM_GROUP}]}`,
    );
    await step(
      'move to user group',
      'PUT',
      `/groups/${g}/targetgroups`,
      `{"member_ids":[${DEVICES[5]}],"target_group_ids":[${SALES_TEAM}]}`,
    );
    await step('read-only token', 'DELETE', `/groups/${g}`, undefined, 'demo-mdm-readonly');
    await step('unknown token', 'GET', '/groups', undefined, 'nope');
    await step('delete', 'DELETE', `/groups/${g}`);
    await step('deleted', 'GET', `/groups/${g}`);
    await step('bulk delete', 'DELETE', '/groups', `{"group_ids":[${FIELD_TABLETS}]}`);
    expect(seen.map(([label, status]) => [label, status])).toEqual([
      ['list', 200],
      ['list page 1', 200],
      ['list next page', 200],
      ['bad skip-token', 400],
      ['create', 200],
      ['duplicate', 409],
      ['get', 200],
      ['get kiosks', 200],
      ['get summary', 200],
      ['get member', 200],
      ['get memberdetails', 200],
      ['unknown group', 404],
      ['modify', 200],
      ['members', 200],
      ['add members', 200],
      ['already member', 409],
      ['wrong kind', 400],
      ['add one', 202],
      ['remove one', 200],
      ['not member', 400],
      ['remove many', 200],
      ['apps', 202],
      ['unknown app', 400],
      ['apps off', 202],
      ['profiles', 202],
      ['profiles off', 202],
      ['move', 200],
      ['move to user group', 400],
      ['read-only token', 403],
      ['unknown token', 401],
      ['delete', 204],
      ['deleted', 404],
      ['bulk delete', 204],
    ]);
    expect(seen.filter(([, , v]) => v !== null)).toEqual([]);
  });
});
