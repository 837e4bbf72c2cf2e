/**
 * The engine's shape, guarded: imports read from the source files themselves. No import cycles;
 * the layers only import downwards (util, types ← kit, spec ← state ← qa ← runtime ← pipeline,
 * admin ← app); vendor folders import nothing of the engine but the kit; spec/ and qa/ never import
 * Express; no file (src/, bench/, scripts/, test/) imports a package's internal files, only its
 * documented entry points; and the project-root path the engine computes is really the root.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectFile } from '../../src/engine/util/project-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `from '...'`, `import('...')` and `require('...')` specifiers of a file (either quote), type-only imports included. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+(['"])([^'"]+)\1|(?:import|require)\(\s*(['"])([^'"]+)\3\s*\)|(?:^|\n)\s*import\s+(['"])([^'"]+)\5/g,
  ))
    found.push((m[2] ?? m[4] ?? m[6])!);
  return found;
}

/** Each source file (relative to src/) with the project files it imports (relative) and the packages. */
function graph(): Map<string, { local: string[]; packages: string[] }> {
  const out = new Map<string, { local: string[]; packages: string[] }>();
  for (const file of sources(SRC)) {
    const local: string[] = [];
    const packages: string[] = [];
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) local.push(relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
      else packages.push(spec);
    }
    out.set(relative(SRC, file), { local, packages });
  }
  return out;
}

/** The engine layer a file belongs to; lower numbers are lower layers. */
const LAYERS: Array<[RegExp, string, number]> = [
  [/^engine\/util\//, 'util', 0],
  [/^engine\/types\.ts$/, 'types', 0],
  [/^generated\//, 'generated', 0],
  [/^engine\/kit\//, 'kit', 1],
  [/^engine\/spec\//, 'spec', 1],
  [/^engine\/state\//, 'state', 2],
  [/^engine\/qa\//, 'qa', 3],
  [/^engine\/runtime\.ts$/, 'runtime', 4],
  [/^engine\/pipeline\//, 'pipeline', 5],
  [/^engine\/admin\//, 'admin', 5],
  [/^engine\/app\.ts$/, 'app', 6],
];

const layerOf = (file: string) => LAYERS.find(([re]) => re.test(file));

/** Every problem with a graph: cycles, imports against the layers, vendor and Express rules. */
export function architectureProblems(g: Map<string, { local: string[]; packages: string[] }>): string[] {
  const problems: string[] = [];
  for (const [file, { local, packages }] of g) {
    const from = layerOf(file);
    for (const target of local) {
      const to = layerOf(target);
      if (file.startsWith('apis/') && target.startsWith('engine/') && !target.startsWith('engine/kit/'))
        problems.push(`${file} imports ${target}: vendors import only engine/kit`);
      if (from && to && from[1] !== to[1] && to[2] >= from[2] && !(from[1] === 'kit' && to[1] === 'util'))
        problems.push(`${file} (${from[1]}) imports ${target} (${to[1]}): only lower layers may be imported`);
      if (from?.[1] === 'kit' && to && !['util', 'types', 'kit'].includes(to[1]))
        problems.push(`${file} (kit) imports ${target}: the kit stands on util and types only`);
    }
    if (/^engine\/(spec|qa)\//.test(file) && packages.some((p) => p === 'express' || p.startsWith('express-')))
      problems.push(`${file} imports Express: spec/ and qa/ do not know HTTP frameworks`);
  }
  // Cycles: a depth-first walk that meets a file still on its path.
  const state = new Map<string, 'open' | 'done'>();
  const walk = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      problems.push(`import cycle: ${[...path.slice(path.indexOf(file)), file].join(' → ')}`);
      return;
    }
    state.set(file, 'open');
    for (const next of g.get(file)?.local ?? []) if (g.has(next)) walk(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of g.keys()) walk(file, []);
  return problems;
}

/** What a package's manifest says of its entry points. */
interface Manifest {
  exports?: unknown;
  main?: string;
}

/**
 * Subpaths documented as entry points by the package's own documentation, though it has no
 * `exports` map to list them: each with where it is documented.
 */
const DOCUMENTED_SUBPATHS: Record<string, string> = {
  'ajv/dist/2020.js': 'https://ajv.js.org/json-schema.html#draft-2020-12 (`import Ajv2020 from "ajv/dist/2020"`)',
};

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]. */
function splitSpecifier(spec: string): [pkg: string, sub: string] {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return [parts.slice(0, n).join('/'), parts.slice(n).join('/')];
}

/** Whether an `exports` map lists `./sub` (exactly, or by a `*` pattern); `sub` empty is the package itself. */
function exportsList(exports: unknown, sub: string): boolean {
  const key = sub ? `./${sub}` : '.';
  if (typeof exports === 'string' || Array.isArray(exports)) return !sub;
  if (!exports || typeof exports !== 'object') return false;
  const keys = Object.keys(exports);
  // Conditions only (`{import, require}`): the package's one entry point.
  if (!keys.some((k) => k.startsWith('.'))) return !sub;
  return keys.some((k) => {
    if (k === key) return true;
    const star = k.indexOf('*');
    return star >= 0 && key.startsWith(k.slice(0, star)) && key.endsWith(k.slice(star + 1));
  });
}

/**
 * Every import of a package that is not one of its documented entry points: the package itself
 * (its exports map's `.`, or its `main`), or a subpath its exports map lists — or that its
 * documentation names (DOCUMENTED_SUBPATHS). Node's own modules are always fine.
 */
export function entryPointProblems(
  imports: Array<{ file: string; spec: string }>,
  manifestOf: (pkg: string) => Manifest | undefined,
): string[] {
  const problems: string[] = [];
  for (const { file, spec } of imports) {
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec))
      continue;
    const [pkg, sub] = splitSpecifier(spec);
    const manifest = manifestOf(pkg);
    if (!manifest) {
      problems.push(`${file} imports ${spec}: no package ${pkg} is installed`);
      continue;
    }
    if (DOCUMENTED_SUBPATHS[spec]) continue;
    const listed = manifest.exports !== undefined ? exportsList(manifest.exports, sub) : !sub;
    if (!listed)
      problems.push(
        `${file} imports ${spec}: ${pkg} does not document ./${sub} as an entry point (only its exports map or main)`,
      );
  }
  return problems;
}

/** Every source file of the project's own code, tests and tools. */
function projectCode(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      // This file holds sample imports as data, not imports.
      if (name === 'node_modules' || name === 'dist' || path === fileURLToPath(import.meta.url)) return [];
      return statSync(path).isDirectory() ? walk(path) : /\.(ts|mts|cts|mjs|cjs|js)$/.test(name) ? [path] : [];
    });
  return ['src', 'bench', 'scripts', 'test'].flatMap((d) => (existsSync(join(ROOT, d)) ? walk(join(ROOT, d)) : []));
}

const ownManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest & { name: string };

function installedManifest(pkg: string): Manifest | undefined {
  if (pkg === ownManifest.name) return ownManifest;
  const file = join(ROOT, 'node_modules', pkg, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
}

describe('engine architecture', () => {
  it('has no import cycle, imports only downwards, keeps vendors on the kit and Express out of spec/ and qa/', () => {
    expect(architectureProblems(graph())).toEqual([]);
  });

  it('reports each kind of breach (the check itself can fail)', () => {
    const g = new Map([
      ['engine/spec/a.ts', { local: ['engine/pipeline/x.ts'], packages: ['express'] }],
      ['engine/pipeline/x.ts', { local: ['engine/spec/a.ts'], packages: [] }],
      ['apis/acme/index.ts', { local: ['engine/types.ts'], packages: [] }],
      ['engine/kit/k.ts', { local: ['engine/state/clock.ts'], packages: [] }],
      ['engine/state/clock.ts', { local: [], packages: [] }],
    ]);
    const problems = architectureProblems(g);
    expect(
      problems.some((p) => p.startsWith('import cycle: engine/spec/a.ts → engine/pipeline/x.ts → engine/spec/a.ts')),
    ).toBe(true);
    expect(problems).toContain(
      'engine/spec/a.ts (spec) imports engine/pipeline/x.ts (pipeline): only lower layers may be imported',
    );
    expect(problems).toContain('engine/spec/a.ts imports Express: spec/ and qa/ do not know HTTP frameworks');
    expect(problems).toContain('apis/acme/index.ts imports engine/types.ts: vendors import only engine/kit');
    expect(problems).toContain(
      'engine/kit/k.ts (kit) imports engine/state/clock.ts: the kit stands on util and types only',
    );
  });

  it("imports only packages' documented entry points, in src/, bench/, scripts/ and test/", () => {
    const imports = projectCode().flatMap((path) =>
      importsOf(readFileSync(path, 'utf8')).map((spec) => ({ file: relative(ROOT, path), spec })),
    );
    expect(imports.length).toBeGreaterThan(100);
    expect(entryPointProblems(imports, installedManifest)).toEqual([]);
  });

  it('reports a deep import, an unlisted subpath and a missing package (the check itself can fail)', () => {
    const manifests: Record<string, Manifest> = {
      'express-openapi-validator': { main: 'dist/index.js' },
      yaml: { exports: { '.': './dist/index.js', './util': './dist/util.js' } },
      '@scope/kit': { exports: { '.': './index.js', './parts/*': './lib/parts/*.js' } },
      ajv: { main: 'dist/ajv.js' },
    };
    const problems = entryPointProblems(
      [
        { file: 'src/a.ts', spec: 'express-openapi-validator/dist/openapi.validator.js' },
        { file: 'src/a.ts', spec: 'express-openapi-validator' },
        { file: 'src/b.ts', spec: 'yaml/dist/compose/composer.js' },
        { file: 'src/b.ts', spec: 'yaml/util' },
        { file: 'src/c.ts', spec: '@scope/kit/parts/x' },
        { file: 'src/c.ts', spec: '@scope/kit/lib/parts/x.js' },
        { file: 'src/d.ts', spec: 'ajv/dist/compile/index.js' },
        { file: 'src/d.ts', spec: 'ajv/dist/2020.js' },
        { file: 'src/e.ts', spec: 'left-pad' },
        { file: 'src/e.ts', spec: 'node:fs' },
        { file: 'src/e.ts', spec: 'fs' },
      ],
      (pkg) => manifests[pkg],
    );
    expect(problems).toEqual([
      'src/a.ts imports express-openapi-validator/dist/openapi.validator.js: express-openapi-validator does not document ./dist/openapi.validator.js as an entry point (only its exports map or main)',
      'src/b.ts imports yaml/dist/compose/composer.js: yaml does not document ./dist/compose/composer.js as an entry point (only its exports map or main)',
      'src/c.ts imports @scope/kit/lib/parts/x.js: @scope/kit does not document ./lib/parts/x.js as an entry point (only its exports map or main)',
      'src/d.ts imports ajv/dist/compile/index.js: ajv does not document ./dist/compile/index.js as an entry point (only its exports map or main)',
      'src/e.ts imports left-pad: no package left-pad is installed',
    ]);
  });

  it('reads every kind of import statement', () => {
    expect(
      importsOf(
        "import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nexport * from './d.js';\nconst e = await import('./e.js');\nimport './f.js';\nimport g from \"g/h\";\nconst i = require('i/j');",
      ).sort(),
    ).toEqual(['../b.js', './a.js', './c.js', './d.js', './e.js', './f.js', 'g/h', 'i/j']);
  });

  it('finds the project root: projectFile names files that exist', () => {
    expect(existsSync(projectFile('package.json'))).toBe(true);
    expect(existsSync(projectFile('openapi/kazoo.yaml'))).toBe(true);
    expect(projectFile('package.json')).toBe(join(ROOT, 'package.json'));
  });
});
