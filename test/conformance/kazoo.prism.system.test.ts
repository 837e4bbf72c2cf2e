/**
 * Kazoo through Prism's proxy: a client's whole session, success and error answers, and not one
 * violation by Prism's own reading of openapi/kazoo.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/engine/app.js';
import express from 'express';
import { CLOCK_START, moduleNamed } from '../helpers.js';
import { DEMO, MISSING, SALES, ACME, ALICE, md5 } from '../apis/kazoo/kazoo-client.js';
import { call, refereeFor, type Referee } from './prism-proxy.js';

const kazoo = moduleNamed('kazoo');

describe('kazoo conforms to its spec as Prism reads it', () => {
  let ref: Referee;
  beforeAll(async () => {
    const server = createMockServer({ apis: [kazoo], seed: 3, clockMode: 'fixed', clockStart: CLOCK_START });
    ref = await refereeFor(server.app, 'kazoo', kazoo.specFile);
  });
  afterAll(async () => ref?.stop());

  it('a whole session: auth, list, create, get, replace, patch, delete, user groups, and the errors', async () => {
    const seen: Array<[string, number, string | null]> = [];
    const step = async (label: string, method: string, path: string, token: string | undefined, body?: unknown) => {
      const ex = await call(ref, method, `/v2${path}`, token ? { 'X-Auth-Token': token } : {}, body);
      seen.push([label, ex.status, ex.violations]);
      return ex;
    };
    const auth = await step('user_auth', 'PUT', '/user_auth', undefined, {
      data: { credentials: md5('demo-admin:demo-password'), account_name: 'demo' },
    });
    const token = auth.body.auth_token as string;
    await step('api_auth', 'PUT', '/api_auth', undefined, {
      data: { api_key: '6465d6f2e5c1b8a74d2f3e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c' },
    });
    await step('bad login', 'PUT', '/user_auth', undefined, {
      data: { credentials: md5('x:y'), account_name: 'demo' },
    });
    await step('list', 'GET', `/accounts/${DEMO}/groups?page_size=2`, token);
    const created = await step('create', 'PUT', `/accounts/${DEMO}/groups`, token, {
      data: { name: 'Prism', endpoints: { [ALICE]: { type: 'user', weight: 1 } } },
    });
    const id = created.body.data.id as string;
    await step('get', 'GET', `/accounts/${DEMO}/groups/${id}`, token);
    await step('replace', 'POST', `/accounts/${DEMO}/groups/${id}`, token, {
      data: { name: 'Prism 2', endpoints: {} },
    });
    await step('patch', 'PATCH', `/accounts/${DEMO}/groups/${id}`, token, {
      data: { flags: ['x'], music_on_hold: null },
    });
    await step('patch to invalid', 'PATCH', `/accounts/${DEMO}/groups/${SALES}`, token, { data: { name: null } });
    await step('delete', 'DELETE', `/accounts/${DEMO}/groups/${id}`, token);
    await step('get deleted', 'GET', `/accounts/${DEMO}/groups/${id}`, token);
    await step('unknown group', 'GET', `/accounts/${DEMO}/groups/${MISSING}`, token);
    await step('user groups', 'GET', `/accounts/${DEMO}/users/${ALICE}/groups`, token);
    await step('unknown token', 'GET', `/accounts/${DEMO}/groups`, 'not-a-token');
    await step('other account', 'GET', `/accounts/${ACME}/groups`, token);
    expect(seen.map(([label, status]) => [label, status])).toEqual([
      ['user_auth', 201],
      ['api_auth', 201],
      ['bad login', 401],
      ['list', 200],
      ['create', 201],
      ['get', 200],
      ['replace', 200],
      ['patch', 200],
      ['patch to invalid', 400],
      ['delete', 200],
      ['get deleted', 404],
      ['unknown group', 404],
      ['user groups', 200],
      ['unknown token', 401],
      ['other account', 403],
    ]);
    expect(seen.filter(([, , v]) => v !== null)).toEqual([]);
  });
});

describe('the referee catches a server that breaks the spec', () => {
  let ref: Referee;
  beforeAll(async () => {
    // A route in front of the mock answers one path with a body that breaks the spec.
    const server = createMockServer({ apis: [kazoo], seed: 3, clockMode: 'fixed', clockStart: CLOCK_START });
    const app = express();
    app.get('/kazoo/v2/accounts/:a/groups/:g', (_req, res) => {
      res.json({ status: 'success', data: { id: 'nope' } });
    });
    app.use(server.app);
    ref = await refereeFor(app, 'kazoo', kazoo.specFile);
  });
  afterAll(async () => ref?.stop());

  it('reports the violations in sl-violations', async () => {
    const ex = await call(ref, 'GET', `/v2/accounts/${DEMO}/groups/${SALES}`, { 'X-Auth-Token': 'x' });
    expect(ex.violations).toContain('required');
  });
});
