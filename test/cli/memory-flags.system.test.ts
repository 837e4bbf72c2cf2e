/**
 * The memory options of `groups-mock serve` through the real bin (docs/memory.md, docs/cli.md):
 * `--max-resources`, `--deleted-retention`, `--max-deleted`, `--max-tokens` from the command line, the environment
 * (`GROUPS_MOCK_MAX_RESOURCES`) and a config file (`maxResources`), shown by `/__admin/health`; bad
 * values refused with exit code 2 naming the option.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnce, serve } from './run-cli.js';

async function limitsOf(args: string[], env: Record<string, string> = {}) {
  const { base, stop } = await serve(['--api', 'kazoo', ...args], env);
  try {
    return (await (await fetch(`${base}/__admin/health`)).json()).limits;
  } finally {
    stop();
  }
}

describe('groups-mock serve: memory options', () => {
  it('takes --max-resources, --deleted-retention and --max-deleted from flags, env and config', async () => {
    expect(await limitsOf(['--max-resources', '500', '--deleted-retention', '6h', '--max-deleted', '7'])).toMatchObject(
      {
        maxResources: 500,
        deletedRetentionMs: 6 * 3600 * 1000,
        maxDeleted: 7,
      },
    );
    expect(await limitsOf([], { GROUPS_MOCK_MAX_RESOURCES: '300', GROUPS_MOCK_DELETED_RETENTION: '2d' })).toMatchObject(
      { maxResources: 300, deletedRetentionMs: 2 * 86400 * 1000 },
    );
    const config = join(mkdtempSync(join(tmpdir(), 'groups-mock-memory-')), 'config.json');
    writeFileSync(config, JSON.stringify({ maxResources: 400, maxDeleted: 9 }));
    expect(await limitsOf(['--config', config, '--port', '0'])).toMatchObject({ maxResources: 400, maxDeleted: 9 });
  });

  it('refuses a retention outside 1m–30d and a limit below 1, with exit code 2', async () => {
    for (const [args, message] of [
      [['--deleted-retention', '31d'], /--deleted-retention must be a duration from 1m to 30d/],
      [['--deleted-retention', 'soon'], /--deleted-retention must be a duration from 1m to 30d/],
      [['--max-resources', '0'], /--max-resources must be an integer ≥ 1/],
      [['--max-deleted', '-1'], /--max-deleted must be an integer ≥ 0/],
    ] as const) {
      const run = await runOnce(['serve', '--port', '0', ...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
