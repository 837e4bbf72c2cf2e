/**
 * Every docs page's snippets, pasted in order as a reader would — the README and every page under
 * docs/, those whose snippets start mocks and proxies of their own (`npx groups-mock serve|proxy|contract`)
 * included — each into a fresh mock, with the statuses each command says (session.ts). `npm test`
 * runs the pages that only talk to the mock (snippets.test.ts); this runs them all.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { docPages } from './pages.js';
import { checkPage, startDocsServer, type DocsServer } from './session.js';

let server: DocsServer;

beforeAll(async () => {
  server = await startDocsServer();
});

afterAll(async () => {
  await server?.close();
});

describe('every docs page, pasted in order', () => {
  for (const page of docPages().filter((p) => p.blocks.length)) {
    it(`${page.file}: every bash block in order against a real server, with the statuses it says`, () =>
      checkPage(server, page));
  }
});
