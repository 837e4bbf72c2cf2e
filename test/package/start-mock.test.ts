/**
 * `startMock` (src/index.ts), the package's main export, as a test suite uses it: in-process, on a
 * free port of 127.0.0.1. Its options are `groups-mock serve`'s (checked by the same code, with the
 * command's words), and `close()` leaves nothing running — neither sockets nor a latency rule's timer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SERVE_FLAGS } from '../../src/cli/flags.js';
import { startMock, type MockOptions, type RunningMock } from '../../src/index.js';

const started: RunningMock[] = [];
afterEach(async () => {
  for (const m of started.splice(0)) await m.close();
});
async function start(options?: MockOptions): Promise<RunningMock> {
  const mock = await startMock(options);
  started.push(mock);
  return mock;
}

describe('startMock', () => {
  it('takes every option of `groups-mock serve` (but --config), in camel case, and no other', () => {
    // A compile error when MockOptions and this list differ; a failure when the command's options do.
    const keys: Record<keyof MockOptions, true> = {
      port: true,
      host: true,
      api: true,
      fixtures: true,
      seed: true,
      clock: true,
      delay: true,
      faultFile: true,
      journalSize: true,
      journalBytes: true,
      maxNamespaces: true,
      adminToken: true,
      allowedHosts: true,
      logLevel: true,
      logFormat: true,
      strict: true,
      httpsPort: true,
      tlsCert: true,
      tlsKey: true,
      tlsNames: true,
      dataDir: true,
      maxResources: true,
      deletedRetention: true,
      maxDeleted: true,
      maxTokens: true,
      store: true,
      workers: true,
    };
    const flags = SERVE_FLAGS.filter((f) => f.name !== 'config').map((f) =>
      f.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    );
    expect(Object.keys(keys).sort()).toEqual(flags.sort());
  });

  it('starts the APIs asked for on a free port of 127.0.0.1 and answers there', async () => {
    const a = await start({ api: ['kazoo', 'mdm'], seed: 7 });
    const b = await start({ api: 'bold' });
    expect(a.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.port).not.toBe(b.port);
    expect(a.apis).toEqual(['kazoo', 'mdm']);
    expect(a.url('mdm')).toBe(`${a.baseUrl}/mdm`);
    expect(() => a.url('bold')).toThrow(/bold is not served; served: kazoo, mdm/);
    const health = await a.admin.health();
    expect(health.apis.map((x) => x.name)).toEqual(['kazoo', 'mdm']);
    const res = await fetch(`${b.url('bold')}/v1/device-groups`);
    expect(res.status).toBe(401);
  });

  it("refuses bad options with the command's own words", async () => {
    await expect(startMock({ port: 70000 })).rejects.toThrow('startMock.port must be an integer ≥ 0 and ≤ 65535');
    await expect(startMock({ api: ['kazo' as 'kazoo'] })).rejects.toThrow(/unknown api kazo; known: kazoo/);
    await expect(startMock({ logLevel: 'loud' as 'info' })).rejects.toThrow(/startMock.logLevel must be one of/);
    await expect(startMock({ clock: '2026-03-01T10:00:00' })).rejects.toThrow(/--clock must be an ISO 8601/);
    await expect(startMock({ prot: 1 } as MockOptions)).rejects.toThrow(/startMock: unknown option "prot"/);
    await expect(startMock({ host: '0.0.0.0' })).rejects.toThrow(/set --admin-token/);
  });

  it('a port in use is one clear error', async () => {
    const a = await start({ api: 'kazoo' });
    await expect(startMock({ api: 'kazoo', port: a.port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${a.port}: port ${a.port} is already in use`,
    );
  });

  it('a frozen clock and a token: the admin client sends the token, a bare call is refused', async () => {
    const mock = await start({ api: 'kazoo', clock: '2030-01-01T00:00:00Z', adminToken: 'a-token-of-16-chars' });
    expect((await mock.admin.clock()).now).toBe('2030-01-01T00:00:00.000Z');
    expect((await fetch(`${mock.baseUrl}/__admin/health`)).status).toBe(401);
  });

  it('close() ends requests held by a latency rule and frees the port', async () => {
    const mock = await start({ api: 'kazoo' });
    await mock.admin.addFault({ api: 'kazoo', action: { latency: { fixedMs: 600_000 } } });
    const held = fetch(`${mock.url('kazoo')}/v2/accounts/x/groups`).then(
      (r) => `answered ${r.status}`,
      () => 'cut',
    );
    // The request has reached its wait: the rule has fired.
    while ((await mock.admin.listFaults())[0]?.fired !== 1) await new Promise((r) => setTimeout(r, 10));
    await mock.close();
    expect(await held).toBe('cut');
    await expect(fetch(`${mock.baseUrl}/__admin/health`)).rejects.toThrow();
    await mock.close(); // twice is fine
  });
});
