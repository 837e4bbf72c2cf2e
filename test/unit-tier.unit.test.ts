/**
 * The unit tier (`npm run test:unit`, files `*.unit.test.ts`) holds tests of pure modules: no
 * sockets, no child processes, no server — so that it answers in seconds. This reads every unit
 * file, and the test helpers it imports (test/, followed transitively), and refuses what would make
 * one impure: supertest, the network and process modules, `listen(`, `fetch(`, a mock server.
 * Such a test belongs in `*.test.ts` (in-process end to end) or `*.system.test.ts`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../vitest.unit.config.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TEST = join(ROOT, 'test');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.unit.test.ts') ? [path] : [];
  });
}

/** Modules a unit test may not import: supertest, and those of processes and the network. */
const IMPURE_MODULE =
  /^(?:supertest|(?:node:)?(?:child_process|cluster|worker_threads|http|https|http2|net|tls|dgram))$/;

/** Calls a unit test may not make (read with string literals blanked: a sample in quotes is no call). */
const IMPURE_CALL: [RegExp, string][] = [
  [/\blisten\(/, 'listen('],
  [/\bfetch\(/, 'fetch('],
  [/\b(?:testServer|createMockServer|startDocsServer)\(/, 'a mock server'],
  [/(?<![\w.$])(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|fork)\(/, 'a child process'],
];

const STRING = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

/** Where a text is impure: `what (line N)` for each finding. */
function impurities(text: string): string[] {
  const found: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (/^\s*(?:\*|\/\/|\/\*)/.test(line)) continue; // comments may name what they avoid
    // An import statement's module (also the last line of a multi-line import), and a dynamic import's.
    // Strings blanked, but for the specifier of a dynamic import.
    const code = line.replace(STRING, (s, at: number) => (/\bimport\(\s*$/.test(line.slice(0, at)) ? s : "''"));
    const specifiers = [
      ...line.matchAll(/^\s*(?:(?:import|export)\b|\})[^'"]*?(?:from\s*)?['"]([^'"]+)['"]/g),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]!);
    for (const s of specifiers) if (IMPURE_MODULE.test(s)) found.push(`import ${s} (line ${i + 1})`);
    for (const [re, what] of IMPURE_CALL) if (re.test(code)) found.push(`${what} (line ${i + 1})`);
  }
  return found;
}

/** The test/ files a file imports (relative imports that stay inside test/), transitively, itself first. */
function withTestImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const out = [file];
  for (const m of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
    if (target.startsWith(TEST) && existsSync(target)) out.push(...withTestImports(target, seen));
  }
  return out;
}

describe('the unit tier', () => {
  const unit = files(TEST);

  it('is what vitest.unit.config.ts runs, and npm test runs it too', () => {
    expect(config.test?.include).toEqual(['test/**/*.unit.test.ts']);
    expect(unit.length).toBeGreaterThan(10);
  });

  it('holds no socket, no child process, no server — nor does any test helper it imports', () => {
    const problems = unit.flatMap((file) =>
      withTestImports(file).flatMap((f) =>
        impurities(readFileSync(f, 'utf8')).map(
          (p) => `${relative(ROOT, file)}${f === file ? '' : ` via ${relative(ROOT, f)}`}: ${p}`,
        ),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('would refuse what makes a test impure (the check itself can fail)', () => {
    expect(impurities("import request from 'supertest';")).toEqual(['import supertest (line 1)']);
    expect(impurities("import { spawn } from 'node:child_process';\nspawn(node);")).toEqual([
      'import node:child_process (line 1)',
      'a child process (line 2)',
    ]);
    expect(impurities("import {\n  createServer,\n} from 'node:net';")).toEqual(['import node:net (line 3)']);
    expect(impurities("const { request } = await import('http');")).toEqual(['import http (line 1)']);
    expect(impurities('await app.listen(0);')).toEqual(['listen( (line 1)']);
    expect(impurities('const s = testServer();\nawait fetch(url);')).toEqual([
      'a mock server (line 1)',
      'fetch( (line 2)',
    ]);
    // Comments, and samples in string literals, are not code.
    expect(impurities("// no 'node:http' here\n * nor supertest\nconst sample = 'spawn(x)';")).toEqual([]);
    expect(impurities("import { readFileSync } from 'node:fs';")).toEqual([]);
  });
});
