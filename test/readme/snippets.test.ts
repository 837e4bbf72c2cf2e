/**
 * The docs' recipes, pasted as a reader would: every ```bash block of a page is run, in order, in one
 * bash (`set -euo pipefail`) against a real server on a free port — the page's base URL `M` set to it
 * through the environment, `npx groups-mock` the checkout's own bin — one page after the other, each
 * into a fresh mock (run-snippets.ts, session.ts). A block marked ```sh is not run (installing,
 * starting a server in another terminal). A new page, or a new block, is picked up by itself.
 *
 * Statuses are checked too, not only exit codes (session.ts), and every snippet keeps the
 * conventions (extract.ts: the base URL set once, statuses shown, files into a temporary folder).
 * This runs the pages whose snippets only talk to the mock; docs-snippets.system.test.ts runs every
 * page, those that start servers and proxies of their own included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snippetProblems } from './extract.js';
import { docPages, inNpmTest } from './pages.js';
import { checkPage, startDocsServer, type DocsServer } from './session.js';

const pages = docPages();
let server: DocsServer;

beforeAll(async () => {
  server = await startDocsServer();
});

afterAll(async () => {
  await server?.close();
});

describe('docs snippets', () => {
  it('the README and the docs pages have bash blocks to run', () => {
    expect(pages[0]!.file).toBe('README.md');
    expect(pages.filter((p) => p.blocks.length).length).toBeGreaterThan(5);
  });

  it('every snippet of every page keeps the conventions: one base URL, statuses shown, files into a temporary folder', () => {
    expect(pages.flatMap((p) => snippetProblems(p.blocks, p.file))).toEqual([]);
  });

  for (const page of pages.filter((p) => p.blocks.length && inNpmTest(p.file))) {
    it(`${page.file}: every bash block in order against a real server, with the statuses it says`, () =>
      checkPage(server, page));
  }
});
