/**
 * The README's recipes, pasted in order as a newcomer would: every ```bash block is run, in order, in
 * one bash (`set -euo pipefail`) against a real server on a free port (the README's `127.0.0.1:4010`
 * becomes that port; the proxy's 4020 another free one; `bin/` is the repository's). A block marked ```sh is not run (installing, starting a server in another
 * terminal). A new block — a new vendor's section — is picked up by itself.
 *
 * Statuses are checked too, not only exit codes: every curl carries the README line it came from, and
 * a response must be 1xx–3xx unless that command's comment names its status (`# 404 bad_identifier`,
 * `# 200 200 429 60`); each status a comment names must have been answered at least once.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { createMockServer, answerClientErrors, type MockServer } from '../../src/engine/app.js';
import { bashBlocks, commandsOf } from './extract.js';
import { runReadme } from './run-readme.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Answered {
  /** The line of the generated script the request came from (X-Readme-Line). */
  scriptLine: number;
  method: string;
  url: string;
  status: number;
}

let mock: MockServer;
let http: Server;
let port: number;
const answered: Answered[] = [];

beforeAll(async () => {
  // What `npm start` serves: every API, seed 1, the wall clock.
  mock = createMockServer({ apis: allApis, seed: 1, clockMode: 'system' });
  http = createServer((req, res) => {
    const line = Number(req.headers['x-readme-line']);
    res.on('finish', () =>
      answered.push({ scriptLine: line, method: req.method ?? '', url: req.url ?? '', status: res.statusCode }),
    );
    mock.app(req, res);
  });
  answerClientErrors(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as { port: number }).port;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

describe('README', () => {
  it('has bash blocks to run', () => {
    expect(bashBlocks(README).length).toBeGreaterThan(5);
  });

  it('runs every bash block in order against a real server, with the statuses it says', async () => {
    const blocks = bashBlocks(README);
    const run = await runReadme(blocks, port);
    expect(
      run.code,
      `${run.failedAt}\n--- stderr\n${run.stderr.slice(-3000)}\n--- stdout\n${run.stdout.slice(-3000)}`,
    ).toBe(0);
    const { readmeLineOf } = run;

    // Each request back to the README command it came from.
    const commands = commandsOf(blocks);
    const commandOf = (a: Answered) => {
      const line = readmeLineOf(a.scriptLine);
      return line === undefined ? undefined : commands.find((c) => c.start <= line && line <= c.end);
    };
    const seen = answered.map((a) => ({ ...a, command: commandOf(a) }));
    expect(
      seen.filter((a) => !a.command).map((a) => `${a.method} ${a.url}`),
      'requests not from a README command',
    ).toEqual([]);
    const wrong = seen
      .filter((a) => (a.command!.statuses.size ? !a.command!.statuses.has(a.status) : a.status >= 400))
      .map((a) => `README.md line ${a.command!.start}: ${a.method} ${a.url} answered ${a.status}`);
    expect(wrong, 'statuses the README does not announce').toEqual([]);
    const missing = commands.flatMap((c) =>
      [...c.statuses]
        .filter((s) => !seen.some((a) => a.command === c && a.status === s))
        .map((s) => `README.md line ${c.start}: announced ${s}, never answered`),
    );
    expect(missing).toEqual([]);
    expect(answered.length).toBeGreaterThan(20);
    expect(mock.violations, 'responses of ours that broke the spec').toEqual([]);
  });
});
