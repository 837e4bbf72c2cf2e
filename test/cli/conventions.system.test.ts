/**
 * The conventions every CLI has, through the real bin: --help and --version, one style of error, a
 * busy port refused before any banner, options from the environment and a config file, the request
 * log, `list`, and the admin API's protection when listening beyond loopback.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnce, serve } from './run-cli.js';

const tmpFile = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'groups-mock-cli-')), name);
  writeFileSync(file, text);
  return file;
};

describe('groups-mock: help, version, errors', () => {
  it('--help names the commands; serve --help (and help serve) every serve option; --version prints the package version', async () => {
    const help = await runOnce(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['serve', 'list', 'contract', 'proxy'])
      expect(help.stdout).toContain(`groups-mock ${command}`);
    expect(help.stdout).toContain('groups-mock <command> --help');
    // `help serve` is `serve --help` (test/cli/prism-conventions.test.ts runs each command's --help).
    const serveHelp = await runOnce(['help', 'serve']);
    expect(serveHelp.status).toBe(0);
    expect(serveHelp.stdout).toContain('--admin-token');
    expect(serveHelp.stdout).toContain('GROUPS_MOCK_PORT');
    const v = await runOnce(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a bad value names its source: flag, environment variable or config file', async () => {
    const flag = await runOnce(['serve', '--log-level', 'loud']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/^groups-mock: --log-level must be one of silent, error, info, debug, not "loud"/);
    const env = await runOnce(['serve'], { GROUPS_MOCK_PORT: 'eighty' });
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/^groups-mock: GROUPS_MOCK_PORT must be an integer ≥ 0 and ≤ 65535, not "eighty"/);
    const config = tmpFile('bad.json', JSON.stringify({ port: 0, colour: 'blue' }));
    const cfg = await runOnce(['serve', '--config', config]);
    expect(cfg.status).toBe(2);
    expect(cfg.stderr).toContain(`--config ${config}: unknown option "colour"`);
  });

  it('a busy port is one clear message and exit 1, before any banner', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runOnce(['serve', '--api', 'kazoo', '--port', String(port)]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(
        `groups-mock: cannot start: cannot listen on 127.0.0.1:${port}: port ${port} is already in use (another groups-mock? try --port 0 for any free port)`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('groups-mock serve: options from the environment and a config file', () => {
  it('config < environment < command line', async () => {
    const config = tmpFile(
      'groups-mock.json',
      JSON.stringify({ port: 0, api: ['kazoo', 'thingspace'], seed: 3, journalSize: 5, 'log-level': 'silent' }),
    );
    const { base, output, stop } = await serve(['--config', config, '--api', 'kazoo'], {
      GROUPS_MOCK_CLOCK: '2031-01-02T03:04:05Z',
      GROUPS_MOCK_SEED: '9',
    });
    try {
      const health = await (await fetch(`${base}/__admin/health`)).json();
      expect(health.apis.map((a: { name: string }) => a.name)).toEqual(['kazoo']);
      expect(output).not.toContain('thingspace');
      const clock = await (await fetch(`${base}/__admin/clock`)).json();
      expect(clock.now).toBe('2031-01-02T03:04:05.000Z');
    } finally {
      stop();
    }
  });
});

describe('groups-mock serve: the request log', () => {
  it('json: one pino line per request with method, path, status, ms, namespace, operation', async () => {
    const server = await serve(['--api', 'kazoo', '--log-format', 'json']);
    try {
      await fetch(`${server.base}/kazoo/v2/accounts/de000000000000000000000000000001/groups`, {
        headers: { 'X-Mock-Namespace': 'log-1' },
      });
      const text = await server.waitFor(/"msg":"request"/);
      const line = JSON.parse(text.split('\n').find((l) => l.includes('"msg":"request"'))!);
      expect(line).toMatchObject({
        level: 30,
        msg: 'request',
        api: 'kazoo',
        method: 'GET',
        path: '/kazoo/v2/accounts/de000000000000000000000000000001/groups',
        status: 401,
        namespace: 'log-1',
        operationId: 'listGroups',
        requestViolations: 0,
        responseViolations: 0,
        aborted: false,
      });
      expect(typeof line.ms).toBe('number');
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      server.stop();
    }
  });

  it('pretty by default; silent writes nothing after the banner', async () => {
    const pretty = await serve(['--api', 'kazoo']);
    try {
      await fetch(`${pretty.base}/kazoo/v2/nowhere`);
      expect(await pretty.waitFor(/GET \/kazoo\/v2\/nowhere 404/)).toMatch(
        /\d\d:\d\d:\d\d\.\d{3} GET \/kazoo\/v2\/nowhere 404 [\d.]+ms ns=default/,
      );
    } finally {
      pretty.stop();
    }
    const silent = await serve(['--api', 'kazoo', '--log-level', 'silent']);
    const before = silent.log();
    await fetch(`${silent.base}/kazoo/v2/nowhere`);
    // Everything it ever wrote, once it has exited: nothing after the banner.
    silent.stop();
    expect(await silent.closed).toBe(before);
  });
});

describe('groups-mock list', () => {
  it("prints each API's operations with method and mounted path", async () => {
    const run = await runOnce(['list', '--api', 'kazoo']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^kazoo — /);
    expect(run.stdout).toMatch(/getGroup\s+GET\s+\/kazoo\/v2\/accounts\/\{ACCOUNT_ID\}\/groups\/\{GROUP_ID\}/);
  });
});

describe('groups-mock serve beyond loopback', () => {
  it('refuses to start on 0.0.0.0 without an admin token', async () => {
    const run = await runOnce(['serve', '--api', 'kazoo', '--port', '0', '--host', '0.0.0.0']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^groups-mock: cannot start: listening on 0\.0\.0\.0 would open the admin API .* set --admin-token \(or GROUPS_MOCK_ADMIN_TOKEN\)/,
    );
  });

  it('with a token: admin calls without it are 401, with it 200; the banner warns and never prints it', async () => {
    const token = 'ci-admin-token-1234';
    const server = await serve(['--api', 'kazoo', '--host', '0.0.0.0', '--log-level', 'silent'], {
      GROUPS_MOCK_ADMIN_TOKEN: token,
    });
    const base = server.base.replace('0.0.0.0', '127.0.0.1');
    try {
      expect(server.output).toContain('warning: listening on 0.0.0.0, beyond loopback');
      expect(server.output).not.toContain(token);
      expect((await fetch(`${base}/__admin/reset`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${base}/__admin/health`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(
        200,
      );
      // The vendor APIs stay open (that is what the mock is for).
      expect((await fetch(`${base}/kazoo/v2/accounts/de000000000000000000000000000001/groups`)).status).toBe(401);
    } finally {
      server.stop();
    }
  });
});

describe("Node's own refusals", () => {
  it('headers over 16 KB get a 431 in the envelope of the API named and the connection closes; a malformed request line a JSON 400', async () => {
    const server = await serve(['--api', 'kazoo', '--log-level', 'silent']);
    const port = Number(new URL(server.base).port);
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
      });
    try {
      const big = await raw(
        `GET /kazoo/v2/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(big).toMatch(/^HTTP\/1\.1 431 /);
      expect(big).toContain('Content-Type: application/json');
      // Under /kazoo: in Crossbar's envelope (the spec's x-mock-responses.headersTooLarge).
      expect(JSON.parse(big.split('\r\n\r\n')[1]!)).toMatchObject({
        status: 'error',
        error: '431',
        message: 'request_headers_too_large',
        data: { limit: 16384 },
      });
      const bad = await raw('NOT A REQUEST\r\n\r\n');
      expect(bad).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(bad.split('\r\n\r\n')[1]!).error).toBe('malformed HTTP request');
    } finally {
      server.stop();
    }
  });
});
