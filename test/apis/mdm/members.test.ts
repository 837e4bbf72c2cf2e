/**
 * MDM group members: list (with member details), add many, add one (202), remove one, remove many —
 * membership that must match the group's type, GRP0001 / GRP0002, all-or-nothing requests, and a
 * member in several groups at once.
 */
import { describe, expect, it } from 'vitest';
import {
  DEVICES,
  ENGINEERING,
  FIELD_TABLETS,
  MDM_GROUP,
  SALES_TEAM,
  USERS,
  client,
  expectError,
  ids,
  mdmServer,
  membersOf,
} from './mdm-client.js';

const setup = () => client(mdmServer());

describe('mdm list members', () => {
  it('member_ids smallest first; include=memberdetails adds the devices or users', async () => {
    const http = setup();
    const res = await http.get(`/groups/${FIELD_TABLETS}/members`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ member_ids: ids([DEVICES[1]!, DEVICES[4]!, DEVICES[5]!, DEVICES[13]!, DEVICES[14]!]) });
    const details = await http.get(`/groups/${FIELD_TABLETS}/members?include=memberdetails`);
    expect(details.body.members.map((d: { device_id: unknown }) => String(d.device_id))).toEqual([
      DEVICES[1],
      DEVICES[4],
      DEVICES[5],
      DEVICES[13],
      DEVICES[14],
    ]);
    expect(details.body.members[3]).toMatchObject({
      device_id: 9007199254741003n,
      platform_type: 'android',
      platform_type_id: 2,
      user: { user_id: 5004, user_name: 'dave' },
    });
    const users = await http.get(`/groups/${ENGINEERING}/members?include=memberdetails`);
    expect(users.body.members.map((u: { user_name: string }) => u.user_name)).toEqual(['carol', 'grace', 'heidi']);
  });

  it('unknown include COM0008; unknown group 404 COM0008', async () => {
    const http = setup();
    expectError(await http.get(`/groups/${MDM_GROUP}/members?include=summary`), 400, 'COM0008', /use memberdetails/);
    expectError(await http.get('/groups/42/members'), 404, 'COM0008');
  });
});

describe('mdm add members', () => {
  it('adds devices to a device group and answers every member', async () => {
    const http = setup();
    const res = await http.post(`/groups/${MDM_GROUP}/members`, { member_ids: ids([DEVICES[20]!, DEVICES[9]!]) });
    expect(res.status).toBe(200);
    expect(res.body.member_ids.map(String)).toEqual([...DEVICES.slice(0, 3), DEVICES[9], DEVICES[20]]);
    expect((await http.get(`/groups/${MDM_GROUP}`)).body.member_count).toBe(5);
  });

  it('a member may belong to several groups', async () => {
    const http = setup();
    // DEVICES[1] is in MDM and Field tablets already; add it to a third group.
    const third = await http.post('/groups', { name: 'Third', group_type: 6, member_ids: ids([DEVICES[1]!]) });
    expect(third.status).toBe(200);
    for (const g of [MDM_GROUP, FIELD_TABLETS, String(third.body.group_id)])
      expect(await membersOf(http, g)).toContain(DEVICES[1]);
  });

  it('refuses unknown ids, the other kind, and members already there — adding none of them', async () => {
    const http = setup();
    expectError(
      await http.post(`/groups/${MDM_GROUP}/members`, { member_ids: ids([DEVICES[10]!, '31337']) }),
      400,
      'COM0008',
      /31337.*device/,
    );
    expectError(
      await http.post(`/groups/${MDM_GROUP}/members`, { member_ids: ids([DEVICES[10]!, USERS[2]!]) }),
      400,
      'COM0015',
      /5003 is a user/,
    );
    expectError(
      await http.post(`/groups/${SALES_TEAM}/members`, { member_ids: ids([USERS[4]!, DEVICES[2]!]) }),
      400,
      'COM0015',
      /is a device: a user group/,
    );
    expectError(
      await http.post(`/groups/${SALES_TEAM}/members`, { member_ids: ids([USERS[4]!, USERS[0]!]) }),
      409,
      'GRP0001',
      /5001/,
    );
    expectError(await http.post(`/groups/${SALES_TEAM}/members`, {}), 400, 'COM0005', /member_ids: is required/);
    expectError(await http.post('/groups/777/members', { member_ids: [1] }), 404, 'COM0008');
    expect(await membersOf(http, MDM_GROUP)).toEqual(DEVICES.slice(0, 3));
    expect(await membersOf(http, SALES_TEAM)).toEqual([USERS[0], USERS[1], USERS[5]]);
  });

  it('users go into user groups', async () => {
    const http = setup();
    const res = await http.post(`/groups/${SALES_TEAM}/members`, { member_ids: ids([USERS[9]!, USERS[4]!]) });
    expect(res.status).toBe(200);
    expect(res.body.member_ids.map(String)).toEqual([USERS[0], USERS[1], USERS[4], USERS[5], USERS[9]]);
  });
});

describe('mdm add one member', () => {
  it('answers 202 with every member', async () => {
    const http = setup();
    const res = await http.post(`/groups/${MDM_GROUP}/members/${DEVICES[22]}`);
    expect(res.status).toBe(202);
    expect(res.body.member_ids.map(String)).toEqual([...DEVICES.slice(0, 3), DEVICES[22]]);
  });

  it('404 for an id that is no device or user, COM0015 for the other kind, 409 GRP0001 when there', async () => {
    const http = setup();
    expectError(await http.post(`/groups/${MDM_GROUP}/members/987000000999999`), 404, 'COM0008', /987000000999999/);
    expectError(await http.post(`/groups/${MDM_GROUP}/members/${USERS[6]}`), 400, 'COM0015');
    expectError(await http.post(`/groups/${MDM_GROUP}/members/${DEVICES[0]}`), 409, 'GRP0001');
    expectError(await http.post(`/groups/404/members/${DEVICES[0]}`), 404, 'COM0008', /group_id 404/);
    expectError(await http.post(`/groups/${MDM_GROUP}/members/not-a-number`), 404, 'COM0008');
  });
});

describe('mdm remove members', () => {
  it('one: answers the members left; GRP0002 when it is not in the group', async () => {
    const http = setup();
    const res = await http.delete(`/groups/${MDM_GROUP}/members/${DEVICES[1]}`);
    expect(res.status).toBe(200);
    expect(res.body.member_ids.map(String)).toEqual([DEVICES[0], DEVICES[2]]);
    expectError(
      await http.delete(`/groups/${MDM_GROUP}/members/${DEVICES[1]}`),
      400,
      'GRP0002',
      new RegExp(DEVICES[1]!),
    );
    // Still in the other group it belonged to.
    expect(await membersOf(http, FIELD_TABLETS)).toContain(DEVICES[1]);
  });

  it('many: all must be members, or none is removed', async () => {
    const http = setup();
    expectError(
      await http.delete(`/groups/${FIELD_TABLETS}/members`, { member_ids: ids([DEVICES[4]!, DEVICES[0]!]) }),
      400,
      'GRP0002',
      new RegExp(DEVICES[0]!),
    );
    expect(await membersOf(http, FIELD_TABLETS)).toHaveLength(5);
    const res = await http.delete(`/groups/${FIELD_TABLETS}/members`, { member_ids: ids([DEVICES[4]!, DEVICES[13]!]) });
    expect(res.status).toBe(200);
    expect(res.body.member_ids.map(String)).toEqual([DEVICES[1], DEVICES[5], DEVICES[14]]);
    expectError(await http.delete(`/groups/${FIELD_TABLETS}/members`), 400, 'COM0006');
  });
});
