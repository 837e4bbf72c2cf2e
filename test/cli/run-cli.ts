/** Runs the real `groups-mock` bin, as a user would: a server on an ephemeral port, or a one-shot command. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/groups-mock.js', import.meta.url));

export interface RunningServer {
  /** Everything the command printed up to the end of its banner. */
  output: string;
  base: string;
  stop(): void;
  /** Everything printed so far (the request log follows the banner). */
  log(): string;
}

/** `groups-mock serve --port 0 ARGS…`, resolved once the banner's last line is out. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const portGiven = args.some((a) => a.startsWith('--port')) || 'GROUPS_MOCK_PORT' in env || args.includes('--config');
  const child = spawn(process.execPath, [BIN, 'serve', ...(portGiven ? [] : ['--port', '0']), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      // "admin:" alone would match the banner's "demo-admin:demo-password" before the last line.
      if (m && /\/__admin\/health\n/.test(output)) {
        clearTimeout(timer);
        resolve({ output, base: m[1]!, stop: () => child.kill('SIGTERM'), log: () => output });
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

/** `groups-mock ARGS…` to completion (killed after 15 s: a server that starts when it should not fails the test, not the run). */
export function runOnce(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ...env } });
}
