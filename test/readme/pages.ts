/**
 * The docs pages whose snippets the tests run: the README, then every page under docs/ (in path
 * order) — a new page is picked up by itself. Each page is pasted on its own, in order, into a fresh
 * mock, as a reader who opens that page would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bashBlocks, type Block } from './extract.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Page {
  /** Path from the repository root (`docs/vendors/kazoo.md`). */
  file: string;
  text: string;
  blocks: Block[];
}

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? markdownUnder(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    )
    .sort();
}

export function docPages(): Page[] {
  const files = [join(ROOT, 'README.md'), ...markdownUnder(join(ROOT, 'docs'))];
  return files.map((path) => {
    const file = relative(ROOT, path);
    const text = readFileSync(path, 'utf8');
    return { file, text, blocks: bashBlocks(text, file) };
  });
}

/**
 * Pages whose snippets start servers or proxies of their own (each a process start, seconds on a
 * loaded machine): run by docs-snippets.system.test.ts with every other page, not by `npm test`.
 */
const SYSTEM_TIER_ONLY = new Set(['docs/admin-api.md', 'docs/cli.md', 'docs/contract-testing.md', 'docs/https.md']);

/** Whether `npm test` runs this page's snippets (all pages run in the system tier). */
export const inNpmTest = (file: string) => !SYSTEM_TIER_ONLY.has(file);

/**
 * Whether the Prism session runs the page: the pages `npm test` runs, but not the README, whose
 * vendor requests repeat docs/vendors/kazoo.md's and docs/qa.md's and whose CI recipe talks to a
 * mock of its own, which no Prism stands in front of.
 */
export const inPrismSession = (file: string) => inNpmTest(file) && file !== 'README.md';
