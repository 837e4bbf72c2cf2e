/**
 * `PUT /__admin/state/<api>` reads its body as it arrives (src/engine/admin/streamed-json.ts) and
 * answers every body exactly as the admin plane's express.json does: the same 4xx and message as
 * `POST /__admin/faults` for the same bytes, the limit's 413, a charset or encoding left to
 * express.json as before, and a state that imports the same.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { adminErrors, adminJson } from '../../../src/engine/admin/middleware.js';
import { streamedJson } from '../../../src/engine/admin/streamed-json.js';
import { api, testServer } from '../../helpers.js';

const BAD_BODIES = [
  '   ',
  '"just a string"',
  '42',
  'nul',
  '{"a":tru}',
  '{"a":1,}',
  '{"a" 1}',
  '{"a":"\\u12x4"}',
  '{"a":"b',
  '{"a":1} trailing',
  '\ufeff{"a":hunter2}',
  `{"a":hunter2,"deep":${'['.repeat(300)}}`,
  `\ufeff${'['.repeat(300)}`,
  '{"a":"é\u0001"}',
];

describe('the streamed state import', () => {
  it.each(BAD_BODIES)('answers %j as express.json answers it elsewhere on the admin plane', async (body) => {
    const server = testServer();
    const elsewhere = await api(server).post('/__admin/faults').type('json').send(body);
    const imported = await api(server).put('/__admin/state/kazoo').type('json').send(body);
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(imported.status).toBe(elsewhere.status);
    expect(imported.body).toEqual(elsewhere.body);
    expect(imported.body.error ?? '').not.toContain('hunter2');
  });

  it('an empty body is {} as express.json takes it: refused by the state check, the old state kept', async () => {
    const server = testServer();
    const res = await api(server).put('/__admin/state/kazoo').set('Content-Type', 'application/json').send('');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('state rejected for kazoo/default; the old state is kept');
  });

  it('imports a state sent in many pieces, and a charset or content encoding still goes to express.json', async () => {
    const server = testServer();
    const state = (await api(server).get('/__admin/state/kazoo')).body;
    const text = JSON.stringify(state);
    const put = await api(server)
      .put('/__admin/state/kazoo?namespace=streamed')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send(text);
    expect(put.status).toBe(200);
    expect((await api(server).get('/__admin/state/kazoo?namespace=streamed')).body).toEqual(state);
    const latin1 = await api(server)
      .put('/__admin/state/kazoo')
      .set('Content-Type', 'application/json; charset=latin1')
      .send(text);
    expect(latin1.status).toBe(415);
    expect(latin1.body.error).toBe('unsupported charset "LATIN1"');
    const zstd = await api(server)
      .put('/__admin/state/kazoo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'zstd-nope')
      .send(text);
    expect(zstd.status).toBe(415);
    expect(zstd.body.error).toBe('unsupported content encoding "zstd-nope"');
  });

  it('past the limit: 413 "request entity too large", as express.json says it', async () => {
    const app = express();
    const fallback = adminJson('20b');
    app.put('/x', streamedJson(20, fallback), (req, res) => res.json(req.body));
    app.put('/y', fallback, (req, res) => res.json(req.body));
    app.use(adminErrors('mock'));
    const body = JSON.stringify({ a: 'x'.repeat(40) });
    const streamed = await request(app).put('/x').type('json').send(body);
    const whole = await request(app).put('/y').type('json').send(body);
    expect(streamed.status).toBe(413);
    expect(streamed.body).toEqual(whole.body);
    expect(streamed.body.error).toBe('request entity too large');
    const fits = await request(app).put('/x').type('json').send('{"a":[1,2]}');
    expect(fits.body).toEqual({ a: [1, 2] });
  });
});
