/**
 * The server a docs page's snippets run against — what `npm start` serves (every API, seed 1, the
 * wall clock), in process — and the check of what they got: every request to it carries the page
 * line of the command it came from (`X-Docs-Line`); every curl call's status, to this server or to
 * one the page started itself, must be 1xx–3xx unless that command's comment names its status
 * (`# 404 bad_identifier`, `# 200 200 429 60`), and each status a comment names must have been
 * answered at least once.
 */
import { createServer, type Server } from 'node:http';
import { allApis } from '../../src/apis/index.js';
import { answerClientErrors, createMockServer, type MockServer } from '../../src/engine/app.js';
import { expect } from 'vitest';
import { commandsOf, type Block } from './extract.js';
import type { Page } from './pages.js';
import { runSnippets, type SnippetRun } from './run-snippets.js';

export interface Answered {
  /** The line of the generated script the request came from (X-Docs-Line). */
  scriptLine: number;
  method: string;
  url: string;
  status: number;
}

export interface DocsServer {
  mock: MockServer;
  base: string;
  answered: Answered[];
  /** Every API of every namespace back to its demo tenant, and the record of answers emptied: a fresh `npm start`. */
  fresh(): void;
  close(): Promise<void>;
}

export async function startDocsServer(): Promise<DocsServer> {
  const mock = createMockServer({ apis: allApis, seed: 1, clockMode: 'system' });
  const answered: Answered[] = [];
  const http: Server = createServer((req, res) => {
    const line = Number(req.headers['x-docs-line']);
    res.on('finish', () =>
      answered.push({ scriptLine: line, method: req.method ?? '', url: req.url ?? '', status: res.statusCode }),
    );
    mock.app(req, res);
  });
  answerClientErrors(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    mock,
    base: `http://127.0.0.1:${(http.address() as { port: number }).port}`,
    answered,
    fresh() {
      mock.runtime.reset();
      answered.length = 0;
    },
    async close() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** Requests to the server that carry a page line but came from no command of it, statuses the page does not announce, and statuses it announces that never came. */
export function statusProblems(
  file: string,
  blocks: Block[],
  run: SnippetRun,
  answered: Answered[],
): { unattributed: string[]; unannounced: string[]; missing: string[] } {
  const commands = commandsOf(blocks);
  const commandAt = (scriptLine: number) => {
    const line = run.pageLineOf(scriptLine);
    return line === undefined ? undefined : commands.find((c) => c.start <= line && line <= c.end);
  };
  // Requests without the header came from a tool the page ran (contract, a proxy's own calls): their exit code speaks for them.
  const unattributed = answered
    .filter((a) => Number.isFinite(a.scriptLine) && !commandAt(a.scriptLine))
    .map((a) => `${a.method} ${a.url}`);
  const got = run.statuses.map((s) => ({ ...s, command: commandAt(s.scriptLine) }));
  const unannounced = got
    .filter((g) => !g.command || (g.command.statuses.size ? !g.command.statuses.has(g.status) : g.status >= 400))
    .map((g) => `${file} line ${g.command?.start ?? `? (script line ${g.scriptLine})`}: answered ${g.status}`);
  const missing = commands.flatMap((c) =>
    [...c.statuses]
      .filter((s) => !got.some((g) => g.command === c && g.status === s))
      .map((s) => `${file} line ${c.start}: announced ${s}, never answered`),
  );
  return { unattributed, unannounced, missing };
}

/** Runs a page's snippets into a fresh mock and fails on anything they did not say they would get. */
export async function checkPage(server: DocsServer, page: Page): Promise<void> {
  server.fresh();
  const run = await runSnippets(page.file, page.blocks, { M: server.base });
  expect(
    run.code,
    `${run.failedAt}\n--- stderr\n${run.stderr.slice(-3000)}\n--- stdout\n${run.stdout.slice(-3000)}`,
  ).toBe(0);
  expect(run.leftInProject, 'files written into the working folder').toEqual([]);
  expect(run.leftRunning, 'processes the page started and never stopped').toEqual([]);
  const { unattributed, unannounced, missing } = statusProblems(page.file, page.blocks, run, server.answered);
  expect(unattributed, 'requests not from a command of the page').toEqual([]);
  expect(unannounced, 'statuses the page does not announce').toEqual([]);
  expect(missing).toEqual([]);
  expect(server.mock.violations, 'responses of ours that broke the spec').toEqual([]);
}
