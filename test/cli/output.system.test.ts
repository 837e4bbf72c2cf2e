/**
 * What `serve` writes, through the real bin: in JSON mode stdout holds the request log's JSON lines
 * and nothing else (the banner goes to stderr), all of them out before the process ends on SIGTERM;
 * colour by the usual rules, and none into a pipe (on a real terminal: terminal.system.test.ts); and
 * request lines that show the query (credentials masked) and say when a fault rule or `Prefer`
 * chose the answer.
 */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { colourWanted, paintFor } from '../../src/cli/colour.js';
import { requestLogger } from '../../src/cli/request-log.js';
import type { ServedLine } from '../../src/engine/runtime.js';
import { serve } from './run-cli.js';
import { until } from './processes.js';

const ESC = '\x1b[';
const auth = { Authorization: 'Bearer demo-bold-admin-token' };

describe('--log-format json', () => {
  it('stdout is JSON lines only (query, faults, prefer as fields), the banner on stderr; every line is out when SIGTERM ends it', async () => {
    const server = await serve(['--api', 'bold', '--log-format', 'json']);
    await fetch(`${server.base}/__admin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        api: 'bold',
        operationId: 'listDeviceGroups',
        times: 1,
        action: { latency: { fixedMs: 1 } },
      }),
    });
    expect(
      (
        await fetch(`${server.base}/bold/v1/device-groups?size=2&token=abc`, {
          headers: { ...auth, Prefer: 'code=400' },
        })
      ).status,
    ).toBe(400);
    const n = 30;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        fetch(`${server.base}/bold/v1/device-groups/${(i % 3) + 1}`, { headers: auth }),
      ),
    );
    server.stop();
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('listening on');
    expect(server.stderr()).toContain('demo-bold-admin-token');
    const lines = server
      .stdout()
      .split('\n')
      .filter((l) => l !== '');
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; status: number });
    expect(parsed).toHaveLength(n + 1);
    expect(parsed.filter((p) => p.msg === 'request' && p.status === 200)).toHaveLength(n);
    expect(parsed[0]).toMatchObject({
      msg: 'request',
      path: '/bold/v1/device-groups',
      query: 'size=2&token=***',
      faults: [expect.stringMatching(/^f\d+\(latency 1ms\)$/)],
      prefer: 'code=400',
      status: 400,
    });
  });
});

describe('colour', () => {
  it('follows NO_COLOR, FORCE_COLOR, TERM=dumb and whether the stream is a terminal', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('a coloured request line: the status by its class, the marks of what chose the answer', () => {
    const out = new PassThrough();
    const line: ServedLine = {
      api: 'bold',
      namespace: 'qa-1',
      method: 'GET',
      path: '/bold/v1/device-groups/2',
      query: {},
      operationId: 'getDeviceGroup',
      status: 404,
      ms: 1,
      requestViolations: 0,
      responseViolations: 0,
      requestWarnings: 0,
      faults: [{ ruleId: 'f1', action: 'respond', status: 404 }],
      aborted: false,
    };
    requestLogger('info', 'pretty', out, paintFor({ isTTY: true }, {}))!(line);
    const text = String(out.read());
    expect(text).toContain(`${ESC}33m404${ESC}39m`);
    expect(text).toContain(`${ESC}35mfault=f1(respond 404)${ESC}39m`);
    requestLogger('info', 'pretty', out, paintFor({ isTTY: true }, { NO_COLOR: '1' }))!(line);
    expect(String(out.read())).not.toContain(ESC);
  });
});

describe('the request log', () => {
  it('shows the query, credentials masked, and marks what a fault rule or Prefer chose; into a pipe, without colour', async () => {
    const server = await serve(['--api', 'bold']);
    try {
      const rule = await fetch(`${server.base}/__admin/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          api: 'bold',
          operationId: 'getDeviceGroup',
          times: 1,
          action: { respond: { status: 404, example: 'groupNotFound' } },
        }),
      });
      expect(rule.status).toBe(201);
      const ruleId = ((await rule.json()) as { id: string }).id;
      expect((await fetch(`${server.base}/bold/v1/device-groups/2`)).status).toBe(404);
      expect(
        (await fetch(`${server.base}/bold/v1/device-groups/3`, { headers: { ...auth, Prefer: 'code=404' } })).status,
      ).toBe(404);
      expect(
        (await fetch(`${server.base}/bold/v1/device-groups?size=1&api_key=s3cret-value`, { headers: auth })).status,
      ).toBe(200);
      expect(
        await until(
          () =>
            server
              .log()
              .split('\n')
              .filter((l) => / GET \/bold\//.test(l)).length === 3,
        ),
        server.log(),
      ).toBe(true);
      const log = server.log();
      expect(log).toMatch(
        new RegExp(
          `GET /bold/v1/device-groups/2 404 [\\d.]+ms ns=default getDeviceGroup fault=${ruleId}\\(respond 404\\)`,
        ),
      );
      expect(log).toMatch(/GET \/bold\/v1\/device-groups\/3 404 [\d.]+ms ns=default getDeviceGroup prefer="code=404"/);
      expect(log).toMatch(/GET \/bold\/v1\/device-groups\?size=1&api_key=\*\*\* 200 /);
      expect(log).not.toContain('s3cret');
      expect(log).not.toContain(ESC);
    } finally {
      server.stop();
    }
  });
});
