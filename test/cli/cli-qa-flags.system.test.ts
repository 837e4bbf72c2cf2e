/** The QA flags of `groups-mock serve`, through the real bin: --fault-file, --delay, --journal-size. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnce, serve as serveCli } from './run-cli.js';

const GROUP = '/kazoo/v2/accounts/de000000000000000000000000000001/groups/f0000000000000000000000000000001';

function ruleFile(rules: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'groups-mock-faults-')), 'rules.json');
  writeFileSync(file, JSON.stringify(rules));
  return file;
}

const serve = (args: string[]) => serveCli(['--api', 'kazoo', ...args]);

describe('groups-mock serve: QA flags', () => {
  it('--fault-file, --delay and --journal-size are in force from the start', async () => {
    const file = ruleFile([{ api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } }]);
    const { output, base, stop } = await serve(['--fault-file', file, '--delay', '20', '--journal-size', '2']);
    try {
      expect(output).toContain('fault rules in force: 2');
      const faults = (await (await fetch(`${base}/__admin/faults`)).json()).faults;
      expect(faults).toMatchObject([
        { id: 'f1', operationId: 'getGroup', origin: 'startup' },
        { id: 'f2', api: 'kazoo', action: { latency: { fixedMs: 20 } }, origin: 'startup' },
      ]);
      const started = performance.now();
      expect((await fetch(`${base}${GROUP}`)).status).toBe(404);
      expect(performance.now() - started).toBeGreaterThanOrEqual(18);
      for (let i = 0; i < 3; i++) await fetch(`${base}/kazoo/v2/nowhere`);
      const journal = await (await fetch(`${base}/__admin/requests`)).json();
      expect(journal.total).toBe(2);
    } finally {
      stop();
    }
  });

  it('an invalid rule file stops start-up, naming the file, the rule index and the problem', async () => {
    const file = ruleFile([
      { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404 } } },
      { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404, example: 'nope' } } },
    ]);
    const run = await runOnce(['serve', '--port', '0', '--fault-file', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `groups-mock: cannot start: --fault-file ${file}: rule 1: getGroup has no example "nope" for 404`,
    );
    expect(run.stderr).toContain('404 (examples: badIdentifier)');
  });

  it('refuses an unreadable rule file and bad --delay / --journal-size values with exit code 2', async () => {
    const notArray = ruleFile({ api: 'kazoo' });
    for (const [args, message] of [
      [['--fault-file', '/nonexistent/rules.json'], /--fault-file \/nonexistent\/rules\.json: ENOENT/],
      [['--fault-file', notArray], /must hold a JSON array of rules/],
      [['--delay', 'soon'], /--delay must be milliseconds/],
      [['--delay', '2147483648'], /--delay must be milliseconds ≥ 0 and ≤ 2147483647/],
      [['--journal-size', 'many'], /--journal-size must be an integer ≥ 0/],
    ] as const) {
      const run = await runOnce(['serve', '--port', '0', ...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      // Then serve's usage line, and where every option is (not all of them: the error stays in view).
      expect(run.stderr).toContain('usage: groups-mock serve');
      expect(run.stderr).toContain('groups-mock serve --help lists every option');
    }
  });
});
