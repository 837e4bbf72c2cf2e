/**
 * The absolute form of a request target (issue 21, item 4): `GET http://127.0.0.1:4010/mdm/… HTTP/1.1`
 * is what a client sends when it takes the mock for its proxy, and RFC 9112 §3.2.2 says a server
 * must accept it — answered exactly as the origin form, by every API and the admin plane, with the
 * host taken from the target (so the admin plane's host check sees the host the client named).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { listen, type MockServer } from '../../../src/engine/app.js';
import { LOGINS } from '../../fuzz/logins.js';
import { testServer } from '../../helpers.js';
import { DEMO as KAZOO_ACCOUNT } from '../../apis/kazoo/kazoo-client.js';

/** One request as raw as the client sent it: `target` goes on the request line untouched. */
function send(
  port: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: target, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A list read per API: what a client fetches first. */
const READS: Record<string, string> = {
  thingspace: '/thingspace/api/m2m/v1/groups/0000123456-00001',
  plaspy: '/plaspy/api/groups',
  mdm: '/mdm/api/v1/mdm/groups?limit=2',
  kazoo: `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups?page_size=2`,
  bold: '/bold/v1/device-groups?size=2',
};
/** What differs between two answers by design (request ids, nodes, Plaspy's usage counters). */
const stable = (body: string) =>
  body
    .replace(/"(request_id|node|timestamp|requestId)":"[^"]*"/g, '"$1":"…"')
    .replace(/"(apiUsage|apiDailyUsage)":\d+/g, '"$1":0');

describe('absolute-form request targets', () => {
  let server: MockServer;
  let port: number;
  let close: () => void;
  beforeAll(async () => {
    server = testServer();
    const http = await listen(server, 0, '127.0.0.1');
    port = (http.address() as AddressInfo).port;
    close = () => http.close();
  });
  afterAll(() => close());

  it('every API has a read here', () => {
    expect(Object.keys(READS).sort()).toEqual(allApis.map((a) => a.name).sort());
  });

  it.each(allApis.map((a) => a.name))('%s answers GET http://host:port/<api>/… as GET /<api>/…', async (name) => {
    const login = await LOGINS[name]!(server, 'absolute-form');
    const headers = { ...login.headers, 'X-Mock-Namespace': 'absolute-form' };
    const origin = await send(port, READS[name]!, headers);
    expect(origin.status, origin.body).toBe(200);
    const absolute = await send(port, `http://127.0.0.1:${port}${READS[name]}`, headers);
    expect(absolute.status, absolute.body).toBe(200);
    expect(stable(absolute.body)).toBe(stable(origin.body));
  });

  it('the journal records the path, not the absolute URL', async () => {
    await send(port, `http://127.0.0.1:${port}/plaspy/api/groups?x=1`);
    const entries = server.runtime.journal.list();
    expect(entries.at(-1)).toMatchObject({ api: 'plaspy', path: '/api/groups', query: { x: '1' } });
  });

  it('the admin plane answers the absolute form, and takes the host from the target (RFC 9112 §3.2.2)', async () => {
    const health = await send(port, `http://127.0.0.1:${port}/__admin/health`);
    expect(health.status, health.body).toBe(200);
    // The target names another host than Host does: the target's wins, and the admin plane refuses it.
    const elsewhere = await send(port, 'http://attacker.example/__admin/health', { Host: `127.0.0.1:${port}` });
    expect(elsewhere.status).toBe(403);
    expect(JSON.parse(elsewhere.body).error).toContain('attacker.example');
  });

  it('an absolute target outside every API is the engine JSON 404, not a 500', async () => {
    const res = await send(port, `http://127.0.0.1:${port}/nowhere`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'no API at /nowhere' });
  });
});
