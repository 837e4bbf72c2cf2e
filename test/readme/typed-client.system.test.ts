/**
 * The typed clients of docs/typed-client.md, used as a consumer of the published package would: in a
 * temp project whose `node_modules/groups-mock` holds this package.json (its `exports`) and the
 * declaration files `npm run build` makes (tsconfig.types.json, emitted here), compiled by tsc with
 * the page's own tsconfig.json, then run with node against a mock. A copy with a field the spec does
 * not have must not compile, so the check cannot pass on types that are `any`; the MDM client must
 * carry an odd id past 2^53 through a round trip that openapi-fetch's default parse breaks.
 * (test/package/tarball.system.test.ts does the same with the packed tarball, installed by npm.)
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import type { paths as MdmPaths } from '../../src/generated/client/mdm.js';
import { startMock, type RunningMock } from '../../src/index.js';
import { docFile } from '../package/doc-files.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const PAGE = 'docs/typed-client.md';
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  private?: boolean;
  files: string[];
  exports: Record<string, { types: string; default: string }>;
};
const GENERATED = join(ROOT, 'src', 'generated');
const names = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => f.replace(/\.ts$/, ''))
    : [];
/** The generated files, relative to src/generated (`kazoo`, `client/mdm`). */
const generatedFiles = () => [...names(GENERATED), ...names(join(GENERATED, 'client')).map((n) => `client/${n}`)];

/** The generated types' declaration files in `outDir/src/generated`, as `npm run build` makes them. */
async function declarations(tsc: string, outDir: string): Promise<void> {
  const built = join(ROOT, 'dist', 'src', 'generated');
  const fresh = generatedFiles().every((n) =>
    ['.d.ts', '.js'].every(
      (ext) =>
        existsSync(join(built, n + ext)) &&
        statSync(join(built, n + ext)).mtimeMs >= statSync(join(GENERATED, `${n}.ts`)).mtimeMs,
    ),
  );
  if (fresh) return cpSync(built, join(outDir, 'src', 'generated'), { recursive: true });
  await run(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.types.json'), '--outDir', outDir], { cwd: ROOT });
}

let dir: string;
let mock: RunningMock;
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'groups-mock-typed-client-'));
  const pkg = join(dir, 'node_modules', PKG.name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(PKG));
  for (const dep of ['openapi-fetch', 'lossless-json', '@types'])
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), docFile(PAGE, 'tsconfig.json'));
  // The package's declaration files, into the consumer's node_modules: those `npm run build` made
  // (dist/, what the package ships; `npm ci` builds it) when they are as new as the generated
  // sources, else made here as the build makes them — a compile this test need not pay twice.
  [mock] = await Promise.all([startMock({ api: ['kazoo', 'mdm'], seed: 42 }), declarations(tsc, join(pkg, 'dist'))]);
});

afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** tsc over the temp project: the error lines, by file. */
async function compile(): Promise<string[]> {
  const out = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
    () => '',
    (err: { stdout: string }) => err.stdout,
  );
  return out.split('\n').filter((l) => /error TS\d+/.test(l));
}

const node = (file: string) =>
  run(process.execPath, [join(dir, file)], { cwd: dir, env: { ...process.env, MOCK_URL: mock.baseUrl } });

describe('docs/typed-client.md: the typed client', () => {
  it('the package is publishable and exports a declaration file for every generated spec type', () => {
    expect(PKG.private).toBeUndefined();
    const generated = names(GENERATED);
    expect(generated.length).toBe(allApis.length);
    // The clients' types where a spec has int64s (typed number | bigint), else the handlers' own.
    const clients = names(join(GENERATED, 'client'));
    expect(clients.sort()).toEqual(['mdm', 'thingspace']);
    for (const api of generated) {
      const file = clients.includes(api) ? `client/${api}` : api;
      expect(PKG.exports[`./types/${api}`], api).toEqual({
        types: `./dist/src/generated/${file}.d.ts`,
        default: `./dist/src/generated/${file}.js`,
      });
      expect(
        readFileSync(join(dir, 'node_modules', PKG.name, 'dist', 'src', 'generated', `${file}.d.ts`), 'utf8'),
      ).toContain('export interface paths');
    }
    expect(PKG.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    for (const needed of ['bin/', 'dist/', 'openapi/', 'fixtures/', 'src/generated/', 'README.md'])
      expect(PKG.files).toContain(needed);
  });

  it("compiles with the page's tsconfig (strict, NodeNext); g.nmae and an MDM id as a plain number do not", async () => {
    const kazoo = docFile(PAGE, 'kazoo-client.ts');
    const mdm = docFile(PAGE, 'mdm-client.ts');
    expect(kazoo).toMatch(/from 'groups-mock\/types\/kazoo'/);
    const broken = kazoo.replace(/\bg\.name\b/, 'g.nmae');
    expect(broken, 'the block should print g.name (the control changes it)').not.toBe(kazoo);
    // A client that takes an int64 for a number (what JSON.parse would give) must not compile either.
    const rounding = `${mdm}\nconst n: number = big;\nconsole.log(n);\n`;
    writeFileSync(join(dir, 'kazoo-client.ts'), kazoo);
    writeFileSync(join(dir, 'mdm-client.ts'), mdm);
    writeFileSync(join(dir, 'broken.ts'), broken);
    writeFileSync(join(dir, 'rounding.ts'), rounding);
    const errors = await compile();
    expect(errors.filter((l) => !/^(broken|rounding)\.ts/.test(l))).toEqual([]);
    expect(errors.filter((l) => l.startsWith('broken.ts')).join('\n')).toMatch(
      /TS2339: Property 'nmae' does not exist/,
    );
    expect(errors.filter((l) => l.startsWith('rounding.ts')).join('\n')).toMatch(
      /TS2322: Type 'number \| bigint' is not assignable to type 'number'/,
    );
  });

  it("kazoo-client.js runs against the mock: logs in, lists the demo account's groups by name", async () => {
    const { stdout } = await node('kazoo-client.js');
    const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'kazoo.json'), 'utf8'));
    const demo = fixture.accounts.de000000000000000000000000000001;
    const expected = Object.entries<{ doc: { name: string; endpoints?: object } }>(demo.groups)
      .sort(([, a], [, b]) => (a.doc.name < b.doc.name ? -1 : a.doc.name > b.doc.name ? 1 : 0))
      .map(([id, { doc }]) => `${id} ${doc.name}: ${Object.keys(doc.endpoints ?? {}).length} endpoint(s)`);
    expect(expected.length).toBeGreaterThan(1);
    expect(stdout.trim().split('\n')).toEqual(expected);
  });

  it("mdm-client.js keeps an odd id past 2^53 exact through a round trip; openapi-fetch's default parse does not", async () => {
    const { stdout } = await node('mdm-client.js');
    const big = 9007199254750017n;
    expect(big > 2n ** 53n && big % 2n === 1n).toBe(true);
    expect(stdout.trim()).toBe(
      `group ${big} Kiosk devices: members 987000000654324, 987000000654328, 9007199254741003, 9007199254741007, 9007199254741015, 9007199254741023`,
    );
    // The member is really there, under the exact id.
    const state = await mock.admin.getState<{ groups: Record<string, { members: string[] }> }>('mdm');
    expect(state.groups[String(big)]!.members).toContain('9007199254741003');
    await mock.admin.reset();
    // The same calls with JSON.parse: the id read is another one, and MDM does not know it.
    const plain = createClient<MdmPaths>({
      baseUrl: mock.url('mdm'),
      headers: { Authorization: 'Zoho-oauthtoken demo-mdm-token' },
    });
    const list = await plain.GET('/api/v1/mdm/groups', { params: { query: { limit: 200 } } });
    const ids = list.data!.groups.map((g) => g.group_id);
    expect(ids).not.toContain(big);
    expect(ids).toContain(Number(big));
    expect(String(Number(big))).toBe('9007199254750016');
    const lost = await plain.GET('/api/v1/mdm/groups/{group_id}', { params: { path: { group_id: Number(big) } } });
    expect(lost.response.status).toBe(404);
  });
});
