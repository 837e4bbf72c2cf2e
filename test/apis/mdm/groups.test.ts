/**
 * MDM groups: create (device 6, user 7, legacy 1), get with `include`, modify (PUT), delete (one and
 * bulk) — each with its documented errors in MDM's envelope, driven as the docs' curl samples do.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  BASE,
  DEVICES,
  ENGINEERING,
  FIELD_TABLETS,
  KIOSKS,
  MDM_GROUP,
  SALES_TEAM,
  USERS,
  client,
  createGroup,
  expectError,
  ids,
  mdmServer,
  membersOf,
} from './mdm-client.js';

const setup = () => {
  const server = mdmServer();
  return { server, http: client(server) };
};

describe('mdm create group', () => {
  it('creates a device group with the documented body and answers the group', async () => {
    const { http } = setup();
    const res = await http.post('/groups', {
      name: 'Warehouse',
      group_type: 6,
      domain: 'ZOHOCORP',
      description: 'Group for MDM',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      group_id: expect.anything(),
      name: 'Warehouse',
      group_type: 6,
      group_category: 1,
      domain: 'ZOHOCORP',
      description: 'Group for MDM',
      member_count: 0,
      created_time: Date.parse('2026-03-01T09:00:00Z'),
    });
    const got = await http.get(`/groups/${res.body.group_id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    // New ids follow the largest so far, which in the demo tenant is past 2^53.
    expect(BigInt(res.body.group_id)).toBeGreaterThan(BigInt(ENGINEERING));
  });

  it('a user group (7) takes users; the legacy type 1 makes a device group', async () => {
    const { http } = setup();
    const users = await http.post('/groups', {
      name: 'Support',
      group_type: 7,
      member_ids: ids([USERS[3]!, USERS[7]!]),
    });
    expect(users.status).toBe(200);
    expect(users.body).toMatchObject({ group_type: 7, member_count: 2 });
    expect(await membersOf(http, String(users.body.group_id))).toEqual([USERS[3], USERS[7]]);
    const legacy = await http.post('/groups', { name: 'Legacy', group_type: 1, member_ids: ids([DEVICES[20]!]) });
    expect(legacy.status).toBe(200);
    expect(legacy.body.group_type).toBe(6);
    expect((await http.get('/groups?group_type=6&search=legacy')).body.groups).toHaveLength(1);
  });

  it('names are unique in the customer, without regard to case (COM0010)', async () => {
    const { http } = setup();
    expectError(await http.post('/groups', { name: 'MDM', group_type: 7 }), 409, 'COM0010', /MDM/);
    expectError(await http.post('/groups', { name: 'sales TEAM', group_type: 7 }), 409, 'COM0010');
    expect((await http.get('/groups')).body.metadata.total_record_count).toBe(5);
  });

  it('a missing name or type, a bad type or a blank name is COM0005 naming the field', async () => {
    const { http } = setup();
    expectError(await http.post('/groups', { group_type: 6 }), 400, 'COM0005', /name: is required/);
    expectError(await http.post('/groups', { name: 'x' }), 400, 'COM0005', /group_type: is required/);
    expectError(
      await http.post('/groups', { name: 'x', group_type: 11 }),
      400,
      'COM0005',
      /group_type: must be one of 6 \(Device Group\), 7 \(User Group\)/,
    );
    expectError(await http.post('/groups', { name: 'x', group_type: '6' }), 400, 'COM0005', /group_type/);
    expectError(
      await http.post('/groups', { name: '   ', group_type: 6 }),
      400,
      'COM0005',
      /name: must contain a character other than white space/,
    );
    expectError(
      await http.post('/groups', { name: 'x', group_type: 6, member_ids: ['12'] }),
      400,
      'COM0005',
      /member_ids\.0/,
    );
  });

  it('no body, an empty one, or one that is not JSON is COM0006', async () => {
    const { server, http } = setup();
    expectError(await http.post('/groups'), 400, 'COM0006');
    expectError(await http.raw('post', '/groups', ''), 400, 'COM0006');
    expectError(await http.raw('post', '/groups', '{"name": "x",'), 400, 'COM0006');
    const form = await api(server)
      .post(`${BASE}/groups`)
      .set('Authorization', 'Zoho-oauthtoken demo-mdm-token')
      .type('form')
      .send('name=x&group_type=6');
    expect(form.status).toBe(415);
    expect(form.body.error_code).toBe('COM0006');
  });

  it('hostile names and keys are data: a group called __proto__, a __proto__ field that smuggles nothing', async () => {
    const { http } = setup();
    const proto = await http.raw(
      'post',
      '/groups',
      `{"name":"__proto__","group_type":6,"__proto__":{"member_ids":[${DEVICES[0]}],"group_type":7}}`,
    );
    expect(proto.status, proto.text).toBe(200);
    expect(proto.body).toMatchObject({ name: '__proto__', group_type: 6, member_count: 0 });
    expect((await http.post('/groups', { name: 'constructor', group_type: 7 })).status).toBe(200);
    expectError(await http.post('/groups', { name: '__PROTO__', group_type: 7 }), 409, 'COM0010');
    expect((await http.get('/groups?search=__proto__')).body.groups).toHaveLength(1);
  });

  it('members must exist and be of the group kind; nothing is created otherwise', async () => {
    const { http } = setup();
    expectError(
      await http.post('/groups', { name: 'Bad', group_type: 6, member_ids: ids([DEVICES[0]!, '424242']) }),
      400,
      'COM0008',
      /424242/,
    );
    expectError(
      await http.post('/groups', { name: 'Bad', group_type: 6, member_ids: ids([USERS[0]!]) }),
      400,
      'COM0015',
      /5001 is a user/,
    );
    expectError(
      await http.post('/groups', { name: 'Bad', group_type: 7, member_ids: ids([DEVICES[0]!]) }),
      400,
      'COM0015',
      /is a device/,
    );
    expect((await http.get('/groups?search=bad')).body.groups).toEqual([]);
  });
});

describe('mdm get group', () => {
  it('include=member, summary, memberdetails', async () => {
    const { http } = setup();
    const plain = await http.get(`/groups/${MDM_GROUP}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({
      group_id: 99731238129,
      name: 'MDM',
      group_type: 6,
      group_category: 1,
      domain: 'ZOHOCORP',
      description: 'Group for MDM',
      member_count: 3,
      created_time: 1769940000000,
    });
    const member = await http.get(`/groups/${MDM_GROUP}?include=member`);
    expect(member.body.member_ids.map(String)).toEqual(DEVICES.slice(0, 3));
    const summary = await http.get(`/groups/${MDM_GROUP}?include=summary`);
    expect(summary.body.summary).toEqual({ member_count: 3, device_count: 3, app_count: 1, profile_count: 2 });
    const details = await http.get(`/groups/${MDM_GROUP}?include=memberdetails`);
    expect(details.body.associated.metadata).toEqual({ total_record_count: 3 });
    expect(details.body.associated.members[0]).toEqual({
      device_id: 987000000654321,
      udid: '00000001-000000000000',
      device_name: "Alice's iPhone 15",
      platform_type: 'iOS',
      platform_type_id: 1,
      model: 'iPhone 15',
      product_name: 'iPhone15,4',
      os_version: '17.4',
      last_contact_time: 1772352000000,
      is_removed: false,
      user: { user_id: 5001, user_name: 'alice' },
    });
  });

  it('a user group: its users, and the summary counts their devices', async () => {
    const { http } = setup();
    const details = await http.get(`/groups/${SALES_TEAM}?include=memberdetails`);
    expect(details.body.associated.members.map((m: { user_name: string }) => m.user_name)).toEqual([
      'alice',
      'bob',
      'frank',
    ]);
    expect(details.body.associated.members[2]).toEqual({
      user_id: 9007199254741101n,
      user_name: 'frank',
      email: 'frank@zylker.com',
      domain_name: 'ZYLKER',
      is_removed: false,
    });
    // alice, bob and frank own 3, 3 and 2 of the 24 demo devices.
    expect((await http.get(`/groups/${SALES_TEAM}?include=summary`)).body.summary).toEqual({
      member_count: 3,
      device_count: 8,
      app_count: 0,
      profile_count: 1,
    });
  });

  it('an unknown include value is COM0008; an unknown group 404 COM0008; a non-numeric id too', async () => {
    const { http } = setup();
    expectError(await http.get(`/groups/${MDM_GROUP}?include=members`), 400, 'COM0008', /include value members/);
    expectError(await http.get('/groups/123'), 404, 'COM0008', /group_id 123/);
    expectError(await http.get('/groups/abc'), 404, 'COM0008', /group_id abc/);
    expectError(await http.get('/groups/0'), 404, 'COM0008');
  });
});

describe('mdm modify group', () => {
  it('changes name and description; member_ids replaces the membership', async () => {
    const { http } = setup();
    const res = await http.put(`/groups/${FIELD_TABLETS}`, { name: 'Field team', description: 'renamed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      group_id: 99731238130,
      name: 'Field team',
      description: 'renamed',
      member_count: 5,
    });
    const replaced = await http.put(`/groups/${FIELD_TABLETS}`, { member_ids: ids([DEVICES[23]!, DEVICES[2]!]) });
    expect(replaced.body.member_count).toBe(2);
    expect(await membersOf(http, FIELD_TABLETS)).toEqual([DEVICES[2], DEVICES[23]]);
    expect((await http.put(`/groups/${FIELD_TABLETS}`, { member_ids: [] })).body.member_count).toBe(0);
    // Renaming to its own name (in another case) is no conflict.
    expect((await http.put(`/groups/${FIELD_TABLETS}`, { name: 'FIELD TEAM' })).status).toBe(200);
  });

  it('refuses a taken name, an empty change, bad members, and unknown groups — changing nothing', async () => {
    const { http } = setup();
    expectError(await http.put(`/groups/${FIELD_TABLETS}`, { name: 'kiosk devices' }), 409, 'COM0010');
    expectError(await http.put(`/groups/${FIELD_TABLETS}`, {}), 400, 'COM0005', /at least one/);
    expectError(
      await http.put(`/groups/${FIELD_TABLETS}`, { name: 'Renamed', member_ids: ids([USERS[1]!]) }),
      400,
      'COM0015',
    );
    expectError(await http.put(`/groups/${FIELD_TABLETS}`, { member_ids: [1] }), 400, 'COM0008');
    expectError(await http.put('/groups/1', { name: 'x' }), 404, 'COM0008');
    expectError(await http.put(`/groups/${FIELD_TABLETS}`, { name: 5 }), 400, 'COM0005', /name: must be string/);
    expect((await http.get(`/groups/${FIELD_TABLETS}`)).body).toMatchObject({ name: 'Field tablets', member_count: 5 });
  });
});

describe('mdm delete group', () => {
  it('answers 204; afterwards the id is COM0008, members and devices stay', async () => {
    const { http } = setup();
    const res = await http.delete(`/groups/${KIOSKS}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectError(await http.get(`/groups/${KIOSKS}`), 404, 'COM0008');
    expectError(await http.delete(`/groups/${KIOSKS}`), 404, 'COM0008');
    expect((await http.get('/groups')).body.metadata.total_record_count).toBe(4);
    // Its devices are still devices: another group can take them.
    expect((await http.post(`/groups/${MDM_GROUP}/members`, { member_ids: ids([DEVICES[15]!]) })).status).toBe(200);
  });

  it('bulk: DELETE /groups with group_ids, all or nothing', async () => {
    const { http } = setup();
    expectError(await http.delete('/groups', { group_ids: ids([MDM_GROUP, '77']) }), 400, 'COM0008', /group_ids 77/);
    expect((await http.get('/groups')).body.metadata.total_record_count).toBe(5);
    expectError(await http.delete('/groups', {}), 400, 'COM0005', /group_ids: is required/);
    expectError(await http.delete('/groups'), 400, 'COM0006');
    const res = await http.delete('/groups', { group_ids: ids([MDM_GROUP, ENGINEERING, MDM_GROUP]) });
    expect(res.status).toBe(204);
    const left = (await http.get('/groups')).body.groups.map((g: { group_id: unknown }) => String(g.group_id));
    expect(left).toEqual([FIELD_TABLETS, SALES_TEAM, KIOSKS]);
  });

  it('a created group can be deleted and its name used again', async () => {
    const { http } = setup();
    const id = await createGroup(http, { name: 'Temp', group_type: 6 });
    expect((await http.delete(`/groups/${id}`)).status).toBe(204);
    expect((await http.post('/groups', { name: 'Temp', group_type: 6 })).status).toBe(200);
  });
});
