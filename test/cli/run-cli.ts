/** Runs the real `groups-mock` bin, as a user would: a server on an ephemeral port, or a one-shot command. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HANG_GUARD_MS } from '../hang-guard.js';

export const BIN = fileURLToPath(new URL('../../bin/groups-mock.js', import.meta.url));

export interface RunningServer {
  /** Everything the command printed up to the end of its banner. */
  output: string;
  base: string;
  stop(): void;
  /** Everything printed so far (the request log follows the banner). */
  log(): string;
  /** Everything printed, once it matches `re` (a request's log line comes after its answer). */
  waitFor(re: RegExp): Promise<string>;
  /** Everything it printed, once it has exited (after `stop`). */
  closed: Promise<string>;
  /** What went to stdout and to stderr, apart. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended and its output is all read. */
  exited: Promise<number | null>;
}

/** `groups-mock serve --port 0 ARGS…`, resolved once the banner's last line is out. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const portGiven =
    args.some((a) => a.startsWith('--port') || a.startsWith('-p')) ||
    'GROUPS_MOCK_PORT' in env ||
    args.includes('--config');
  return start(['serve', ...(portGiven ? [] : ['--port', '0']), ...args], env);
}

/** `groups-mock ARGS…` (a server: serve or proxy), resolved once its banner's last line is out. */
export function start(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  const closed = new Promise<string>((resolve) => child.on('close', () => resolve(output)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    // Only a hang guard: a loaded machine may take long to start it (test/hang-guard.ts).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner in ${HANG_GUARD_MS / 1000} s:\n${output}`));
    }, HANG_GUARD_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      // "admin:" alone would match the banner's "demo-admin:demo-password" before the last line.
      if (m && /\/__admin\/health\n/.test(output)) {
        clearTimeout(timer);
        resolve({
          output,
          base: m[1]!,
          stop: () => child.kill('SIGTERM'),
          log: () => output,
          waitFor: (re) => waitForOutput(child, () => output, re),
          closed,
          stdout: () => stdout,
          stderr: () => stderr,
          exited,
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

/** Resolves with everything printed once it matches `re` (a log line is written after the answer it is about). */
function waitForOutput(child: ChildProcess, read: () => string, re: RegExp): Promise<string> {
  if (re.test(read())) return Promise.resolve(read());
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!re.test(read())) return;
      done();
      resolve(read());
    };
    const ended = () => {
      done();
      reject(new Error(`exited before printing ${re}:\n${read()}`));
    };
    const done = () => {
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', ended);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', ended);
  });
}

export interface OneShot {
  /** The exit code; null when the command had to be stopped (it started a server instead of exiting). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `groups-mock ARGS…` to completion. A command that starts a server when it should not is stopped
 * as soon as its banner is out (status null): the test fails on it at once — no timer decides.
 */
export function runOnce(args: string[], env: Record<string, string> = {}): Promise<OneShot> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  let stopped = false;
  return new Promise((resolve, reject) => {
    const started = () => {
      if (stopped || !(/listening on http:\/\/\S+/.test(stdout) && /\/__admin\/health\n/.test(stdout))) return;
      stopped = true;
      child.kill('SIGTERM');
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      started();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // Stopped after its banner: no exit code of its own (a server exits 0 on SIGTERM).
    child.on('close', (code) => resolve({ status: stopped ? null : code, stdout, stderr }));
  });
}
