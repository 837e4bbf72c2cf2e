/**
 * `GET /__admin`: a JSON index of the control plane — the APIs with their base URLs and specs,
 * every admin endpoint (each of which answers: none is a leftover of a removed route), and the
 * web console's address (null where none is served).
 */
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/engine/app.js';
import { ADMIN_ENDPOINTS } from '../../src/engine/admin/admin-index.js';
import { createAdminRouter } from '../../src/engine/admin/index.js';
import { api, moduleNamed, testServer } from '../helpers.js';
import express from 'express';
import request from 'supertest';

describe('GET /__admin', () => {
  it('answers an index: the APIs, every endpoint with what it does, the console', async () => {
    const server = testServer();
    for (const path of ['/__admin', '/__admin/']) {
      const res = await api(server).get(path).set('Host', '127.0.0.1:4010');
      expect(res.status, path).toBe(200);
      expect(res.type).toBe('application/json');
      expect(res.body.apis).toContainEqual({
        name: 'kazoo',
        title: expect.any(String),
        baseUrl: 'http://127.0.0.1:4010/kazoo',
        spec: 'http://127.0.0.1:4010/__admin/specs/kazoo',
        demo: moduleNamed('kazoo').describe(),
      });
      expect(res.body.apis.map((a: { name: string }) => a.name)).toEqual([...server.apis.keys()]);
      expect(res.body.console).toBe('http://127.0.0.1:4010/__ui/');
      expect(res.body.endpoints).toContainEqual({
        method: 'POST',
        path: '/__admin/faults',
        url: 'http://127.0.0.1:4010/__admin/faults',
        does: expect.stringContaining('fault rule'),
      });
      expect(res.body.endpoints).toHaveLength(ADMIN_ENDPOINTS.length);
    }
  });

  it('every endpoint it lists is one the admin API has', async () => {
    const server = testServer();
    const missing: string[] = [];
    for (const e of ADMIN_ENDPOINTS) {
      // The live stream answers for itself and stays open: asked with a bad namespace, it refuses at once.
      const path =
        e.path.replace('{api}', 'kazoo').replace('{id}', 'f1') + (e.path.endsWith('/live') ? '?namespace=%21' : '');
      const req = api(server)[e.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](path);
      const res =
        e.method === 'POST' || e.method === 'PUT'
          ? await req.set('Content-Type', 'application/json').send('{}')
          : await req;
      // A route that exists answers for itself (a 400 for an empty body, a 404 for an unknown rule); only the fallback says "no admin endpoint".
      if (String(res.body?.error ?? '').startsWith('no admin endpoint')) missing.push(`${e.method} ${e.path}`);
    }
    expect(missing).toEqual([]);
  });

  it('links the console where one is served (the proxy serves none)', async () => {
    const server = createMockServer({ apis: [], seed: 1 });
    const app = express().use('/__admin', createAdminRouter(server.runtime, { console: '/__ui/' }));
    const res = await request(app).get('/__admin').set('Host', 'localhost:4010');
    expect(res.body.console).toBe('http://localhost:4010/__ui/');
    const bare = express().use('/__admin', createAdminRouter(server.runtime));
    expect((await request(bare).get('/__admin')).body.console).toBeNull();
  });

  it("the mock's own 404 points at it", async () => {
    const res = await api(testServer()).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.admin).toBe('/__admin');
  });
});
