/**
 * The conventions a Prism (and WireMock) user brings to the command line: Prism's short flags (`-p`
 * port, `-h` host, `-v` the log level), `<command> --help` for each command, a usage error that
 * shows that command's usage only, and each command reading only its own environment variables —
 * with a warning for a `GROUPS_MOCK_*` name no command reads. All of it runs main() in process
 * (run-main.ts); what needs a server started through the real bin is prism-conventions.system.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { unknownEnvWarnings } from '../../src/cli/env-names.js';
import { ENV_PREFIX, resolveFlags, SERVE_FLAGS, UsageError } from '../../src/cli/flags.js';
import { CONTRACT_FLAGS } from '../../src/cli/contract.js';
import { PROXY_FLAGS } from '../../src/cli/proxy.js';
import { runMain } from './run-main.js';

describe("Prism's short flags", () => {
  it("-p is the port, -h the host, -v the log level (as Prism's verbosity); -p4931 and -p=4931 too", () => {
    expect(resolveFlags(['-p', '4931', '-h', '0.0.0.0', '-v', 'debug'], {})).toMatchObject({
      port: 4931,
      host: '0.0.0.0',
      'log-level': 'debug',
    });
    expect(resolveFlags(['-p4931'], {}).port).toBe(4931);
    expect(resolveFlags(['-p=4931'], {}).port).toBe(4931);
    expect(resolveFlags(['-p', '4021', '-h', '::1'], {}, PROXY_FLAGS, ENV_PREFIX.proxy)).toMatchObject({
      port: 4021,
      host: '::1',
    });
    expect(() => resolveFlags(['-p', '1', '--port', '2'], {})).toThrow(new UsageError('--port given more than once'));
  });

  it('a boolean option alone is true, whether or not another option follows it', () => {
    const f = resolveFlags(
      ['--api', 'bold', '--require-coverage', '--destructive', '--report', 'r.xml'],
      {},
      CONTRACT_FLAGS,
      ENV_PREFIX.contract,
    );
    expect(f).toMatchObject({ 'require-coverage': true, destructive: true, report: 'r.xml' });
    expect(resolveFlags(['--strict'], {}).strict).toBe(true);
  });

  it('help is --help and the version --version: -h and -v alone say so', async () => {
    expect(() => resolveFlags(['-h'], {})).toThrow(new UsageError('-h needs a value (ADDR); help is --help'));
    expect(() => resolveFlags(['-x'], {})).toThrow(new UsageError('unknown option -x'));
    expect(() => resolveFlags(['-v'], {}, PROXY_FLAGS, ENV_PREFIX.proxy)).toThrow(
      new UsageError('unknown option -v (the version is --version)'),
    );
    for (const [args, says] of [
      [['-v'], /^groups-mock: -v is the log level, as Prism's verbosity \(serve -v error\); the version is --version/],
      [['-h'], /^groups-mock: -h is the host, as in Prism \(serve -h 0\.0\.0\.0\); help is --help/],
      [['serve', '-h'], /^groups-mock: -h needs a value \(ADDR\); help is --help/],
    ] as const) {
      const run = await runMain([...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(says);
    }
    expect((await runMain(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('<command> --help, and usage errors', () => {
  const own: Record<string, { has: string; hasNot: string }> = {
    serve: { has: '--fault-file', hasNot: '--upstream' },
    list: { has: '--api', hasNot: '--admin-token' },
    contract: { has: '--base-url', hasNot: '--fault-file' },
    proxy: { has: '--upstream', hasNot: '--fault-file' },
  };
  for (const [command, { has, hasNot }] of Object.entries(own)) {
    it(`${command} --help prints ${command}'s usage and options, and only those`, async () => {
      const run = await runMain([command, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: groups-mock ${command}`));
      expect(run.stdout).toContain(has);
      expect(run.stdout).not.toContain(hasNot);
      expect(run.stderr).toBe('');
    });
  }

  it("a usage error names the problem, then that command's usage only (not every serve option)", async () => {
    const run = await runMain(['proxy', '--api', 'kazoo', '--bogus']);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('groups-mock: unknown option --bogus');
    expect(run.stderr).toContain('usage: groups-mock proxy --api NAME --upstream URL');
    expect(run.stderr).toContain('groups-mock proxy --help lists every option');
    expect(run.stderr).not.toContain('--fault-file');
    expect(lines.length).toBeLessThan(6);
    const list = await runMain(['list', '--api', 'nope']);
    expect(list.status).toBe(2);
    expect(list.stderr).toMatch(/^groups-mock: unknown api nope; known: kazoo/);
    expect(list.stderr).toContain('usage: groups-mock list');
    expect(list.stderr).not.toContain('usage: groups-mock serve');
  });
});

describe('each command reads its own environment variables', () => {
  it('a GROUPS_MOCK_* name no command reads is a warning on stderr, naming what was meant', async () => {
    const run = await runMain(['list', '--api', 'bold'], {
      GROUPS_MOCK_PROT: '4020',
      GROUPS_MOCK_UPSTREAM: 'http://x',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'groups-mock: warning: GROUPS_MOCK_PROT is not a variable of any command, ignored (did you mean GROUPS_MOCK_PORT?)',
    );
    expect(run.stderr).toContain(
      'groups-mock: warning: GROUPS_MOCK_UPSTREAM is not a variable of any command, ignored (did you mean GROUPS_MOCK_PROXY_UPSTREAM?)',
    );
    expect(run.stdout).toMatch(/^bold — /);
  });

  it("another command's variables and the bin's are no mistake; a name far from any gets no guess", () => {
    const commands = [
      { command: 'serve', prefix: ENV_PREFIX.serve, flags: SERVE_FLAGS },
      { command: 'proxy', prefix: ENV_PREFIX.proxy, flags: PROXY_FLAGS },
    ];
    expect(
      unknownEnvWarnings(
        { GROUPS_MOCK_PORT: '1', GROUPS_MOCK_PROXY_PORT: '2', GROUPS_MOCK_FROM_SOURCE: '1', PATH: '/bin' },
        commands,
      ),
    ).toEqual([]);
    expect(unknownEnvWarnings({ GROUPS_MOCK_COLOUR: 'blue' }, commands)).toEqual([
      'GROUPS_MOCK_COLOUR is not a variable of any command, ignored',
    ]);
  });

  it("no serve option is named so that its variable could be taken for another command's", () => {
    expect(SERVE_FLAGS.filter((f) => /^(list|contract|proxy)-/.test(f.name))).toEqual([]);
  });
});
