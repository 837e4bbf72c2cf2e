/**
 * The typed client of docs/typed-client.md, used as a consumer of the published package would: in a temp
 * project whose `node_modules/groups-mock` holds this package.json (its `exports`) and the declaration
 * files `npm run build` makes (tsconfig.types.json, emitted here), type-checked with tsc (strict),
 * then run with tsx against a mock. A copy with a field the spec does not have must not compile, so
 * the check cannot pass on types that are `any`.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { createMockServer, listen } from '../../src/engine/app.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const PAGE = readFileSync(join(ROOT, 'docs', 'typed-client.md'), 'utf8');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  private?: boolean;
  files: string[];
  exports: Record<string, { types: string; default: string }>;
};

/** The page's ```ts block. */
function typedClientBlock(): string {
  const block = PAGE.match(/^```ts\n([\s\S]*?)^```$/m)?.[1];
  if (!block) throw new Error('docs/typed-client.md: no ```ts block');
  return block;
}

/** The generated types' declaration files in `outDir/src/generated`, as `npm run build` makes them. */
async function declarations(tsc: string, outDir: string): Promise<void> {
  const sources = join(ROOT, 'src', 'generated');
  const built = join(ROOT, 'dist', 'src', 'generated');
  const names = readdirSync(sources)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
  const fresh = names.every((n) =>
    ['.d.ts', '.js'].every(
      (ext) =>
        existsSync(join(built, n + ext)) &&
        statSync(join(built, n + ext)).mtimeMs >= statSync(join(sources, `${n}.ts`)).mtimeMs,
    ),
  );
  if (fresh) return cpSync(built, join(outDir, 'src', 'generated'), { recursive: true });
  await run(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.types.json'), '--outDir', outDir], { cwd: ROOT });
}

let dir: string;
let http: Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'groups-mock-typed-client-'));
  const pkg = join(dir, 'node_modules', PKG.name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(PKG));
  for (const dep of ['openapi-fetch', '@types'])
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const server = createMockServer({ apis: allApis.filter((a) => a.name === 'kazoo'), seed: 42 });
  // The package's declaration files, into the consumer's node_modules: those `npm run build` made
  // (dist/, what the package ships; `npm ci` builds it) when they are as new as the generated
  // sources, else made here as the build makes them — a compile this test need not pay twice.
  const [listening] = await Promise.all([listen(server, 0, '127.0.0.1'), declarations(tsc, join(pkg, 'dist'))]);
  http = listening;
  port = (http.address() as { port: number }).port;
});

afterAll(() => {
  http?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docs/typed-client.md: the typed client', () => {
  it('the package is publishable and exports a declaration file for every generated spec type', () => {
    expect(PKG.private).toBeUndefined();
    const generated = readdirSync(join(ROOT, 'src', 'generated'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(generated.length).toBe(allApis.length);
    for (const api of generated) {
      expect(PKG.exports[`./types/${api}`], api).toEqual({
        types: `./dist/src/generated/${api}.d.ts`,
        default: `./dist/src/generated/${api}.js`,
      });
      expect(
        readFileSync(join(dir, 'node_modules', PKG.name, 'dist', 'src', 'generated', `${api}.d.ts`), 'utf8'),
      ).toContain('export interface paths');
    }
    for (const needed of ['bin/', 'dist/', 'openapi/', 'fixtures/', 'src/generated/', 'README.md'])
      expect(PKG.files).toContain(needed);
  });

  it('compiles (strict) against groups-mock/types/kazoo; a field the spec lacks does not', async () => {
    const snippet = typedClientBlock();
    expect(snippet).toMatch(/from 'groups-mock\/types\/kazoo'/);
    const broken = snippet.replace(/\bg\.name\b/, 'g.nmae');
    expect(broken, 'the block should print g.name (the control changes it)').not.toBe(snippet);
    writeFileSync(join(dir, 'client.ts'), snippet);
    writeFileSync(join(dir, 'broken.ts'), broken);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
      () => '',
      (err: { stdout: string }) => err.stdout,
    );
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(
      errors.filter((l) => l.startsWith('client.ts')),
      out,
    ).toEqual([]);
    expect(errors.filter((l) => l.startsWith('broken.ts')).join('\n')).toMatch(/'nmae' does not exist/);
    expect(
      errors.every((l) => l.startsWith('broken.ts')),
      out,
    ).toBe(true);
  });

  it("runs against the mock: logs in, lists the demo account's groups by name", async () => {
    writeFileSync(join(dir, 'run.ts'), typedClientBlock().replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`));
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const { stdout } = await run(process.execPath, [tsx, join(dir, 'run.ts')], { cwd: dir });
    const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'kazoo.json'), 'utf8'));
    const demo = fixture.accounts.de000000000000000000000000000001;
    const expected = Object.entries<{ doc: { name: string; endpoints?: object } }>(demo.groups)
      .sort(([, a], [, b]) => (a.doc.name < b.doc.name ? -1 : a.doc.name > b.doc.name ? 1 : 0))
      .map(([id, { doc }]) => `${id} ${doc.name}: ${Object.keys(doc.endpoints ?? {}).length} endpoint(s)`);
    expect(expected.length).toBeGreaterThan(1);
    expect(stdout.trim().split('\n')).toEqual(expected);
  });
});
