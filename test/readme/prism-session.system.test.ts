/**
 * The docs session with Prism as referee: the ```bash blocks of the vendor and QA pages
 * (pages.ts: inPrismSession), page by page, in order, but every vendor request goes through
 * `prism proxy <that vendor's spec>` (Prism 5.14.2's own validator) on its way to the mock, as a
 * user checking our specs with Prism would. Prism names what breaks the spec in an `sl-violations` header. No answer of ours may
 * break it; a request may, only where the page says the command is refused (its comment names a 4xx
 * or 5xx: a refusal, or a fault rule answering before any auth) — those recipes show errors on purpose.
 * The admin API (`/__admin`, not in any vendor spec) goes straight to the mock.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { answerClientErrors, createMockServer, type MockServer } from '../../src/engine/app.js';
import { freePort, startPrismProxy } from '../conformance/prism-proxy.js';
import { commandsOf } from './extract.js';
import { docPages, inPrismSession } from './pages.js';
import { runSnippets } from './run-snippets.js';

const pages = docPages().filter((p) => p.blocks.length && inPrismSession(p.file));

interface Seen {
  scriptLine: number;
  method: string;
  url: string;
  status: number;
  violations: Array<{ location?: string[]; message?: string; severity?: string }>;
}

let mock: MockServer;
let mockHttp: Server;
let front: Server;
let frontPort: number;
const prisms: ChildProcess[] = [];
const prismPort = new Map<string, number>();
const seen: Seen[] = [];
/** Vendor requests that went through a Prism, over every page. */
let throughPrism = 0;

const violationsOf = (res: IncomingMessage): Seen['violations'] => {
  const raw = res.headers['sl-violations'];
  if (typeof raw !== 'string' || !raw) return [];
  try {
    return JSON.parse(raw);
  } catch {
    return [{ message: raw }];
  }
};

beforeAll(async () => {
  mock = createMockServer({ apis: allApis, seed: 1, clockMode: 'system' });
  mockHttp = createServer(mock.app);
  answerClientErrors(mockHttp);
  await new Promise<void>((r) => mockHttp.listen(0, '127.0.0.1', r));
  const mockPort = (mockHttp.address() as AddressInfo).port;
  // One Prism per vendor spec, each in front of that vendor's mount, started side by side.
  await Promise.all(
    allApis.map(async (a) => {
      const port = await freePort();
      prismPort.set(a.name, port);
      prisms.push(await startPrismProxy(a.specFile, `http://127.0.0.1:${mockPort}/${a.name}`, port));
    }),
  );
  // The pages' one address: /<api>/… through that API's Prism, anything else to the mock.
  front = createServer((req, res) => {
    const api = /^\/([^/?]+)/.exec(req.url ?? '')?.[1];
    const viaPrism = api !== undefined && prismPort.has(api);
    const target = viaPrism
      ? { port: prismPort.get(api)!, path: req.url!.slice(api.length + 1) || '/' }
      : { port: mockPort, path: req.url! };
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: req.method,
        headers: { ...req.headers, host: `127.0.0.1:${target.port}` },
      },
      (answer) => {
        const headers = { ...answer.headers };
        delete headers['sl-violations'];
        seen.push({
          scriptLine: Number(req.headers['x-docs-line']),
          method: req.method ?? '',
          url: req.url ?? '',
          status: answer.statusCode ?? 0,
          violations: viaPrism ? violationsOf(answer) : [],
        });
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      // The mock dropped the connection on purpose (a connection fault rule): the client sees the same.
      res.socket?.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  frontPort = (front.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const p of prisms) {
    p.removeAllListeners('exit');
    p.kill('SIGTERM');
  }
  front?.closeAllConnections();
  mockHttp?.closeAllConnections();
  await Promise.all([front && new Promise((r) => front.close(r)), mockHttp && new Promise((r) => mockHttp.close(r))]);
});

describe('docs session through Prism proxy', () => {
  for (const page of pages) {
    it(`${page.file}: Prism finds no answer of ours that breaks a spec, and refused requests only where the page says so`, async () => {
      mock.runtime.reset();
      seen.length = 0;
      const run = await runSnippets(page.file, page.blocks, { M: `http://127.0.0.1:${frontPort}` });
      expect(run.code, `${run.failedAt}\n${run.stderr.slice(-3000)}`).toBe(0);
      const commands = commandsOf(page.blocks);
      const commandOf = (s: Seen) => {
        const line = run.pageLineOf(s.scriptLine);
        return line === undefined ? undefined : commands.find((c) => c.start <= line && line <= c.end);
      };
      const viaPrism = seen.filter((s) => prismPort.has(/^\/([^/?]+)/.exec(s.url)?.[1] ?? ''));
      throughPrism += viaPrism.length;
      const describe = (s: Seen, v: Seen['violations'][number]) =>
        `${page.file} line ${run.pageLineOf(s.scriptLine)}: ${s.method} ${s.url} → ${s.status}: ${(v.location ?? []).join('.')} ${v.message ?? ''}`;
      const response = viaPrism.flatMap((s) =>
        s.violations.filter((v) => v.location?.[0] !== 'request').map((v) => describe(s, v)),
      );
      expect(response, 'answers Prism says break the spec').toEqual([]);
      const announcedRefusal = (s: Seen) => [...(commandOf(s)?.statuses ?? [])].some((st) => st >= 400);
      const request = viaPrism.flatMap((s) =>
        announcedRefusal(s) ? [] : s.violations.filter((v) => v.location?.[0] === 'request').map((v) => describe(s, v)),
      );
      expect(request, 'requests of a recipe meant to succeed that Prism says break the spec').toEqual([]);
    });
  }

  it('the pages sent their vendor requests through Prism', () => {
    expect(throughPrism).toBeGreaterThan(20);
  });
});
