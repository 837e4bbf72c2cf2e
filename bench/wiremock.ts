/**
 * WireMock 3.13 standalone beside the mock in `npm run bench`: the jar of npm's `wiremock` package,
 * started through the package's own bin (which runs `java -jar` on it), with one stub per read
 * answering the mock's exact bytes (`base64Body`, so no byte is re-encoded) and Content-Type.
 *
 * Java comes from the machine (Debian: `apt-get install -y openjdk-17-jre-headless`); without it the
 * bench says so and measures the others.
 *
 * @example
 *   const wm = await startWireMock({ dir, port, stubs: [{ path: '/kazoo/v2/…', bodyFile, contentType }] });
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Server, startServer } from './procs.js';

/** The mock's own bound on its journal (`--journal-size`'s default): WireMock keeps as many requests. */
const JOURNAL_ENTRIES = 1000;

export interface WireMockStub {
  /** The read's path and query, matched exactly (`url`). */
  path: string;
  bodyFile: string;
  contentType: string;
}

/** `java -version`'s first line, or undefined when there is no Java to run WireMock with. */
export function javaVersion(): string | undefined {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return `${r.stderr}${r.stdout}`.split('\n')[0]?.trim();
}

/** The package's bin (its package.json `bin`), which npm links as `node_modules/.bin/wiremock`. */
export function wireMockBin(): { bin: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('wiremock/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string; bin: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.wiremock!;
  return { bin: join(dirname(pkgFile), bin), version: pkg.version };
}

/** Writes the stubs into `dir/mappings` and starts WireMock on `port` with `dir` as its root. */
export async function startWireMock(opts: { dir: string; port: number; stubs: WireMockStub[] }): Promise<Server> {
  mkdirSync(join(opts.dir, 'mappings'), { recursive: true });
  mkdirSync(join(opts.dir, '__files'), { recursive: true });
  opts.stubs.forEach((s, i) => {
    const mapping = {
      request: { method: 'GET', url: s.path },
      response: {
        status: 200,
        base64Body: readFileSync(s.bodyFile).toString('base64'),
        headers: { 'Content-Type': s.contentType },
      },
    };
    writeFileSync(join(opts.dir, 'mappings', `read-${i}.json`), JSON.stringify(mapping));
  });
  const { bin } = wireMockBin();
  const first = opts.stubs[0]!;
  return startServer(
    'wiremock',
    [
      bin,
      '--port',
      String(opts.port),
      '--bind-address',
      '127.0.0.1',
      '--root-dir',
      opts.dir,
      '--disable-banner',
      '--max-request-journal-entries',
      String(JOURNAL_ENTRIES),
      '--disable-request-logging',
    ],
    opts.port,
    async (url) => (await fetch(url + first.path)).ok,
  );
}
