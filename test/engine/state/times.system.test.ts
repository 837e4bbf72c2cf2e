/**
 * `groups-mock serve --clock` through the real bin (a child process): a time without an offset is a
 * usage error under any TZ, and one with an offset is the instant the server starts at. The strict
 * reading itself, in process, is times.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { serve as serveCommand } from '../../../src/cli/serve.js';
import { UsageError } from '../../../src/cli/flags.js';
import { runOnce, serve } from '../../cli/run-cli.js';

const TOKYO_10AM_UTC = Date.parse('2026-03-01T01:00:00Z');

describe('groups-mock serve --clock', () => {
  it('refuses a time without an offset (its instant would depend on TZ) and an impossible date: a usage error, exit 2', async () => {
    const run = await runOnce(['serve', '--port', '0', '--api', 'kazoo', '--clock', '2026-03-01T10:00:00'], {
      TZ: 'Asia/Tokyo',
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      '--clock must be an ISO 8601 date-time with an offset (or milliseconds since the epoch): "2026-03-01T10:00:00" has no offset',
    );
    // The same reading in-process, before anything listens.
    await expect(
      serveCommand(['--port', '0', '--api', 'kazoo', '--clock', '2026-02-30T10:00:00Z'], {}),
    ).rejects.toThrow(
      new UsageError(
        '--clock must be an ISO 8601 date-time with an offset (or milliseconds since the epoch): "2026-02-30T10:00:00Z" is not a date: February 2026 has 28 days',
      ),
    );
  });

  it('starts at the instant the offset names, under any TZ', async () => {
    const server = await serve(['--api', 'kazoo', '--log-level', 'silent', '--clock', '2026-03-01T10:00:00+09:00'], {
      TZ: 'America/Los_Angeles',
    });
    try {
      expect(await (await fetch(`${server.base}/__admin/clock`)).json()).toMatchObject({
        mode: 'fixed',
        epochMs: TOKYO_10AM_UTC,
      });
    } finally {
      server.stop();
    }
  });
});
