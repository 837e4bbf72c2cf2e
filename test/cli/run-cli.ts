/** Runs the real `groups-mock` bin, as a user would: a server on an ephemeral port, or a one-shot command. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/groups-mock.js', import.meta.url));

export interface RunningServer {
  /** Everything the command printed up to the end of its banner. */
  output: string;
  base: string;
  stop(): void;
  /** Everything printed so far (the request log follows the banner). */
  log(): string;
  /** What went to stdout and to stderr, apart. */
  stdout(): string;
  stderr(): string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended and its output is all read. */
  exited: Promise<number | null>;
}

/** `groups-mock serve --port 0 ARGS…`, resolved once the banner's last line is out. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const portGiven = args.some((a) => a.startsWith('--port') || a.startsWith('-p')) || 'GROUPS_MOCK_PORT' in env || args.includes('--config');
  return start(['serve', ...(portGiven ? [] : ['--port', '0']), ...args], env);
}

/** `groups-mock ARGS…` (a server: serve or proxy), resolved once its banner's last line is out. */
export function start(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      // "admin:" alone would match the banner's "demo-admin:demo-password" before the last line.
      if (m && /\/__admin\/health\n/.test(output)) {
        clearTimeout(timer);
        resolve({ output, base: m[1]!, stop: () => child.kill('SIGTERM'), log: () => output, stdout: () => stdout, stderr: () => stderr, child, exited });
      }
    };
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

/** `groups-mock ARGS…` to completion (killed after 15 s: a server that starts when it should not fails the test, not the run). */
export function runOnce(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ...env } });
}
