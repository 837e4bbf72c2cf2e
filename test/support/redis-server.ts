/**
 * A real Redis for the system tier and the Redis prototype (bench/prototypes/redis/): Debian's
 * `redis-server`, started on a free port in a temporary directory with the append-only file on
 * (`appendfsync always` unless told otherwise), so a test can stop it cleanly, kill it, and start it
 * again on the same port and the same files. A machine without it fails with the install line; a
 * test never skips for want of it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANG_GUARD_MS } from '../hang-guard.js';

export const REDIS_INSTALL = 'redis-server is not installed: install with: apt-get install redis-server';

export interface RedisServerOptions {
  /** `always` (the default: every acknowledged write is on disk) or `everysec`. */
  appendfsync?: 'always' | 'everysec';
}

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** The pid of the running redis-server (undefined while stopped). */
  pid(): number | undefined;
  /** SHUTDOWN (Redis writes what it has, then exits). */
  stop(): Promise<void>;
  /** SIGKILL: no chance to write anything more. */
  kill(): Promise<void>;
  /** Starts it again on the same port, from the same files. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  dispose(): Promise<void>;
}

/** The path of Debian's redis-server, or a thrown error saying how to install it. */
export function redisServerBinary(): string {
  const found = spawnSync('/bin/sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = (found.stdout ?? '').trim();
  if (found.status !== 0 || !path) throw new Error(REDIS_INSTALL);
  return path;
}

/** A port nothing listens on now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** One RESP command over a fresh connection; resolves with the raw reply text. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    let out = '';
    sock.setEncoding('utf8');
    sock.on('connect', () => {
      sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
    sock.on('data', (d) => {
      out += d;
      if (out.endsWith('\r\n')) sock.end();
    });
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
  });
}

async function waitFor(done: () => Promise<boolean>, what: string): Promise<void> {
  for (const end = Date.now() + HANG_GUARD_MS; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (await done()) return;
  throw new Error(`redis-server: ${what}`);
}

export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'groups-mock-redis-'));
  let child: ChildProcess | undefined;
  let log = '';
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    opts.appendfsync ?? 'always',
    '--save',
    '',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ];
  const ping = async () => {
    try {
      return (await redisCommand(port, 'PING')).startsWith('+PONG');
    } catch {
      return false;
    }
  };
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once('exit', () => r()));
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    dir,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async start() {
      if (server.pid()) return;
      log = '';
      const c = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout?.on('data', (d) => (log += d));
      c.stderr?.on('data', (d) => (log += d));
      await waitFor(async () => {
        if (c.exitCode !== null) throw new Error(`redis-server exited ${c.exitCode}:\n${log}`);
        return ping();
      }, `no PONG on port ${port}:\n${log}`);
    },
    async stop() {
      const c = child;
      if (!c || !server.pid()) return;
      await redisCommand(port, 'SHUTDOWN').catch(() => undefined);
      await exited(c);
    },
    async kill() {
      const c = child;
      if (!c || !server.pid()) return;
      c.kill('SIGKILL');
      await exited(c);
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
