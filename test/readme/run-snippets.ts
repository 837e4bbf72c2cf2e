/**
 * Runs one docs page's bash blocks as one script (extract.ts builds it) as a reader would paste them:
 * in a scratch project that has groups-mock installed (`node_modules/groups-mock` is this checkout,
 * so `npx groups-mock …` runs its bin without the network), with a clean environment whose base URL
 * variable `M` names the server under test, and a `TMPDIR` of its own. Every process the page starts
 * (a mock or a proxy in the background) is in the script's process group: the run reports what was
 * still running when the page ended (a page stops what it starts), then stops it. It also reports
 * what the page left in the project folder: a snippet writes into a temporary folder, never into
 * the reader's working tree.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedProject, OFFLINE_NPM } from '../cli/installed-project.js';
import { inGroup, until } from '../cli/processes.js';
import { HANG_GUARD_MS } from '../hang-guard.js';
import { buildScript, type Block } from './extract.js';

export interface SnippetRun {
  code: number | null;
  stdout: string;
  stderr: string;
  pageLineOf(scriptLine: number): number | undefined;
  /** "<page> line N exited E" when a command failed, else ''. */
  failedAt: string;
  /** Files the page wrote into the project folder (it should write none). */
  leftInProject: string[];
  /** Processes the page started and left running when it ended (it should stop what it starts). */
  leftRunning: string[];
  /** The status of every curl call that got an answer, by the script line it came from. */
  statuses: Array<{ scriptLine: number; status: number }>;
}

/** The last status line curl's `-D` file holds (after a `100 Continue` or a redirect); none when the connection failed. */
function statusesIn(dir: string): SnippetRun['statuses'] {
  return readdirSync(dir).flatMap((f) => {
    const all = [...readFileSync(join(dir, f), 'latin1').matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)];
    return all.length ? [{ scriptLine: Number(f.split('.')[0]), status: Number(all.at(-1)![1]) }] : [];
  });
}

export async function runSnippets(
  file: string,
  blocks: Block[],
  env: Record<string, string>,
  timeoutMs = HANG_GUARD_MS,
): Promise<SnippetRun> {
  const { script, pageLineOf } = buildScript(blocks, file);
  const dir = mkdtempSync(join(tmpdir(), 'docs-snippets-'));
  try {
    const project = installedProject(dir);
    const before = new Set(readdirSync(project));
    for (const sub of ['home', 'tmp', 'statuses']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'snippets.sh'), script);
    const child = spawn('bash', [join(dir, 'snippets.sh')], {
      cwd: project,
      // Its own process group: what the page leaves running in the background is found, and stopped.
      detached: true,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: join(dir, 'home'),
        TMPDIR: join(dir, 'tmp'),
        DOCS_STATUS_DIR: join(dir, 'statuses'),
        LC_ALL: 'C',
        ...OFFLINE_NPM,
        ...env,
      },
    });
    const group = child.pid!;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = once(child, 'close');
    const timer = setTimeout(() => {
      stderr += `\nDOCS-TIMEOUT after ${timeoutMs} ms\n`;
      process.kill(-group, 'SIGKILL');
    }, timeoutMs);
    const [code] = (await Promise.race([
      once(child, 'exit'),
      once(child, 'error').then(([err]) => Promise.reject(err)),
    ])) as [number | null];
    clearTimeout(timer);
    // A server the page started and stopped has a moment to finish; one it never stopped is still there.
    await until(() => inGroup(group).length === 0);
    const leftRunning = inGroup(group).map((p) => p.cmdline);
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Nothing was left running.
    }
    await closed;
    const run = { code, stdout, stderr };
    const failed = /^DOCS-FAILED script-line=(\d+) exit=(\d+)$/m.exec(run.stderr);
    const leftInProject = readdirSync(project).filter((f) => !before.has(f));
    return {
      ...run,
      pageLineOf,
      failedAt: failed ? `${file} line ${pageLineOf(Number(failed[1]))} exited ${failed[2]}` : '',
      leftInProject,
      leftRunning,
      statuses: statusesIn(join(dir, 'statuses')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
