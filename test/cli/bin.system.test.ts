/**
 * The bin in an installed package: the tarball ships dist/ and src/generated/*.ts but no other
 * sources, and unpacks them in any order — src/generated/ may look newer than dist/. The bin must
 * run the build then, never look for sources that are not there (it did: ERR_MODULE_NOT_FOUND
 * …/src/cli.ts on every run of an installed copy). The packed-tarball test in the system tier does
 * the same through `npm pack` and `npm install`; this one lays the package out by hand.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './installed-project.js';

const dir = mkdtempSync(join(tmpdir(), 'groups-mock-installed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** node_modules/groups-mock as the tarball lays it out: bin, dist, specs, fixtures, package.json, src/generated only. */
function installedPackage(): string {
  const pkg = join(dir, 'node_modules', 'groups-mock');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'groups-mock.js'), join(pkg, 'bin', 'groups-mock.js'));
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  for (const shipped of ['dist', 'openapi', 'fixtures']) symlinkSync(join(ROOT, shipped), join(pkg, shipped), 'dir');
  // Its dependencies, as npm installs them beside it.
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  mkdirSync(join(pkg, 'src', 'generated'), { recursive: true });
  const future = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  for (const api of ['kazoo', 'bold']) {
    const file = join(pkg, 'src', 'generated', `${api}.ts`);
    copyFileSync(join(ROOT, 'src', 'generated', `${api}.ts`), file);
    utimesSync(file, future, future);
  }
  return pkg;
}

describe('bin/groups-mock.js in an installed package', () => {
  it('runs the build even where src/generated/ looks newer than dist/, or the sources are asked for, and never looks for src/cli.ts', () => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js')))
      throw new Error('no build in dist/: run `npm run build` (npm ci does)');
    const pkg = installedPackage();
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    // Sources asked for too (GROUPS_MOCK_FROM_SOURCE=1): there are none to run, so the build runs.
    const run = spawnSync(process.execPath, [join(pkg, 'bin', 'groups-mock.js'), '--version'], {
      encoding: 'utf8',
      env: { ...process.env, GROUPS_MOCK_FROM_SOURCE: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(version);
    expect(run.status).toBe(0);
  });

  it('without a build it says so, and exits 1', () => {
    const bare = join(dir, 'bare');
    mkdirSync(join(bare, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin', 'groups-mock.js'), join(bare, 'bin', 'groups-mock.js'));
    const run = spawnSync(process.execPath, [join(bare, 'bin', 'groups-mock.js'), '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^groups-mock: no build at .*dist\/src\/cli\.js: this copy of the package is incomplete/,
    );
  });
});
