/**
 * MDM distribution: apps (with release labels) and profiles associated to and removed from a group,
 * checked against the tenant's catalogue and shown in the summary counts; and `targetgroups`, moving
 * members out of a group into every target group.
 */
import { describe, expect, it } from 'vitest';
import {
  DEVICES,
  ENGINEERING,
  FIELD_TABLETS,
  KIOSKS,
  MDM_GROUP,
  SALES_TEAM,
  USERS,
  client,
  expectError,
  id,
  ids,
  mdmServer,
  membersOf,
  type Client,
} from './mdm-client.js';

const setup = () => client(mdmServer());
const summary = async (http: Client, group: string) =>
  (await http.get(`/groups/${group}?include=summary`)).body.summary;

describe('mdm apps', () => {
  it('associates apps (202, no body) and the summary counts them; re-associating changes the label, not the count', async () => {
    const http = setup();
    const res = await http.post(`/groups/${FIELD_TABLETS}/apps`, {
      app_details: [
        { app_id: 13, release_label_id: 125 },
        { app_id: id('9007199254742001'), release_label_id: id('9007199254742003') },
      ],
      silent_install: true,
    });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect((await summary(http, FIELD_TABLETS)).app_count).toBe(2);
    expect(
      (await http.post(`/groups/${FIELD_TABLETS}/apps`, { app_details: [{ app_id: 13, release_label_id: 126 }] }))
        .status,
    ).toBe(202);
    expect((await summary(http, FIELD_TABLETS)).app_count).toBe(2);
  });

  it('an unknown app or a label of another app is COM0008; nothing is associated', async () => {
    const http = setup();
    expectError(
      await http.post(`/groups/${FIELD_TABLETS}/apps`, {
        app_details: [
          { app_id: 13, release_label_id: 125 },
          { app_id: 99, release_label_id: 1 },
        ],
      }),
      400,
      'COM0008',
      /app_id 99/,
    );
    expectError(
      await http.post(`/groups/${FIELD_TABLETS}/apps`, { app_details: [{ app_id: 12, release_label_id: 125 }] }),
      400,
      'COM0008',
      /release_label_id 125 for app 12/,
    );
    expectError(
      await http.post(`/groups/${FIELD_TABLETS}/apps`, { app_details: [{ app_id: 12 }] }),
      400,
      'COM0005',
      /release_label_id: is required/,
    );
    expectError(await http.post(`/groups/${FIELD_TABLETS}/apps`, { app_details: [] }), 400, 'COM0005', /app_details/);
    expectError(
      await http.post('/groups/5/apps', { app_details: [{ app_id: 12, release_label_id: 123 }] }),
      404,
      'COM0008',
    );
    expect((await summary(http, FIELD_TABLETS)).app_count).toBe(0);
  });

  it('disassociates associated apps; an unknown or unassociated one is COM0008', async () => {
    const http = setup();
    expectError(
      await http.delete(`/groups/${MDM_GROUP}/apps`, { app_ids: [12, 14] }),
      400,
      'COM0008',
      /app_id 14\. The app is not associated/,
    );
    expectError(await http.delete(`/groups/${MDM_GROUP}/apps`, { app_ids: [1000] }), 400, 'COM0008', /No such app/);
    expect((await summary(http, MDM_GROUP)).app_count).toBe(1);
    expect((await http.delete(`/groups/${MDM_GROUP}/apps`, { app_ids: [12] })).status).toBe(202);
    expect((await summary(http, MDM_GROUP)).app_count).toBe(0);
  });
});

describe('mdm profiles', () => {
  it('associates catalogue profiles (once each) and disassociates associated ones', async () => {
    const http = setup();
    expect(
      (await http.post(`/groups/${MDM_GROUP}/profiles`, { profile_ids: [2, 3, id('9007199254743001')] })).status,
    ).toBe(202);
    expect((await summary(http, MDM_GROUP)).profile_count).toBe(4);
    expect(
      (await http.delete(`/groups/${MDM_GROUP}/profiles`, { profile_ids: [1, id('9007199254743001')] })).status,
    ).toBe(202);
    expect((await summary(http, MDM_GROUP)).profile_count).toBe(2);
  });

  it('COM0008 for a profile not in the catalogue, or not associated on removal; nothing changes', async () => {
    const http = setup();
    expectError(
      await http.post(`/groups/${MDM_GROUP}/profiles`, { profile_ids: [3, 77] }),
      400,
      'COM0008',
      /profile_ids 77\. No such profile/,
    );
    expectError(
      await http.delete(`/groups/${MDM_GROUP}/profiles`, { profile_ids: [1, 4] }),
      400,
      'COM0008',
      /profile_ids 4\. Not associated/,
    );
    expectError(
      await http.delete(`/groups/${MDM_GROUP}/profiles`, { profile_ids: [88] }),
      400,
      'COM0008',
      /No such profile/,
    );
    expectError(await http.post(`/groups/${MDM_GROUP}/profiles`, {}), 400, 'COM0005', /profile_ids: is required/);
    expect((await summary(http, MDM_GROUP)).profile_count).toBe(2);
  });
});

describe('mdm move members (targetgroups)', () => {
  it('moves members out of the group into every target and answers {"success": true}', async () => {
    const http = setup();
    const res = await http.put(`/groups/${MDM_GROUP}/targetgroups`, {
      member_ids: ids([DEVICES[0]!, DEVICES[1]!]),
      target_group_ids: ids([FIELD_TABLETS, KIOSKS]),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await membersOf(http, MDM_GROUP)).toEqual([DEVICES[2]]);
    // DEVICES[1] was in Field tablets already: it is there once.
    expect(await membersOf(http, FIELD_TABLETS)).toEqual([
      DEVICES[0],
      DEVICES[1],
      DEVICES[4],
      DEVICES[5],
      DEVICES[13],
      DEVICES[14],
    ]);
    expect(await membersOf(http, KIOSKS)).toEqual(expect.arrayContaining([DEVICES[0], DEVICES[1]]));
  });

  it('user groups move users', async () => {
    const http = setup();
    expect(
      (
        await http.put(`/groups/${SALES_TEAM}/targetgroups`, {
          member_ids: ids([USERS[5]!]),
          target_group_ids: ids([ENGINEERING]),
        })
      ).status,
    ).toBe(200);
    expect(await membersOf(http, SALES_TEAM)).toEqual([USERS[0], USERS[1]]);
    expect(await membersOf(http, ENGINEERING)).toEqual([USERS[2], USERS[5], USERS[6], USERS[7]]);
  });

  it('refuses non-members, unknown targets, targets of another type and the group itself — moving nothing', async () => {
    const http = setup();
    const move = (member_ids: string[], target_group_ids: string[], from = MDM_GROUP) =>
      http.put(`/groups/${from}/targetgroups`, {
        member_ids: ids(member_ids),
        target_group_ids: ids(target_group_ids),
      });
    expectError(await move([DEVICES[0]!, DEVICES[9]!], [FIELD_TABLETS]), 400, 'GRP0002', new RegExp(DEVICES[9]!));
    expectError(await move([DEVICES[0]!], [FIELD_TABLETS, '123']), 400, 'COM0008', /target_group_ids 123/);
    expectError(await move([DEVICES[0]!], [FIELD_TABLETS, SALES_TEAM]), 400, 'COM0015', /is a user group/);
    expectError(await move([DEVICES[0]!], [MDM_GROUP]), 400, 'COM0015', /the group the members leave/);
    expectError(
      await http.put(`/groups/${MDM_GROUP}/targetgroups`, { member_ids: ids([DEVICES[0]!]) }),
      400,
      'COM0005',
      /target_group_ids: is required/,
    );
    expectError(await move([DEVICES[0]!], [FIELD_TABLETS], '31'), 404, 'COM0008');
    expect(await membersOf(http, MDM_GROUP)).toEqual(DEVICES.slice(0, 3));
    expect(await membersOf(http, FIELD_TABLETS)).toHaveLength(5);
  });
});
