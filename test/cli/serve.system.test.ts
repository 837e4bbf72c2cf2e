/** The `groups-mock` command as a user runs it: the bin script, real sockets, real exit codes. */
import { describe, expect, it } from 'vitest';
import { runOnce, serve } from './run-cli.js';

describe('groups-mock serve', () => {
  it('prints each base URL with the demo credentials and serves them', async () => {
    const { output, base, stop } = await serve(['--seed', '5']);
    try {
      expect(output).toContain(`${base}/kazoo`);
      expect(output).toContain('demo-admin');
      const health = await (await fetch(`${base}/__admin/health`)).json();
      expect(health.status).toBe('ok');
      const auth = await fetch(`${base}/kazoo/v2/user_auth`, {
        method: 'PUT',
        body: JSON.stringify({ data: { credentials: '5045874ca3d884481423f1e4ccf1c21b', account_name: 'demo' } }),
      });
      expect(auth.status).toBe(201);
    } finally {
      stop();
    }
  });

  it('--api limits the APIs served; --clock freezes the clock', async () => {
    const { base, stop } = await serve(['--api', 'kazoo', '--clock', '2030-05-06T07:08:09Z']);
    try {
      const health = await (await fetch(`${base}/__admin/health`)).json();
      expect(health.apis.map((a: { name: string }) => a.name)).toEqual(['kazoo']);
      const auth = await (
        await fetch(`${base}/kazoo/v2/api_auth`, {
          method: 'PUT',
          body: JSON.stringify({
            data: { api_key: '6465d6f2e5c1b8a74d2f3e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c' },
          }),
        })
      ).json();
      expect(auth.timestamp).toBe('2030-05-06T07:08:09Z');
    } finally {
      stop();
    }
  });

  it('refuses bad flags with a message and exit code 2', async () => {
    for (const args of [['serve', '--port', 'x'], ['serve', '--api', 'nope'], ['serve', '--bogus'], ['launch']]) {
      const run = await runOnce(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^groups-mock: /);
      expect(run.stderr).toContain('usage: groups-mock serve');
    }
  });

  it('a missing --fixtures folder stops start-up with the folder named, exit code 1', async () => {
    const run = await runOnce(['serve', '--port', '0', '--fixtures', '/nonexistent-dir']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/nonexistent-dir: no such fixtures folder');
  });
});
