/**
 * The web console's server side (issue 25), in process: the live journal (server-sent events,
 * namespace-scoped, catching up from a seq, gone with the connection), the files at /__ui under the
 * admin plane's Host and cross-site checks (no token needed for files; the admin calls keep needing
 * it), `GET /` and `GET /__admin` linking the console, and the export of picked entries.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleRouter } from '../../src/engine/admin/console-files.js';
import { api, moduleNamed, testServer } from '../helpers.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function listening(opts = {}) {
  const mock = testServer({ apis: [moduleNamed('kazoo')], ...opts });
  const http = mock.app.listen(0, '127.0.0.1');
  servers.push(http);
  await new Promise((r) => http.once('listening', r));
  return { mock, base: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

/** Reads server-sent events from a streaming fetch until `until` says enough. */
async function readEvents(
  res: Response,
  until: (events: Array<{ event: string; data: any }>) => boolean,
): Promise<Array<{ event: string; data: any }>> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ event: string; data: any }> = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

describe('GET /__admin/requests/live', () => {
  it("streams the namespace's new entries as they are recorded, and only that namespace's", async () => {
    const { mock, base } = await listening();
    const abort = new AbortController();
    const res = await fetch(`${base}/__admin/requests/live?namespace=qa-1`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(mock.journal.watching).toBe(1);
    await fetch(`${base}/kazoo/v2/nowhere`, { headers: { 'X-Mock-Namespace': 'other' } });
    await fetch(`${base}/kazoo/v2/nowhere-qa`, { headers: { 'X-Mock-Namespace': 'qa-1' } });
    const events = await readEvents(res, (e) => e.some((x) => x.event === 'entry'));
    abort.abort();
    expect(events[0]).toEqual({ event: 'ready', data: { namespace: 'qa-1' } });
    const entries = events.filter((e) => e.event === 'entry').map((e) => e.data);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ namespace: 'qa-1', method: 'GET', url: '/kazoo/v2/nowhere-qa' });
    expect(entries[0].response.status).toBe(404);
  });

  it('catches up from ?after= first (what was kept after that seq), then goes on live', async () => {
    const { base } = await listening();
    for (const p of ['a', 'b', 'c']) await fetch(`${base}/kazoo/v2/${p}`);
    const first = (await (await fetch(`${base}/__admin/requests`)).json()).requests[0].seq;
    const abort = new AbortController();
    const res = await fetch(`${base}/__admin/requests/live?after=${first}`, { signal: abort.signal });
    const pending = readEvents(res, (e) => e.filter((x) => x.event === 'entry').length >= 3);
    await fetch(`${base}/kazoo/v2/d`);
    const urls = (await pending).filter((e) => e.event === 'entry').map((e) => e.data.url);
    abort.abort();
    expect(urls).toEqual(['/kazoo/v2/b', '/kazoo/v2/c', '/kazoo/v2/d']);
  });

  it('lets its journal watcher go when the client disconnects', async () => {
    const { mock, base } = await listening();
    const abort = new AbortController();
    const res = await fetch(`${base}/__admin/requests/live`, { signal: abort.signal });
    await readEvents(res, (e) => e.length > 0);
    expect(mock.journal.watching).toBe(1);
    abort.abort();
    for (let i = 0; i < 200 && mock.journal.watching > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(mock.journal.watching).toBe(0);
  });

  it('is guarded and checked like every admin call: the token, a bad namespace or after', async () => {
    const guarded = testServer({ apis: [moduleNamed('kazoo')], admin: { token: 'a-token-of-12-chars' } });
    expect((await api(guarded).get('/__admin/requests/live')).status).toBe(401);
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    const bad = await api(server).get('/__admin/requests/live?namespace=%21');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('?namespace=');
    const after = await api(server).get('/__admin/requests/live?after=-1');
    expect(after.status).toBe(400);
    expect(after.body.error).toContain('after');
    expect(server.journal.watching).toBe(0);
  });
});

describe('/__ui', () => {
  it('serves the built console: its page, script and stylesheet, and Swagger UI from swagger-ui-dist', async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    const page = await api(server).get('/__ui/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('/__ui/app.js');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    const script = await api(server).get('/__ui/app.js');
    expect(script.status).toBe(200);
    expect(script.type).toMatch(/^(text|application)\/javascript$/);
    // The bundle holds the views' names (what tests and screen readers find).
    for (const name of ['Traffic', 'Faults', 'Add rule', 'Clock']) expect(script.text).toContain(name);
    expect((await api(server).get('/__ui/console.css')).type).toBe('text/css');
    const swagger = await api(server).get('/__ui/swagger/swagger-ui-bundle.js');
    expect(swagger.status).toBe(200);
    expect(swagger.text).toContain('SwaggerUIBundle');
    expect((await api(server).get('/__ui/swagger/swagger-ui.css')).status).toBe(200);
    // Only the two files the console loads, nothing else of the package.
    expect((await api(server).get('/__ui/swagger/package.json')).status).toBe(404);
    const missing = await api(server).get('/__ui/nothing.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('no console file');
    // `/__ui` goes to `/__ui/` (the page's own URLs are absolute anyway).
    expect((await api(server).get('/__ui')).status).toBe(301);
  });

  it('answers under the Host and cross-site checks, reads only, and needs no token for its files', async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')], admin: { token: 'a-token-of-12-chars' } });
    const evil = await api(server).get('/__ui/').set('Host', 'evil.example');
    expect(evil.status).toBe(403);
    expect(evil.body.error).toBe('the console does not answer for host "evil.example"');
    const cross = await api(server).get('/__ui/').set('Sec-Fetch-Site', 'cross-site');
    expect(cross.status).toBe(403);
    expect((await api(server).get('/__ui/').set('Origin', 'https://evil.example')).status).toBe(403);
    expect((await api(server).post('/__ui/').send({})).status).toBe(405);
    // The files hold no secret; every admin call the page makes needs the token.
    expect((await api(server).get('/__ui/')).status).toBe(200);
    expect((await api(server).get('/__admin/health')).status).toBe(401);
    expect((await api(server).get('/__admin/health').set('X-Admin-Token', 'a-token-of-12-chars')).status).toBe(200);
  });

  it('says how to build it when dist/console is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-'));
    const app = express().use('/__ui', createConsoleRouter({}, empty));
    const res = await request(app).get('/__ui/');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: 'the console is not built',
      problems: [expect.stringContaining('npm run build')],
    });
  });
});

describe('links to the console', () => {
  it('GET / sends a browser to the console and tells anything else where the APIs, admin and console are', async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    const browser = await api(server).get('/').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/__ui/');
    const tool = await api(server).get('/');
    expect(tool.status).toBe(200);
    expect(tool.body).toEqual({ name: 'groups-mock', apis: ['/kazoo'], admin: '/__admin', console: '/__ui/' });
  });

  it('GET /__admin names the console', async () => {
    const res = await api(testServer({ apis: [moduleNamed('kazoo')] }))
      .get('/__admin')
      .set('Host', 'localhost:4010');
    expect(res.body.console).toBe('http://localhost:4010/__ui/');
  });
});

describe('POST /__admin/requests/export', () => {
  it('exports the entries picked by seq, of the call namespace only, as HAR or JUnit', async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    for (const p of ['a', 'b', 'c']) await api(server).get(`/kazoo/v2/${p}`);
    await api(server).get('/kazoo/v2/elsewhere').set('X-Mock-Namespace', 'other');
    const all = (await api(server).get('/__admin/requests?namespace=*')).body.requests as Array<{
      seq: number;
      url: string;
    }>;
    const seqs = all.filter((e) => e.url !== '/kazoo/v2/b').map((e) => e.seq);
    const har = await api(server)
      .post('/__admin/requests/export')
      .send({ format: 'har', seqs })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => done(null, text));
      });
    expect(har.status).toBe(200);
    const urls = JSON.parse(har.body as string).log.entries.map(
      (e: { request: { url: string } }) => new URL(e.request.url).pathname,
    );
    expect(urls).toEqual(['/kazoo/v2/a', '/kazoo/v2/c']);
    const junit = await api(server).post('/__admin/requests/export').send({ format: 'junit', seqs });
    expect(junit.status).toBe(200);
    expect(junit.type).toBe('application/xml');
    expect(junit.text).toContain('<testsuite');
    const bad = await api(server).post('/__admin/requests/export').send({ format: 'csv', seqs });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('format must be har or junit');
    expect(
      (
        await api(server)
          .post('/__admin/requests/export')
          .send({ format: 'har', seqs: ['x'] })
      ).status,
    ).toBe(400);
  });
});
