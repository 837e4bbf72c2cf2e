/**
 * Runs the README's bash blocks as one script (extract.ts builds it) against a server on `port`, as a
 * newcomer would in a checkout: in a scratch folder with the repository's `bin/` linked in (the proxy
 * recipe runs `node bin/groups-mock.js`), the proxy's README port 4020 mapped to a free one, and a
 * clean environment. Both README tests (the plain one, and the one refereed by Prism) use it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../conformance/prism-proxy.js';
import { buildScript, type Block } from './extract.js';

export interface ReadmeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  readmeLineOf(scriptLine: number): number | undefined;
  /** "README.md line N exited E" when a command failed, else ''. */
  failedAt: string;
}

export async function runReadme(blocks: Block[], port: number): Promise<ReadmeRun> {
  const { script, readmeLineOf } = buildScript(blocks, port, { 4020: await freePort() });
  const dir = mkdtempSync(join(tmpdir(), 'readme-'));
  try {
    writeFileSync(join(dir, 'readme.sh'), script);
    symlinkSync(fileURLToPath(new URL('../../bin', import.meta.url)), join(dir, 'bin'));
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['readme.sh'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const failed = /^README-FAILED script-line=(\d+) exit=(\d+)$/m.exec(run.stderr);
    return {
      ...run,
      readmeLineOf,
      failedAt: failed ? `README.md line ${readmeLineOf(Number(failed[1]))} exited ${failed[2]}` : '',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
