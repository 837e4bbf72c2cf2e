/**
 * The package as a user gets it: `npm pack` here, the tarball installed by npm into an empty ES
 * module project (from the npm cache where it can: `--prefer-offline`), and there, pasted from the
 * docs, everything a user does next — `npx groups-mock --version` and `serve`, the programmatic API
 * (docs/programmatic-api.md: a node script, the remote admin client, the vitest and the Jest
 * recipes) and the typed clients of docs/typed-client.md compiled by `tsc` under the page's NodeNext
 * tsconfig (a planted `g.nmae` must fail it) with MDM's odd id past 2^53 carried exactly. Each
 * page's ```sh blocks run as they are, in the project, with its named files written as they are.
 * Nothing of the checkout is reachable from the project: what runs is what the tarball holds.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../cli/processes.js';
import { docFiles, ROOT, shBlocks } from './doc-files.js';

const exec = promisify(execFile);
const PROGRAMMATIC = 'docs/programmatic-api.md';
const TYPED = 'docs/typed-client.md';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
let project: string;
let tarball: string;
let server: ChildProcess | undefined;
let mockUrl: string;
let env: NodeJS.ProcessEnv;

/** Runs a shell snippet in the project, as a reader pastes it; resolves with its output (stdout and stderr). */
async function sh(script: string, extra: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout, stderr } = await exec('bash', ['-eo', 'pipefail', '-c', script], {
      cwd: project,
      env: { ...env, ...extra },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    throw new Error(`exit ${e.code}:\n${script}\n--- output ---\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** The one ```sh block of a page that contains `text`. */
function block(page: string, text: string): string {
  const found = shBlocks(page).filter((b) => b.includes(text));
  if (found.length !== 1) throw new Error(`${page}: ${found.length} sh blocks contain "${text}"`);
  return found[0]!;
}

function writeDocFiles(page: string): void {
  for (const [name, text] of Object.entries(docFiles(page))) {
    const at = join(project, name);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, text);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'groups-mock-tarball-'));
  project = join(dir, 'project');
  mkdirSync(project);
  mkdirSync(join(dir, 'home'));
  const cache = (await exec('npm', ['config', 'get', 'cache'], { cwd: ROOT })).stdout.trim();
  env = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    npm_config_cache: cache,
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NO_COLOR: '1',
  };
  // `npm pack` runs `prepare` (the build) first: the tarball holds a fresh dist/.
  const packed = await exec('npm', ['pack', '--pack-destination', dir, '--json'], {
    cwd: ROOT,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [
    { filename: string; files: Array<{ path: string }> },
  ];
  tarball = join(dir, info.filename);
  env.GROUPS_MOCK = tarball;
  // The files of both pages, then each page's set-up block (npm init, npm install of the tarball).
  writeDocFiles(TYPED);
  writeDocFiles(PROGRAMMATIC);
  await sh(block(TYPED, 'npm install'));
  await sh(block(PROGRAMMATIC, 'npm install --save-dev "$GROUPS_MOCK"'));
});

afterAll(() => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball, installed into an empty project', () => {
  it('holds what it runs: the build, the declarations, the specs, no TypeScript sources but the generated types', async () => {
    const listed = (await exec('tar', ['-tzf', tarball])).stdout.split('\n').map((p) => p.replace(/^package\//, ''));
    for (const needed of [
      'bin/groups-mock.js',
      'dist/src/cli.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/admin-client/client.d.ts',
      'dist/src/generated/kazoo.d.ts',
      'dist/src/generated/client/mdm.d.ts',
      'dist/openapi/kazoo.json',
      'openapi/mdm.yaml',
      'fixtures/mdm.json',
      'docs/programmatic-api.md',
    ])
      expect(listed, needed).toContain(needed);
    expect(listed.filter((p) => p.startsWith('src/') && !p.startsWith('src/generated/'))).toEqual([]);
    expect(listed.filter((p) => p.endsWith('.map'))).toEqual([]);
    const installed = join(project, 'node_modules', 'groups-mock');
    expect(readdirSync(installed)).not.toContain('node_modules');
    expect((JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string }).version).toBe(
      VERSION,
    );
  });

  it('npx groups-mock --version, and serve answers', async () => {
    expect((await sh('npx groups-mock --version')).trim()).toBe(VERSION);
    server = spawn('npx', ['groups-mock', 'serve', '--port', '0', '--log-level', 'silent'], {
      cwd: project,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    expect(await until(() => /__admin\/health\n/.test(out) || server!.exitCode !== null), out).toBe(true);
    mockUrl = /listening on (http:\S+)/.exec(out)?.[1] ?? '';
    expect(mockUrl, out).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${mockUrl}/__admin/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { apis: unknown[] }).apis).toHaveLength(5);
  });

  it('docs/typed-client.md: tsc (NodeNext) compiles both clients; they run; g.nmae does not compile', async () => {
    const kazoo = await sh(block(TYPED, 'node kazoo-client.js'), { MOCK_URL: mockUrl });
    expect(kazoo).toMatch(/^\w{32} .+: \d+ endpoint\(s\)$/m);
    const mdm = await sh(block(TYPED, 'node mdm-client.js'), { MOCK_URL: mockUrl });
    // The odd id past 2^53, exactly: read, sent back in the path, a member added under it.
    expect(mdm).toContain('group 9007199254750017 Kiosk devices: members ');
    expect(mdm).toContain('9007199254741003');
    const state = (await (await fetch(`${mockUrl}/__admin/state/mdm`)).json()) as {
      groups: Record<string, { members: string[] }>;
    };
    expect(state.groups['9007199254750017']!.members).toContain('9007199254741003');
    // The planted typo: tsc fails, naming it.
    const kazooFile = docFiles(TYPED)['kazoo-client.ts']!;
    writeFileSync(join(project, 'broken.ts'), kazooFile.replace(/\bg\.name\b/, 'g.nmae'));
    const failed = await sh('npx tsc || echo "tsc exit $?"').finally(() => rmSync(join(project, 'broken.ts')));
    expect(failed).toMatch(/broken\.ts\(\d+,\d+\): error TS2339: Property 'nmae' does not exist/);
    expect(failed).toMatch(/tsc exit 2/);
    expect(failed.split('\n').filter((l) => /error TS/.test(l) && !l.startsWith('broken.ts'))).toEqual([]);
  });

  it('docs/programmatic-api.md: start-mock.mjs and remote-admin.mjs run with node', async () => {
    const started = await sh(block(PROGRAMMATIC, 'node start-mock.mjs'));
    expect(started).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(started).toContain('in the namespace: 500');
    expect(started).toContain('elsewhere: 401');
    expect(started).toContain('requests seen: 1');
    expect(started).toContain('clock: 2030-01-01T00:00:00.000Z');
    const remote = await sh(block(PROGRAMMATIC, 'node remote-admin.mjs'), { MOCK_URL: mockUrl });
    expect(remote).toContain('kazoo, thingspace, plaspy, mdm, bold');
    expect(remote).toContain('400 fault rule refused: kazoo has no operation "noSuchOperation"');
  });

  it('docs/programmatic-api.md: the vitest recipe (globalSetup, a namespace per file) passes', async () => {
    const out = await sh(block(PROGRAMMATIC, 'npx vitest run'));
    expect(out).toMatch(/Tests\s+2 passed \(2\)/);
  });

  it('docs/programmatic-api.md: the Jest recipe (node --experimental-vm-modules) passes', async () => {
    const out = await sh(block(PROGRAMMATIC, 'jest/bin/jest.js'));
    expect(out).toMatch(/Tests:\s+1 passed, 1 total/);
  });
});
