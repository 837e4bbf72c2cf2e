import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../../src/engine/app.js';
import type { Handler } from '../../../src/engine/types.js';
import { api, CLOCK_START, moduleNamed } from '../../helpers.js';
import { SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

const kazoo = moduleNamed('kazoo');

describe('start-up checks', () => {
  it('a bad fixture stops start-up with the file and the path of the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'groups-mock-'));
    const fixture = JSON.parse(readFileSync(kazoo.fixtureFile, 'utf8'));
    fixture.accounts.de000000000000000000000000000001.api_key = 'short';
    writeFileSync(join(dir, 'kazoo.json'), JSON.stringify(fixture));
    expect(() => createMockServer({ apis: [kazoo], fixturesDir: dir })).toThrow(
      new RegExp(
        `${dir}/kazoo.json: invalid fixture:\\n  /accounts/de000000000000000000000000000001/api_key: must match pattern`,
      ),
    );
  });

  it('an unreadable fixture names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'groups-mock-'));
    writeFileSync(join(dir, 'kazoo.json'), '{ not json');
    expect(() => createMockServer({ apis: [kazoo], fixturesDir: dir })).toThrow(
      `${dir}/kazoo.json: cannot read the fixture`,
    );
  });

  it('a module without a handler for an operation does not start', () => {
    const { getGroup: _dropped, ...handlers } = kazoo.handlers;
    expect(() => createMockServer({ apis: [{ ...kazoo, handlers }] })).toThrow(
      'kazoo: no handler for operation(s) getGroup',
    );
  });
});

describe('response validation', () => {
  it('a handler reply that breaks the spec becomes a 500 in the vendor envelope and is recorded', async () => {
    // The types refuse this reply at compile time; the cast plays a handler that got past them.
    const badReply = (() => ({ status: 200, body: { status: 'success', data: { id: 'nope' } } })) as unknown as Handler<
      unknown,
      unknown,
      unknown
    >;
    const broken = { ...kazoo, handlers: { ...kazoo.handlers, getGroup: badReply } };
    const server = createMockServer({ apis: [broken], seed: 1, clockMode: 'fixed', clockStart: CLOCK_START });
    const token = await login(server);
    const res = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body).toMatchObject({ status: 'error', error: '500', message: 'internal_server_error' });
    // Where to look, not what broke: the details are the log's and the violations list's.
    expect(res.body.data.detail).toContain('/__admin/requests/violations');
    expect(res.text).not.toContain('does not match the spec');
    expect(server.violations).toHaveLength(1);
    expect(server.violations[0]).toMatchObject({ api: 'kazoo', operationId: 'getGroup', status: 200 });
    expect(server.violations[0]!.issues.map((i) => i.keyword)).toContain('required');
  });

  it('a handler that throws becomes a 500 in the vendor envelope, never an HTML page or stack trace', async () => {
    const throwing = {
      ...kazoo,
      handlers: {
        ...kazoo.handlers,
        getGroup: () => {
          throw new Error('boom: secret-in-message');
        },
      },
    };
    const server = createMockServer({ apis: [throwing], seed: 1, clockMode: 'fixed', clockStart: CLOCK_START });
    const token = await login(server);
    const res = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token);
    expect(res.status).toBe(500);
    expect(res.text).not.toMatch(/<html|at .*\.ts:\d+/i);
    expect(res.body).toMatchObject({ error: '500', message: 'internal_server_error' });
    // The exception's text is the log's (it can quote a request or a secret), never the client's.
    expect(res.text).not.toContain('secret-in-message');
    expect(res.text).not.toContain('boom');
  });
});
