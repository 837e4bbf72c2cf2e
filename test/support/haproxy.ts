/**
 * A real HAProxy for the system tier, run from the config file the repo ships
 * (deploy/haproxy/groups-mock.cfg) — the file operators use, not a copy written for the test — with
 * its addresses given through the variables that file reads. It binds a free port for the
 * balanced traffic and one for the stats page, whose CSV tells each replica's check state. A
 * machine without haproxy fails with the install line; a test never skips for want of it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HANG_GUARD_MS } from '../hang-guard.js';
import { freePort } from './redis-server.js';

export const HAPROXY_INSTALL = 'haproxy is not installed: install with: apt-get install haproxy';
export const HAPROXY_CONFIG = fileURLToPath(new URL('../../deploy/haproxy/groups-mock.cfg', import.meta.url));

export interface HaproxyServer {
  /** The balanced address, `http://127.0.0.1:<port>`. */
  url: string;
  statsUrl: string;
  /** Each replica's check state from the stats CSV: `replica1` → `UP`, `DOWN`, … */
  states(): Promise<Record<string, string>>;
  /** Everything haproxy printed (its request log goes to stderr). */
  log(): string;
  stop(): Promise<void>;
}

export function haproxyBinary(): string {
  const found = spawnSync('/bin/sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' });
  const path = (found.stdout ?? '').trim();
  if (found.status !== 0 || !path) throw new Error(HAPROXY_INSTALL);
  return path;
}

/** Parses HAProxy's `/stats;csv`: the check state of each server of the replicas' backend. */
export function replicaStates(csv: string): Record<string, string> {
  const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
  const cols = (header ?? '').split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  const out: Record<string, string> = {};
  for (const line of rows) {
    const row = line.split(',');
    if (at(row, 'pxname') === 'groups_mock_replicas' && !['FRONTEND', 'BACKEND'].includes(at(row, 'svname')))
      out[at(row, 'svname')] = at(row, 'status');
  }
  return out;
}

/** HAProxy in front of `replicas` (`host:port` each; the shipped file has two). */
export async function startHaproxy(replicas: [string, string]): Promise<HaproxyServer> {
  const binary = haproxyBinary();
  const [port, statsPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    GROUPS_MOCK_HAPROXY_BIND: `127.0.0.1:${port}`,
    GROUPS_MOCK_HAPROXY_STATS: `127.0.0.1:${statsPort}`,
    GROUPS_MOCK_REPLICA_1: replicas[0],
    GROUPS_MOCK_REPLICA_2: replicas[1],
  };
  const check = spawnSync(binary, ['-c', '-f', HAPROXY_CONFIG], { env, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c refused ${HAPROXY_CONFIG}:\n${check.stdout}${check.stderr}`);
  let log = '';
  const child: ChildProcess = spawn(binary, ['-db', '-f', HAPROXY_CONFIG], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const statsUrl = `http://127.0.0.1:${statsPort}/stats;csv`;
  const server: HaproxyServer = {
    url: `http://127.0.0.1:${port}`,
    statsUrl,
    async states() {
      return replicaStates(await (await fetch(statsUrl)).text());
    },
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  // Ready once its stats page answers (a hang guard, not a speed claim: test/hang-guard.ts).
  for (const end = Date.now() + HANG_GUARD_MS; ; await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null) throw new Error(`haproxy exited ${child.exitCode}:\n${log}`);
    try {
      await server.states();
      return server;
    } catch {
      if (Date.now() > end) {
        await server.stop();
        throw new Error(`haproxy: no stats page on ${statsUrl}:\n${log}`);
      }
    }
  }
}

/** Waits until every replica's check state is `state` (UP or DOWN), for at most the hang guard. */
export async function untilReplicas(haproxy: HaproxyServer, state: string): Promise<Record<string, string>> {
  let last: Record<string, string> = {};
  for (const end = Date.now() + HANG_GUARD_MS; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    last = await haproxy.states();
    const values = Object.values(last);
    if (values.length > 0 && values.every((s) => s === state)) return last;
  }
  throw new Error(`the replicas never were all ${state}: ${JSON.stringify(last)}\n${haproxy.log()}`);
}
