/**
 * Bold through Prism's proxy: a whole client session — list with search, sort, paging and devices,
 * create, get, update, add and remove devices, delete — and the documented errors (401, 403, 400,
 * 404; Prism answers schema-invalid requests itself with 422, so those are tested without it), with not one violation by Prism's own reading of openapi/bold.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/engine/app.js';
import { ADMIN, API_KEY, DEVICE, VIEWER } from '../apis/bold/bold-client.js';
import { CLOCK_START, moduleNamed } from '../helpers.js';
import { call, refereeFor, type Referee } from './prism-proxy.js';

const bold = moduleNamed('bold');

describe('bold conforms to its spec as Prism reads it', () => {
  let ref: Referee;
  beforeAll(async () => {
    const server = createMockServer({ apis: [bold], seed: 5, clockMode: 'fixed', clockStart: CLOCK_START });
    ref = await refereeFor(server.app, 'bold', bold.specFile);
  });
  afterAll(async () => ref?.stop());

  it('a whole client session, success and error answers alike', async () => {
    const seen: Array<[string, number, string | null]> = [];
    const step = async (
      label: string,
      method: string,
      path: string,
      headers: Record<string, string> = { Authorization: ADMIN },
      body?: unknown,
    ) => {
      const res = await call(ref, method, path, headers, body);
      seen.push([label, res.status, res.violations]);
      return res;
    };
    const G = '/v1/device-groups';
    await step('search', 'GET', `${G}?search=office`);
    await step('page with devices', 'GET', `${G}?offset=0&size=4&includeDevices=true`);
    await step('sorted', 'GET', `${G}?sortBy=name&sortDirection=Desc&organizationId=29`);
    await step('api key', 'GET', G, { Authorization: API_KEY });
    await step('bad token', 'GET', G, { Authorization: 'Bearer nope-nope-nope' });
    await step('other organization', 'GET', `${G}?organizationId=33`);
    const created = await step(
      'create',
      'POST',
      `${G}?organizationId=29`,
      { Authorization: ADMIN },
      { name: 'Office 4', remarks: 'New wing' },
    );
    const g = `${G}/${created.body}`;
    await step('viewer create', 'POST', `${G}?organizationId=29`, { Authorization: VIEWER }, { name: 'Mine' });
    await step('add', 'POST', `${g}/devices/${DEVICE.of29}`);
    await step('add, other account', 'POST', `${g}/devices/${DEVICE.of31}`);
    await step('add, not registered', 'POST', `${g}/devices/${DEVICE.unregistered}`);
    await step('add, no device', 'POST', `${g}/devices/999`);
    await step('get with devices', 'GET', `${g}?includeDevices=true`);
    await step('update', 'PUT', g, { Authorization: ADMIN }, { name: 'Office 4 (north)', location: 'Amsterdam' });
    await step('remove', 'DELETE', `${g}/devices/${DEVICE.of29}`);
    await step('remove again', 'DELETE', `${g}/devices/${DEVICE.of29}`);
    await step('delete', 'DELETE', g);
    await step('get deleted', 'GET', g);
    expect(seen.map(([label, status]) => [label, status])).toEqual([
      ['search', 200],
      ['page with devices', 200],
      ['sorted', 200],
      ['api key', 200],
      ['bad token', 401],
      ['other organization', 403],
      ['create', 200],
      ['viewer create', 403],
      ['add', 200],
      ['add, other account', 400],
      ['add, not registered', 400],
      ['add, no device', 404],
      ['get with devices', 200],
      ['update', 200],
      ['remove', 200],
      ['remove again', 404],
      ['delete', 200],
      ['get deleted', 404],
    ]);
    expect(seen.filter(([, , v]) => v !== null)).toEqual([]);
  });
});
