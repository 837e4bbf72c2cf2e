/**
 * Colour on a real terminal: `serve` under a pseudo-terminal (util-linux's `script`, as a user's
 * shell would run it) colours its banner and request log, and writes plain text when NO_COLOR is
 * set. (Into a pipe it never colours: output.system.test.ts.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from './processes.js';
import { BIN } from './run-cli.js';

const ESC = '\x1b[';
const auth = { Authorization: 'Bearer demo-bold-admin-token' };

describe('serve on a terminal', () => {
  /** `serve` on a pseudo-terminal (util-linux `script`): its output as the terminal shows it, after one request. */
  async function onTerminal(env: Record<string, string>): Promise<string> {
    const which = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (which.error) throw new Error("this test needs util-linux's `script` (Debian: apt-get install -y bsdutils)");
    const command = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} serve --port 0 --api bold`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, TERM: 'xterm', ...env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
      const plain = () => out.replace(/\x1b\[[0-9;]*m/g, '');
      expect(await until(() => /__admin\/health\r?\n/.test(plain())), out).toBe(true);
      const base = /listening on (http:\S+)/.exec(plain())![1]!;
      expect((await fetch(`${base}/bold/v1/device-groups/1`, { headers: auth })).status).toBe(200);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the green of a 200 starts with ESC
      expect(await until(() => / 200 /.test(plain()) || / \x1b\[32m200/.test(out)), out).toBe(true);
      return out;
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }

  it('on a terminal the banner and the request log are coloured', async () => {
    const out = await onTerminal({});
    expect(out).toContain(`${ESC}1mBold Smart Lock`);
    expect(out).toContain(`${ESC}32m200${ESC}39m`);
  });

  it('NO_COLOR=1 on a terminal: no colour at all', async () => {
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain(ESC);
  });
});
