/**
 * The status of an engine response (`x-mock-responses`) is the vendor's, read from the spec's
 * `x-mock-status`: ThingSpace answers an unknown path with 400 (the gateway's documented fault),
 * Kazoo with 404. Fault rules answer and refuse by that status.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../helpers.js';

describe('engine responses: the status is per vendor', () => {
  it('ThingSpace: a rule for the whole API answers its unknownPath with 400', async () => {
    const server = testServer();
    const rule = await api(server)
      .post('/__admin/faults')
      .send({
        api: 'thingspace',
        namespace: 'ts',
        times: 1,
        action: { respond: { status: 400, example: 'noMatchingResource' } },
      });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const res = await api(server).get('/thingspace/api/m2m/v1/nowhere').set('X-Mock-Namespace', 'ts');
    expect(res.status).toBe(400);
    expect(res.body.fault.code).toBe('900906');
    expect(server.apis.get('thingspace')!.spec.engineResponses.get('unknownPath')!.mockStatus).toBe(400);
  });

  it('ThingSpace: 404 is refused — it is not a status of its engine responses — listing the real ones', async () => {
    const server = testServer();
    const res = await api(server)
      .post('/__admin/faults')
      .send({ api: 'thingspace', action: { respond: { status: 404 } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/404 is not one/);
    expect(res.body.problems).toContain(
      '400 unknownPath, any operation (x-mock-responses) (examples: noMatchingResource)',
    );
  });

  it('Kazoo: its unknownPath stays 404', async () => {
    const server = testServer();
    expect(
      (
        await api(server)
          .post('/__admin/faults')
          .send({ api: 'kazoo', namespace: 'k', action: { respond: { status: 404 } } })
      ).status,
    ).toBe(201);
    const res = await api(server).get('/kazoo/v2/nowhere').set('X-Mock-Namespace', 'k');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('not_found');
  });
});
