/**
 * The MDM demo tenant has what the issue promises, and a state import that breaks MDM's rules
 * (dangling members, members of the wrong kind, an id that is both a device and a user, duplicate
 * names, unknown apps or labels) is refused, naming the place, with the old state kept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkState } from '../../../src/engine/state/state-check.js';
import { api, moduleNamed } from '../../helpers.js';
import { DEVICES, FIELD_TABLETS, KIOSKS, MDM_GROUP, SALES_TEAM, USERS, client, mdmServer } from './mdm-client.js';

const mod = moduleNamed('mdm');
const fixture = () => JSON.parse(readFileSync(mod.fixtureFile, 'utf8'));

describe('mdm demo tenant', () => {
  it('is valid and has the tokens, devices, users, catalogue and groups the docs promise', () => {
    const state = fixture();
    expect(checkState(mod, state)).toEqual([]);
    expect(state.tokens['demo-mdm-token'].scopes).toEqual(['MDMOnDemand.MDMDeviceMgmt.ALL']);
    expect(state.tokens['demo-mdm-readonly'].scopes).toEqual(['MDMOnDemand.MDMDeviceMgmt.READ']);
    const devices = Object.values(state.devices) as Array<{ platform_type: string; user_id: string }>;
    expect(devices.length).toBeGreaterThanOrEqual(20);
    expect(new Set(devices.map((d) => d.platform_type))).toEqual(new Set(['iOS', 'android', 'windows', 'ChromeOS']));
    expect(Object.keys(state.devices)).toEqual(DEVICES);
    expect(Object.keys(state.users)).toEqual(USERS);
    expect(Object.values(state.apps).every((a: any) => Object.keys(a.release_labels).length > 0)).toBe(true);
    expect(Object.keys(state.profiles).length).toBeGreaterThan(0);
    const groups = Object.values(state.groups) as Array<{ group_type: number; members: string[] }>;
    for (const type of [6, 7])
      expect(groups.filter((g) => g.group_type === type && g.members.length > 0).length).toBeGreaterThanOrEqual(2);
    // Ids past 2^53 in every kind of id.
    const big = (k: string) => BigInt(k) > 2n ** 53n;
    for (const map of ['devices', 'users', 'apps', 'profiles', 'groups'])
      expect(Object.keys(state[map]).some(big), map).toBe(true);
  });
});

describe('mdm state import', () => {
  const rejected = async (mutate: (s: any) => void, problem: RegExp) => {
    const server = mdmServer();
    const before = (await api(server).get('/__admin/state/mdm')).body;
    const state = structuredClone(before);
    mutate(state);
    const res = await api(server).put('/__admin/state/mdm').send(state);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/old state is kept/);
    expect(res.body.problems.join('\n')).toMatch(problem);
    expect((await api(server).get('/__admin/state/mdm')).body).toEqual(before);
    expect((await client(server).get('/groups')).status).toBe(200);
  };

  it('rejects a member that does not exist, or is of the other kind', async () => {
    await rejected(
      (s) => s.groups[MDM_GROUP].members.push('4242'),
      new RegExp(`^/groups/${MDM_GROUP}/members/3: no device 4242`, 'm'),
    );
    await rejected(
      (s) => s.groups[SALES_TEAM].members.push(DEVICES[0]),
      new RegExp(`^/groups/${SALES_TEAM}/members/3: no user ${DEVICES[0]}`, 'm'),
    );
  });

  it('rejects an id that is both a device and a user, and a device of an unknown user', async () => {
    await rejected(
      (s) => (s.users[DEVICES[2]!] = { user_name: 'x', domain_name: 'D', is_removed: false }),
      new RegExp(`^/devices/${DEVICES[2]}: ${DEVICES[2]} is also a user id`, 'm'),
    );
    await rejected(
      (s) => (s.devices[DEVICES[2]!].user_id = '77'),
      new RegExp(`^/devices/${DEVICES[2]}/user_id: no user 77`, 'm'),
    );
  });

  it('rejects duplicate names (any case), unknown apps, labels and profiles, and ids that are not ids', async () => {
    await rejected(
      (s) => (s.groups[FIELD_TABLETS].name = 'mdm'),
      /\/name: "mdm" is also the name of group 99731238129/,
    );
    await rejected(
      (s) =>
        s.groups[KIOSKS].apps.push({
          app_id: '999',
          release_label_id: '1',
          silent_install: false,
          notify_user_via_email: false,
        }),
      /apps\/1\/app_id: no app 999/,
    );
    await rejected(
      (s) => (s.groups[KIOSKS].apps[0].release_label_id = '123'),
      /release_label_id: app 14 has no release label 123/,
    );
    await rejected((s) => s.groups[KIOSKS].profile_ids.push('555'), /profile_ids\/1: no profile 555/);
    await rejected((s) => (s.groups.__proto__x = s.groups[KIOSKS]), /groups/);
  });
});
