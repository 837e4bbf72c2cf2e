/**
 * The build's JSON copy of a spec (dist/openapi/<name>.json) is read instead of the YAML only while
 * it is current, and it is the same document: every spec of the project, round-tripped.
 */
import { mkdtempSync, readdirSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpec, specCacheFile, writeSpecCache } from '../../../src/engine/spec/load.js';
import { projectFile } from '../../../src/engine/util/project-files.js';

describe('spec cache', () => {
  it('is the same document as the YAML, for every spec', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'spec-cache-'));
    for (const name of readdirSync(projectFile('openapi')).filter((n) => n.endsWith('.yaml'))) {
      const file = projectFile(`openapi/${name}`);
      const to = join(dir, `${name}.json`);
      writeSpecCache(file, to);
      expect(JSON.parse(readFileSync(to, 'utf8'))).toStrictEqual(parse(readFileSync(file, 'utf8')));
    }
  });

  it('is read while current and ignored once the YAML is newer', () => {
    const root = mkdtempSync(join(os.tmpdir(), 'spec-cache-'));
    mkdirSync(join(root, 'openapi'));
    const file = join(root, 'openapi', 'x.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: {title: from yaml, version: "1"}\npaths: {}\n');
    writeSpecCache(file);
    expect(specCacheFile(file)).toBe(join(root, 'dist', 'openapi', 'x.json'));
    writeFileSync(specCacheFile(file), JSON.stringify({ info: { title: 'from cache' } }));
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    expect(loadSpec(file).info.title).toBe('from cache');
    const future = new Date(Date.now() + 60_000);
    utimesSync(file, future, future);
    expect(loadSpec(file).info.title).toBe('from yaml');
  });
});
