/**
 * Rights and organizations: a viewer reads and never writes (403 before anything changes), an admin
 * writes in its own organizations only, and nothing of an organization the caller does not belong to
 * is listed, read, changed or joined — 403 "Insufficient rights" each time.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  ADMIN,
  DEVICE,
  GROUPS,
  PARTNER,
  VIEWER,
  as,
  boldError,
  boldServer,
  groupUrl,
  memberUrl,
} from './bold-client.js';

const FORBIDDEN = boldError('InsufficientRights', 'Insufficient rights');

describe('a viewer (read-only in 29)', () => {
  it('lists and reads the groups of 29 only', async () => {
    const server = boldServer();
    const viewer = as(server, VIEWER);
    expect((await viewer.get(GROUPS)).body.map((g: { id: number }) => g.id)).toEqual([1, 2, 3, 10, 11]);
    expect((await viewer.get(groupUrl(1))).status).toBe(200);
    expect((await viewer.get(`${groupUrl(1)}?includeDevices=true`)).body.deviceList).toHaveLength(3);
    expect((await viewer.get(groupUrl(4))).body).toEqual(FORBIDDEN);
    expect((await viewer.get(`${GROUPS}?organizationId=31`)).body).toEqual(FORBIDDEN);
  });

  it('is refused every write, and nothing changes', async () => {
    const server = boldServer();
    const viewer = as(server, VIEWER);
    const before = (await api(server).get('/__admin/state/bold')).body;
    const writes = [
      viewer.post(`${GROUPS}?organizationId=29`).send({ name: 'Mine' }),
      viewer.put(groupUrl(1)).send({ name: 'Renamed' }),
      viewer.delete(groupUrl(1)),
      viewer.post(memberUrl(2, DEVICE.of29)),
      viewer.delete(memberUrl(1, DEVICE.of29)),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    }
    expect((await api(server).get('/__admin/state/bold')).body).toEqual(before);
  });
});

describe('organizations', () => {
  it("an admin cannot touch another organization's groups or devices", async () => {
    const server = boldServer();
    const admin = as(server, ADMIN);
    const before = (await api(server).get('/__admin/state/bold')).body;
    const refused = [
      await admin.get(`${GROUPS}?organizationId=33`),
      await admin.post(`${GROUPS}?organizationId=33`).send({ name: 'Not mine' }),
      await admin.get(groupUrl(8)),
      await admin.put(groupUrl(8)).send({ name: 'x' }),
      await admin.delete(groupUrl(8)),
      await admin.post(memberUrl(8, DEVICE.of33)),
      await admin.delete(memberUrl(8, DEVICE.of33)),
      // Its own group, another organization's device.
      await admin.post(memberUrl(1, DEVICE.of33)),
    ];
    for (const res of refused) expect(res.body).toEqual(FORBIDDEN);
    expect((await api(server).get('/__admin/state/bold')).body).toEqual(before);
    // An organization that does not exist at all is no more the caller's.
    expect((await admin.post(`${GROUPS}?organizationId=77`).send({ name: 'x' })).body).toEqual(FORBIDDEN);
  });

  it('the partner sees only 33, and a device of 31 in a group of 29 is the docs\' "same account" 400', async () => {
    const server = boldServer();
    expect(
      (await as(server, PARTNER).get(`${GROUPS}?includeDevices=true`)).body.map(
        (g: { id: number; deviceList: unknown[] }) => [g.id, g.deviceList.length],
      ),
    ).toEqual([
      [7, 0],
      [8, 1],
      [9, 1],
    ]);
    const res = await as(server, ADMIN).post(memberUrl(1, DEVICE.of31));
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toBe('Group and device do not belong to the same account');
  });

  it("checks in the documented order: unknown group 404 before rights, the group's organization before the device", async () => {
    const server = boldServer();
    const admin = as(server, ADMIN);
    expect((await admin.post(memberUrl(999, DEVICE.of33))).status).toBe(404);
    expect((await admin.post(memberUrl(8, 999))).body).toEqual(FORBIDDEN);
    expect((await admin.post(memberUrl(1, 999))).body).toEqual(boldError('DeviceNotFound', 'Device not found'));
    // Credentials come first of all.
    expect((await api(server).post(memberUrl(999, 999))).status).toBe(401);
  });
});
