/**
 * 64-bit ids end to end: bodies sent as raw JSON text with ids past 2^53 (digits no JS number holds),
 * path ids past 2^53, and answers whose text carries the exact digits — plus what a client that
 * rounds ids with plain `JSON.parse` would see (it names another device and is refused), and the
 * journal keeping the exact digits too.
 */
import { describe, expect, it } from 'vitest';
import { api, harExport } from '../../helpers.js';
import { BASE, KIOSKS, MDM_GROUP, client, expectError, mdmServer } from './mdm-client.js';

/** Past 2^53 = 9007199254740992 and odd: a double cannot hold it (it becomes …1004). */
const BIG_DEVICE = '9007199254741003';

describe('mdm ids past 2^53', () => {
  it('a raw body with such an id is read exactly, and the answer writes it digit for digit', async () => {
    const http = client(mdmServer());
    expect(Number(BIG_DEVICE)).not.toBe(9007199254741003n as unknown as number);
    expect(String(Number(BIG_DEVICE))).toBe('9007199254741004');
    const created = await http.raw('post', '/groups', `{"name":"Exact","group_type":6,"member_ids":[${BIG_DEVICE}]}`);
    expect(created.status, created.text).toBe(200);
    const groupId = /"group_id":(\d+)/.exec(created.text)![1]!;
    expect(BigInt(groupId)).toBeGreaterThan(2n ** 53n);
    // The exact digits, written as a JSON number (not a string).
    const members = await http.get(`/groups/${groupId}/members`);
    expect(members.text).toBe(`{"member_ids":[${BIG_DEVICE}]}`);
    const got = await http.get(`/groups/${groupId}?include=member`);
    expect(got.text).toContain(`"group_id":${groupId},`);
    expect(got.text).toContain(`"member_ids":[${BIG_DEVICE}]`);
    // Neighbours of the id are other ids: …1002 is no device, …1005 is another one.
    expectError(
      await http.raw('post', `/groups/${groupId}/members`, '{"member_ids":[9007199254741002]}'),
      400,
      'COM0008',
      /9007199254741002/,
    );
    const other = await http.raw('post', `/groups/${groupId}/members`, '{"member_ids":[9007199254741005]}');
    expect(other.text).toBe('{"member_ids":[9007199254741003,9007199254741005]}');
  });

  it('path ids past 2^53 (group and member) are exact', async () => {
    const http = client(mdmServer());
    const kiosks = await http.get(`/groups/${KIOSKS}`);
    expect(kiosks.status).toBe(200);
    expect(kiosks.text).toContain(`"group_id":${KIOSKS}`);
    // KIOSKS + 1 rounds to KIOSKS as a double; the mock tells them apart.
    expectError(
      await http.get(`/groups/${BigInt(KIOSKS) + 1n}`),
      404,
      'COM0008',
      new RegExp(String(BigInt(KIOSKS) + 1n)),
    );
    const added = await http.post(`/groups/${MDM_GROUP}/members/${BIG_DEVICE}`);
    expect(added.status).toBe(202);
    expect(added.text).toContain(`,${BIG_DEVICE}]`);
    expect((await http.delete(`/groups/${MDM_GROUP}/members/${BIG_DEVICE}`)).text).not.toContain(BIG_DEVICE);
  });

  it('a client that rounds ids with plain JSON.parse names the wrong device and is caught', async () => {
    const server = mdmServer();
    const http = client(server);
    const listed = await api(server)
      .get(`${BASE}/groups/${KIOSKS}/members`)
      .set('Authorization', 'Zoho-oauthtoken demo-mdm-token');
    const rounded: number[] = JSON.parse(listed.text).member_ids;
    const exact: string[] = /\[(.*)\]/.exec(listed.text)![1]!.split(',');
    expect(rounded.map(String)).not.toEqual(exact);
    // Sending the rounded ids back: they name devices the group does not hold (or none at all).
    const res = await http.raw('delete', `/groups/${KIOSKS}/members`, JSON.stringify({ member_ids: rounded }));
    expect(res.status).toBe(400);
    expect(['GRP0002', 'COM0008']).toContain(res.body.error_code);
    expect(/\[(.*)\]/.exec((await http.get(`/groups/${KIOSKS}/members`)).text)![1]!.split(',')).toEqual(exact);
  });

  it('ids beyond the signed 64-bit range are unknown ids, not failures', async () => {
    const http = client(mdmServer());
    expectError(
      await http.raw('post', `/groups/${MDM_GROUP}/members`, '{"member_ids":[9223372036854775808]}'),
      400,
      'COM0008',
      /9223372036854775808/,
    );
    expectError(await http.get('/groups/99999999999999999999'), 404, 'COM0008');
  });

  it('the journal keeps the exact digits of request and response (as digit strings, the engine’s form)', async () => {
    const server = mdmServer();
    const http = client(server);
    const created = await http.raw('post', '/groups', `{"name":"Journal","group_type":6,"member_ids":[${BIG_DEVICE}]}`);
    const groupId = /"group_id":(\d+)/.exec(created.text)![1]!;
    const journal = await api(server).get('/__admin/requests?api=mdm&operationId=createGroup');
    expect(journal.status).toBe(200);
    const [entry] = journal.body.requests;
    expect(entry.body.member_ids).toEqual([BIG_DEVICE]);
    expect(entry.response.body.group_id).toBe(groupId);
    expect(entry.validation).toMatchObject({ request: { valid: true }, response: { valid: true } });
    // The HAR writes what was on the wire: numbers, digit for digit, not strings.
    const har = await harExport(server);
    const [harEntry] = JSON.parse(har.body as string).log.entries.filter(
      (e: any) => e._groupsMock.operationId === 'createGroup',
    );
    expect(harEntry.request.postData.text).toContain(`"member_ids":[${BIG_DEVICE}]`);
    expect(harEntry.response.content.text).toContain(`"group_id":${groupId}`);
    expect(harEntry.response.content.text).not.toContain(`"group_id":"`);
  });
});
