/**
 * The conventions of prism-conventions.test.ts that need a server, through the real bin (a child
 * process): Prism's short flags on `serve`, and the proxy not reading the mock's environment
 * variables.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runOnce, serve, start } from './run-cli.js';

describe("Prism's short flags", () => {
  it('serve -p 0 -h 127.0.0.1 -v silent: listens there, and logs nothing', async () => {
    const server = await serve(['-p', '0', '-h', '127.0.0.1', '-v', 'silent', '--api', 'kazoo']);
    try {
      expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const before = server.log();
      expect((await fetch(`${server.base}/kazoo/v2/nowhere`)).status).toBe(404);
      expect((await fetch(`${server.base}/__admin/health`)).status).toBe(200);
      expect(server.log()).toBe(before);
    } finally {
      server.stop();
    }
  });
});

describe('each command reads its own environment variables', () => {
  it("GROUPS_MOCK_PORT and GROUPS_MOCK_API, set for the mock, do not move the proxy; the proxy's are GROUPS_MOCK_PROXY_*", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    const env = {
      GROUPS_MOCK_PORT: String(busy),
      GROUPS_MOCK_API: 'kazoo,bold',
      GROUPS_MOCK_PROXY_PORT: '0',
      GROUPS_MOCK_PROXY_UPSTREAM: 'http://127.0.0.1:9/kazoo',
    };
    try {
      const proxy = await start(['proxy', '--api', 'kazoo'], env);
      try {
        expect(proxy.output).toContain('→ http://127.0.0.1:9/kazoo');
        expect(proxy.base).not.toContain(`:${busy}`);
        expect(proxy.stderr()).not.toContain('warning');
      } finally {
        proxy.stop();
      }
      // The mock does read them: its port is the busy one.
      const mock = await runOnce(['serve'], env);
      expect(mock.status).toBe(1);
      expect(mock.stderr).toContain(`port ${busy} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
