/**
 * The admin API answers every malformed call with a 4xx and a message, never silence or a 500: a
 * query parameter given twice, a charset or content encoding it cannot read, a path that does not
 * percent-decode.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';

describe('admin: a query parameter given more than once', () => {
  it('is refused with 400 on every admin endpoint, and nothing is done', async () => {
    const server = testServer();
    await api(server).post('/__admin/clock?namespace=a').send({ advance: '1h' });
    const calls: Array<[string, string, string]> = [
      ['post', '/__admin/reset?namespace=a&namespace=b', 'namespace'],
      ['post', '/__admin/reset?api=kazoo&api=thingspace', 'api'],
      ['get', '/__admin/state/kazoo?namespace=a&namespace=b', 'namespace'],
      ['put', '/__admin/state/kazoo?namespace=a&namespace=b', 'namespace'],
      ['get', '/__admin/clock?namespace=a&namespace=b', 'namespace'],
      ['post', '/__admin/clock?namespace=a&namespace=b', 'namespace'],
      ['get', '/__admin/faults?api=kazoo&api=kazoo', 'api'],
      ['delete', '/__admin/faults?namespace=a&namespace=a', 'namespace'],
      ['get', '/__admin/requests?operationId=getGroup&operationId=listGroups', 'operationId'],
      ['get', '/__admin/requests?status=404&status=500', 'status'],
      ['get', '/__admin/requests?limit=1&limit=2', 'limit'],
      ['delete', '/__admin/requests?namespace=a&namespace=b', 'namespace'],
      ['get', '/__admin/requests/violations?format=json&format=junit', 'format'],
    ];
    for (const [method, url, name] of calls) {
      const agent = api(server) as unknown as Record<string, (u: string) => ReturnType<ReturnType<typeof api>['get']>>;
      const res = await agent[method]!(url).send({ advance: '1h' });
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error, `${method} ${url}`).toBe(`${name} given more than once`);
    }
    expect((await api(server).get('/__admin/clock?namespace=a')).body.now).toBe('2026-03-01T10:00:00.000Z');
  });
});

describe('admin: bodies and paths it cannot read', () => {
  it('an unsupported charset → 415, an unknown Content-Encoding → 415, each with the reason', async () => {
    const server = testServer();
    for (const charset of ['latin1', 'utf-bogus']) {
      const res = await api(server)
        .post('/__admin/faults')
        .set('Content-Type', `application/json; charset=${charset}`)
        .send('{}');
      expect(res.status, charset).toBe(415);
      expect(res.body.error).toBe(`unsupported charset "${charset.toUpperCase()}"`);
    }
    const encoding = await api(server)
      .post('/__admin/faults')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'zstd-nope')
      .send('{}');
    expect(encoding.status).toBe(415);
    expect(encoding.body.error).toBe('unsupported content encoding "zstd-nope"');
  });

  it('a path that does not percent-decode → 400', async () => {
    const server = testServer();
    for (const url of ['/__admin/faults/%', '/__admin/state/%E0%A4%A']) {
      const res = await api(server).get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error, url).toMatch(/^the path is not valid percent-encoding/);
    }
  });
});
