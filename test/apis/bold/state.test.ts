/**
 * The demo tenant and the state's rules: the tokens, 20+ devices across models with every
 * feature flag, groups and devices in 29 and 31, a device that is not registered; and the references
 * the schema cannot check (checkBoldState), refused by the admin import with their paths.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBoldState, FEATURES, type BoldState } from '../../../src/apis/bold/state.js';
import { api } from '../../helpers.js';
import { boldServer } from './bold-client.js';

const fixture = (): BoldState =>
  JSON.parse(readFileSync(new URL('../../../fixtures/bold.json', import.meta.url), 'utf8'));

describe('the demo tenant', () => {
  it('is consistent and has what docs/vendors/bold.md promises', () => {
    const state = fixture();
    expect(checkBoldState(state)).toEqual([]);
    expect(state.credentials['demo-bold-admin-token']).toEqual({ user: 'demo-admin', kind: 'token' });
    expect(state.users['demo-admin']).toEqual({ role: 'admin', organizations: [29, 31] });
    expect(state.users['demo-viewer']).toEqual({ role: 'viewer', organizations: [29] });
    const devices = Object.values(state.devices);
    expect(devices.length).toBeGreaterThanOrEqual(20);
    expect(new Set(devices.map((d) => d.deviceModel.name)).size).toBeGreaterThanOrEqual(3);
    for (const d of devices) expect(Object.keys(d.deviceModel.features).sort()).toEqual([...FEATURES].sort());
    expect(devices.filter((d) => !d.registered)).toHaveLength(1);
    for (const org of [29, 31]) {
      expect(devices.some((d) => d.organizationId === org)).toBe(true);
      expect(Object.values(state.groups).some((g) => g.organizationId === org && g.devices.length)).toBe(true);
    }
  });
});

describe('checkBoldState', () => {
  it('names every broken reference by its path', () => {
    const state = fixture();
    state.organizations['40'] = { name: 'Nowhere', timeZone: 'Mars/Olympus' };
    state.users['demo-viewer']!.organizations.push(41);
    state.credentials['ghost-token-1'] = { user: 'ghost', kind: 'token' };
    state.devices['3']!.organizationId = 42;
    state.groups['2']!.devices.push(14, 23, 99);
    state.groups['99'] = { ...state.groups['5']!, organizationId: 43 };
    expect(checkBoldState(state)).toEqual([
      '/nextGroupId: 13 is not above group 99: ids are never issued twice, so the next id must be above every id in /groups (at least 100)',
      '/organizations/40/timeZone: unknown time zone Mars/Olympus',
      '/users/demo-viewer/organizations/1: no organization 41',
      '/credentials/ghost-token-1/user: no user ghost',
      '/devices/3/organizationId: no organization 42',
      '/groups/1/devices/1: device 3 is of organization 42',
      '/groups/2/devices/3: device 14 is of organization 31',
      '/groups/2/devices/4: device 23 is not registered',
      '/groups/2/devices/5: no device 99',
      '/groups/99/organizationId: no organization 43',
    ]);
  });

  it('PUT /__admin/state/bold refuses such a state and keeps the old one, and takes a good one', async () => {
    const server = boldServer();
    const state = fixture();
    state.groups['1']!.devices.push(5);
    const res = await api(server).put('/__admin/state/bold').send(state);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('/groups/1/devices/3: device 5 is of organization 33');
    expect((await api(server).get('/__admin/state/bold')).body.groups['1'].devices).toEqual([1, 3, 4]);
    const good = fixture();
    good.groups['1']!.name = 'Imported';
    expect((await api(server).put('/__admin/state/bold').send(good)).status).toBe(200);
    const list = await api(server).get('/bold/v1/device-groups/1').set('Authorization', 'Bearer demo-bold-admin-token');
    expect(list.body.name).toBe('Imported');
  });
});
