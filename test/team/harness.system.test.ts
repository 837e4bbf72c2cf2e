/**
 * The team-scale harness (issue 28), proved before the Redis store is built on it: Debian's
 * redis-server started on a free port with AOF on keeps an acknowledged write across a clean stop
 * and a SIGKILL, and HAProxy, from the config file the repo ships, balances two real mock processes
 * (the in-memory store for now: each replica has its own state), checks them on the
 * unauthenticated liveness path, and answers its own 503 as JSON once both are down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, serve } from '../cli/run-cli.js';
import { HAPROXY_INSTALL, type HaproxyServer, haproxyBinary, startHaproxy, untilReplicas } from '../support/haproxy.js';
import {
  REDIS_INSTALL,
  type RedisServer,
  redisCommand,
  redisServerBinary,
  startRedisServer,
} from '../support/redis-server.js';

describe('the redis-server harness', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it('runs with the append-only file on and fsync on every write', async () => {
    expect(await redisCommand(redis.port, 'CONFIG', 'GET', 'appendonly')).toContain('yes');
    expect(await redisCommand(redis.port, 'CONFIG', 'GET', 'appendfsync')).toContain('always');
    expect(await redisCommand(redis.port, 'CONFIG', 'GET', 'dir')).toContain(redis.dir);
  });

  it('keeps an acknowledged write across a clean stop and across a SIGKILL', async () => {
    expect(await redisCommand(redis.port, 'SET', 'before-stop', 'one')).toBe('+OK\r\n');
    await redis.stop();
    expect(redis.pid()).toBeUndefined();
    await expect(redisCommand(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    await redis.start();
    expect(await redisCommand(redis.port, 'GET', 'before-stop')).toBe('$3\r\none\r\n');

    expect(await redisCommand(redis.port, 'SET', 'before-kill', 'two')).toBe('+OK\r\n');
    await redis.kill();
    await redis.start();
    expect(await redisCommand(redis.port, 'GET', 'before-kill')).toBe('$3\r\ntwo\r\n');
  });

  it('a machine without redis-server or haproxy fails with the install line', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => redisServerBinary()).toThrow(REDIS_INSTALL);
      expect(() => haproxyBinary()).toThrow(HAPROXY_INSTALL);
    } finally {
      process.env.PATH = path;
    }
    expect(REDIS_INSTALL).toContain('install with: apt-get install redis-server');
    expect(HAPROXY_INSTALL).toContain('install with: apt-get install haproxy');
  });
});

describe('HAProxy from deploy/haproxy/groups-mock.cfg in front of two mock processes', () => {
  let replicas: RunningServer[] = [];
  let haproxy: HaproxyServer | undefined;
  const hostPort = (base: string) => new URL(base).host;

  beforeAll(async () => {
    // A token, as a shared mock beyond loopback has: the balancer's check must pass without it.
    const args = ['--api', 'kazoo', '--log-level', 'silent', '--admin-token', 'team-token-0123456789'];
    replicas = await Promise.all([serve(args), serve(args)]);
    haproxy = await startHaproxy([hostPort(replicas[0]!.base), hostPort(replicas[1]!.base)]);
  });
  afterAll(async () => {
    for (const r of replicas) {
      r.stop();
      await r.exited;
    }
    await haproxy?.stop();
  });

  const adminOf = (base: string, path: string) =>
    fetch(`${base}${path}`, { headers: { Authorization: 'Bearer team-token-0123456789' } });

  it('checks both replicas green on /__admin/live, without the admin token', async () => {
    const h = haproxy!;
    expect(await untilReplicas(h, 'UP')).toEqual({ replica1: 'UP', replica2: 'UP' });
    const health = await fetch(`${replicas[0]!.base}/__admin/health`);
    expect(health.status).toBe(401); // the token is really required elsewhere
  });

  it('passes requests through, round-robin across the replicas', async () => {
    const h = haproxy!;
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${h.url}/kazoo/v2/accounts/nobody/groups`);
      answers.push({ status: res.status, type: res.headers.get('content-type') ?? '' });
    }
    // The vendor's own refusal (no credentials), from the mock and not from HAProxy.
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.type).toMatch(/^application\/json/);
    }
    // Each replica has its own journal (the in-memory store): each received some of the four.
    const totals = [];
    for (const r of replicas) {
      const journal = (await (await adminOf(r.base, '/__admin/requests')).json()) as { total: number };
      totals.push(journal.total);
    }
    expect(totals.every((t) => t >= 1)).toBe(true);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("answers HAProxy's own 503 as JSON once both replicas are down", async () => {
    const h = haproxy!;
    for (const r of replicas) {
      r.stop();
      await r.exited;
    }
    expect(await untilReplicas(h, 'DOWN')).toEqual({ replica1: 'DOWN', replica2: 'DOWN' });
    const res = await fetch(`${h.url}/kazoo/v2/accounts/nobody/groups`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ error: 'no replica of groups-mock is available', status: 503, from: 'haproxy' });
  });
});
