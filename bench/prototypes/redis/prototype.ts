/**
 * The prototype behind docs/team-scale.md: how a per-namespace ordered log in Redis behaves, measured
 * before the store is written. It starts its own redis-server (test/support/redis-server.ts: a free
 * port, a temporary directory, AOF on) and compares
 *   (b) LOG: a Lua script appends a write to the namespace's stream and returns, in one round trip,
 *       every entry the calling replica has not applied yet (its own included); the replica applies
 *       them in stream order to its local copy — every replica ends with the same state;
 *   (a) LOCK: a per-namespace lock (SET NX PX), the versioned state read, the change written as a
 *       delta (HSET + INCR version), the lock released — retried while another writer holds it;
 *   SNAPSHOT: the naive store, the whole namespace re-serialised and SET on each write — the cost
 *       the issue forbids, measured to show it grows with the namespace.
 * Run: npx tsx bench/prototypes/redis/prototype.ts [--fsync always|everysec] [--writes N]
 * It prints one JSON object; the numbers in the doc are copied from it.
 */
import { Redis } from 'ioredis';
import { startRedisServer } from '../../../test/support/redis-server.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
};
const FSYNC = opt('fsync', 'always') as 'always' | 'everysec';
const WRITES = Number(opt('writes', '2000'));

/**
 * APPEND: KEYS[1] the namespace's stream; ARGV[1] the last entry id this replica applied ('0-0' for
 * none), ARGV[2] the write (JSON), ARGV[3] the stream cap. The entry's time is Redis' own TIME (the
 * one clock every replica shares); its sequence number is the stream's own counter, from which the
 * replicas derive ids (seed + sequence), so the same history gives the same ids everywhere.
 * Returns [new entry id, entries after ARGV[1] up to and including the new one].
 */
const APPEND = `
local t = redis.call('TIME')
local seq = redis.call('HINCRBY', KEYS[1] .. ':meta', 'seq', 1)
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'w', ARGV[2], 't', t[1] .. string.format('%06d', t[2]), 's', seq)
return {id, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], id)}
`;

type Entry = [string, string[]];

/** A replica of option (b): its local state, the last entry applied, and one connection. */
class LogReplica {
  groups = new Map<string, { name: string; members: number; t: string }>();
  last = '0-0';
  applied = 0;
  constructor(
    readonly redis: Redis,
    readonly stream: string,
  ) {}
  apply(entries: Entry[]) {
    for (const [id, fields] of entries) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
      const w = JSON.parse(f.w ?? '{}') as { op: string; name: string };
      // The id is derived from the seed and the stream's sequence: the same on every replica.
      if (w.op === 'create') this.groups.set(`g-42-${f.s}`, { name: w.name, members: 0, t: f.t ?? '' });
      this.last = id;
      this.applied++;
    }
  }
  async write(name: string) {
    const [, entries] = (await this.redis.evalsha(
      sha,
      1,
      this.stream,
      this.last,
      JSON.stringify({ op: 'create', name }),
      '100000',
    )) as [string, Entry[]];
    this.apply(entries);
  }
}

let sha = '';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN).toFixed(3));
};

/** Runs `writers` loops concurrently, `total` writes in all; returns throughput and latencies (ms). */
async function drive(writers: number, total: number, one: (w: number, i: number) => Promise<void>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (next < total) {
        const i = next++;
        const s = process.hrtime.bigint();
        await one(w, i);
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return { writes: total, perSecond: Math.round(total / secs), p50ms: pct(lat, 50), p99ms: pct(lat, 99) };
}

async function logScenario(port: number, writers: number, total: number, stream: string) {
  const replicas = Array.from(
    { length: writers },
    () =>
      new LogReplica(new Redis({ port, host: '127.0.0.1', enableOfflineQueue: false, commandTimeout: 1000 }), stream),
  );
  // No offline queue (as the store: a command fails at once when Redis is away), so wait for ready.
  await Promise.all(replicas.map((r) => new Promise((res) => r.redis.once('ready', res))));
  const result = await drive(writers, total, (w, i) => (replicas[w] as LogReplica).write(`group ${i}`));
  // Every replica catches up (an append of nothing is a plain XRANGE) and must hold the same state.
  for (const r of replicas) r.apply((await r.redis.xrange(stream, `(${r.last}`, '+')) as Entry[]);
  const fingerprint = (r: LogReplica) => [...r.groups.keys()].join(',');
  const first = replicas[0] as LogReplica;
  const same = replicas.every((r) => fingerprint(r) === fingerprint(first));
  const size = first.groups.size;
  for (const r of replicas) r.redis.disconnect();
  return { ...result, replicasAgree: same, groupsPerReplica: size };
}

/** Option (a): lock, read version, write delta, bump version, unlock; spins (1 ms) while locked. */
async function lockScenario(port: number, writers: number, total: number, ns: string) {
  const conns = Array.from({ length: writers }, () => new Redis({ port, host: '127.0.0.1' }));
  let retries = 0;
  const result = await drive(writers, total, async (w, i) => {
    const r = conns[w] as Redis;
    const token = `${w}:${i}`;
    while ((await r.set(`${ns}:lock`, token, 'PX', 2000, 'NX')) !== 'OK') {
      retries++;
      await new Promise((res) => setTimeout(res, 1));
    }
    const version = Number((await r.get(`${ns}:version`)) ?? 0);
    await r
      .multi()
      .hset(`${ns}:groups`, `g-${version + 1}`, JSON.stringify({ name: `group ${i}` }))
      .incr(`${ns}:version`)
      .exec();
    // Release only our own lock (compare-and-delete).
    await r.eval(
      `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
      1,
      `${ns}:lock`,
      token,
    );
  });
  const groups = await (conns[0] as Redis).hlen(`${ns}:groups`);
  for (const c of conns) c.disconnect();
  return { ...result, lockRetries: retries, groupsStored: groups };
}

/** The naive store: the whole namespace JSON-serialised and SET on every write. */
async function snapshotScenario(port: number, size: number, total: number, key: string) {
  const r = new Redis({ port, host: '127.0.0.1' });
  const state = new Map<string, { name: string }>();
  for (let i = 0; i < size; i++) state.set(`g-${i}`, { name: `group ${i}` });
  const result = await drive(1, total, async (_, i) => {
    state.set(`n-${i}`, { name: `new ${i}` });
    await r.set(key, JSON.stringify([...state]));
  });
  r.disconnect();
  return result;
}

/** Fills a namespace's log with `size` creates (pipelined XADDs, outside the measurement). */
async function prefill(port: number, stream: string, size: number) {
  const r = new Redis({ port, host: '127.0.0.1' });
  for (let done = 0; done < size; ) {
    const p = r.pipeline();
    for (let k = 0; k < 1000 && done < size; k++, done++)
      p.xadd(stream, '*', 'w', JSON.stringify({ op: 'create', name: `seed ${done}` }), 't', '0', 's', String(done + 1));
    await p.exec();
  }
  await r.hset(`${stream}:meta`, 'seq', size);
  r.disconnect();
}

/** A replica that has already applied the first `size` entries (as after loading a snapshot). */
async function sizedLogScenario(port: number, size: number, total: number, stream: string) {
  await prefill(port, stream, size);
  const replica = new LogReplica(new Redis({ port, host: '127.0.0.1' }), stream);
  replica.apply((await replica.redis.xrange(stream, '-', '+')) as Entry[]);
  const result = await drive(1, total, (_, i) => replica.write(`group ${i}`));
  const size2 = replica.groups.size;
  replica.redis.disconnect();
  return { ...result, groupsAfter: size2 };
}

const redis = await startRedisServer({ appendfsync: FSYNC });
try {
  const admin = new Redis({ port: redis.port, host: '127.0.0.1' });
  sha = (await admin.script('LOAD', APPEND)) as string;
  const out: Record<string, unknown> = {
    redis: (await admin.info('server')).match(/redis_version:(\S+)/)?.[1],
    appendfsync: FSYNC,
    node: process.version,
  };
  admin.disconnect();
  out.log1 = await logScenario(redis.port, 1, WRITES, 'ns:log1');
  out.log8 = await logScenario(redis.port, 8, WRITES, 'ns:log8');
  out.lock1 = await lockScenario(redis.port, 1, WRITES, 'ns:lock1');
  out.lock8 = await lockScenario(redis.port, 8, WRITES, 'ns:lock8');
  out.logAt100 = await sizedLogScenario(redis.port, 100, WRITES, 'ns:size100');
  out.logAt100k = await sizedLogScenario(redis.port, 100_000, WRITES, 'ns:size100k');
  out.snapshotAt100 = await snapshotScenario(redis.port, 100, Math.min(WRITES, 500), 'ns:snap100');
  out.snapshotAt100k = await snapshotScenario(redis.port, 100_000, 50, 'ns:snap100k');
  console.log(JSON.stringify(out, null, 2));
} finally {
  await redis.dispose();
}
