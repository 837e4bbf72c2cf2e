/**
 * `--store` and `--workers` (issue 28): this version has the in-memory store of one process only.
 * A `redis://` store is refused as a usage error (exit 2) naming the design page — never accepted
 * and served from memory — and more than one worker is refused with the reason; the same from the
 * environment, the config file and `startMock`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { runMain } from './run-main.js';

describe('serve --store / --workers', () => {
  it('refuses a redis:// store: not yet available, naming docs/team-scale.md, and no password echoed', async () => {
    const res = await runMain(['serve', '--port', '0', '--store', 'redis://user:secret-pass@127.0.0.1:6379/0']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('the Redis store is not yet available in this version');
    expect(res.stderr).toContain('docs/team-scale.md');
    expect(res.stderr).not.toContain('secret-pass');
    expect(res.stdout).not.toMatch(/listening on/);
  });

  it('refuses another store name and names the ones there are', async () => {
    const res = await runMain(['serve', '--port', '0', '--store', 'postgres://db']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--store must be memory or a redis:// URL, not "postgres://db"');
  });

  it('refuses --workers above 1 with the in-memory store, saying why; bounds the number', async () => {
    const res = await runMain(['serve', '--port', '0', '--workers', '2']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--workers 2 needs a shared store');
    expect(res.stderr).toContain('each worker would keep its own state');
    const huge = await runMain(['serve', '--port', '0', '--workers', '100000']);
    expect(huge.status).toBe(2);
    expect(huge.stderr).toMatch(/--workers/);
  });

  it('the same from GROUPS_MOCK_STORE, GROUPS_MOCK_WORKERS and the config file', async () => {
    const env = await runMain(['serve', '--port', '0'], { GROUPS_MOCK_STORE: 'redis://127.0.0.1:6379/0' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('not yet available');
    const workers = await runMain(['serve', '--port', '0'], { GROUPS_MOCK_WORKERS: '3' });
    expect(workers.status).toBe(2);
    expect(workers.stderr).toContain('--workers 3 needs a shared store');
    const dir = mkdtempSync(join(tmpdir(), 'gm-store-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ store: 'redis://127.0.0.1/0' }));
    const file = await runMain(['serve', '--port', '0', '--config', join(dir, 'c.json')]);
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('not yet available');
  });

  it('startMock refuses them too, and serves with store memory and one worker', async () => {
    await expect(startMock({ store: 'redis://127.0.0.1:6379/0' })).rejects.toThrow(/not yet available/);
    await expect(startMock({ workers: 2 })).rejects.toThrow(/needs a shared store/);
    const mock = await startMock({ api: 'kazoo', store: 'memory', workers: 1 });
    try {
      expect((await fetch(`${mock.baseUrl}/__admin/live`)).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
