/**
 * The engine's shape, guarded: imports read from the source files themselves. No import cycles;
 * the layers only import downwards (util, types ← kit, spec ← state ← qa ← runtime ← pipeline,
 * admin ← app); vendor folders import nothing of the engine but the kit; spec/ and qa/ never import
 * Express; and the project-root path the engine computes is really the root.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** `from '...'` and `import('...')` specifiers of a file, type-only imports included. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g,
  ))
    found.push((m[1] ?? m[2] ?? m[3])!);
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

  it('reads every kind of import statement', () => {
    expect(
      importsOf(
        "import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nexport * from './d.js';\nconst e = await import('./e.js');\nimport './f.js';",
      ).sort(),
    ).toEqual(['../b.js', './a.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('finds the project root: projectFile names files that exist', () => {
    expect(existsSync(projectFile('package.json'))).toBe(true);
    expect(existsSync(projectFile('openapi/kazoo.yaml'))).toBe(true);
    expect(projectFile('package.json')).toBe(join(ROOT, 'package.json'));
  });
});
