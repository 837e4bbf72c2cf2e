/**
 * `groups-mock proxy`, the command, as a child process: it writes its JUnit report and a summary on
 * SIGTERM, and answers bad flags with one error line and exit 2. The proxy itself, in process, is
 * proxy.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/engine/app.js';
import { BIN, runOnce } from '../cli/run-cli.js';
import { HANG_GUARD_MS } from '../hang-guard.js';
import { moduleNamed, testServer } from '../helpers.js';
import { DEMO } from '../apis/kazoo/kazoo-client.js';

let mock: Server;
let mockRoot: string;
beforeAll(async () => {
  mock = await listen(testServer({ apis: [moduleNamed('kazoo')] }), 0, '127.0.0.1');
  mockRoot = `http://127.0.0.1:${(mock.address() as { port: number }).port}`;
});
afterAll(() => {
  mock.closeAllConnections();
  mock.close();
});

describe('groups-mock proxy (the command)', () => {
  it('writes the JUnit report and a summary on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-'));
    const report = join(dir, 'proxy.xml');
    try {
      const child = spawn(
        process.execPath,
        [BIN, 'proxy', '--api', 'kazoo', '--upstream', `${mockRoot}/kazoo`, '--port', '0', '--report', report],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner:\n${out}`)), HANG_GUARD_MS);
        const poll = setInterval(() => {
          const m = /proxy listening on (http:\/\/\S+)/.exec(out);
          if (m && /\/__admin\/health\n/.test(out)) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(m[1]!);
          }
        }, 50);
      });
      expect((await fetch(`${base}/kazoo/v2/accounts/${DEMO}/groups`)).status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toMatch(/✗ #1 GET \/kazoo\/v2\/accounts\/\w+\/groups → 401 \| request: security/);
      expect(out).toContain(`groups-mock proxy (SIGTERM): 1 exchange, 1 with violations; JUnit report: ${report}`);
      const xml = readFileSync(report, 'utf8');
      expect(xml).toContain('tests="1" failures="1"');
      expect(xml).toContain('classname="kazoo.listGroups"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad flags: one error line and exit 2; --help exits 0', async () => {
    // Flags come from the environment too, and are checked there the same way.
    const bad = await runOnce(['proxy', '--api', 'kazoo'], { GROUPS_MOCK_PROXY_UPSTREAM: 'ftp://x' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^groups-mock: --upstream must be an http\(s\) URL/);
    const exposed = await runOnce([
      'proxy',
      '--api',
      'kazoo',
      '--upstream',
      'http://127.0.0.1:1/kazoo',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
    ]);
    expect(exposed.status).toBe(1);
    expect(exposed.stderr).toMatch(/^groups-mock: cannot start: listening on 0.0.0.0 would open the admin API/);
    const unwritable = await runOnce([
      'proxy',
      '--api',
      'kazoo',
      '--upstream',
      'http://127.0.0.1:1/kazoo',
      '--port',
      '0',
      '--report',
      '/nonexistent-dir/proxy.xml',
    ]);
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toMatch(
      /^groups-mock: cannot start: cannot write the report \/nonexistent-dir\/proxy.xml/,
    );
    const help = await runOnce(['proxy', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--upstream URL');
  });
});
