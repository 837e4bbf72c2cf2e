/**
 * `npx groups-mock …` as a script runs it in the background: npm runs the command under a `sh -c`
 * of its own, and a SIGTERM to npm (`kill $!`) never reaches the server. The command notices its
 * parent is gone and stops — the port is free again, and the proxy writes its report.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installedProject, OFFLINE_NPM } from './installed-project.js';
import { descendants, inGroup, running, until } from './processes.js';

const groups: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const g of groups.splice(0)) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `npx groups-mock ARGS` in an installed project, in a process group of its own; resolves with its banner. */
async function npx(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'groups-mock-npx-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'home'));
  const project = installedProject(dir);
  const child = spawn('npx', ['groups-mock', ...args], {
    cwd: project,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: join(dir, 'home'), ...OFFLINE_NPM },
  });
  groups.push(child.pid!);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  expect(await until(() => /listening on (http:\S+)/.test(out) && /__admin\/health\n/.test(out)), out).toBe(true);
  const base = /listening on (http:\S+)/.exec(out)![1]!;
  const server = descendants(child.pid!).find((p) => p.cmdline.startsWith('node') && p.cmdline.includes('groups-mock'));
  expect(server, 'the node process under npx').toBeDefined();
  return { npm: child.pid!, server: server!.pid, base, dir, output: () => out };
}

describe('npx groups-mock, stopped as a script stops it', () => {
  it('serve: kill on the npx pid stops the server, and its port is free again', async () => {
    const run = await npx(['serve', '--port', '0', '--api', 'kazoo', '--log-level', 'silent']);
    expect((await fetch(`${run.base}/__admin/health`)).status).toBe(200);
    process.kill(run.npm, 'SIGTERM');
    expect(await until(() => !running(run.server)), 'the server outlived the npx that started it').toBe(true);
    await expect(fetch(`${run.base}/__admin/health`)).rejects.toThrow();
    expect(inGroup(run.npm)).toEqual([]);
  });

  it('proxy: the same, and it writes its report on the way out', async () => {
    const report = join(tmpdir(), `groups-mock-npx-report-${process.pid}.xml`);
    const run = await npx([
      'proxy',
      '--api',
      'kazoo',
      '--upstream',
      'http://127.0.0.1:9/kazoo',
      '--port',
      '0',
      '--report',
      report,
    ]);
    expect((await fetch(`${run.base}/kazoo/v2/accounts/de000000000000000000000000000001/groups`)).status).toBe(502);
    process.kill(run.npm, 'SIGTERM');
    expect(await until(() => !running(run.server)), 'the proxy outlived the npx that started it').toBe(true);
    expect(readFileSync(report, 'utf8')).toMatch(/<testsuite [^>]*tests="1"/);
    rmSync(report, { force: true });
  });
});
