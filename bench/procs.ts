/**
 * The processes of `npm run bench`: every server in its own child process, the load generator in
 * another (`bench/load.mjs`), and the peak resident memory of a server read from the kernel
 * (`VmHWM` in `/proc/<pid>/status`, reset between measurements through `clear_refs`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Step } from './scenarios/types.js';

const LOAD = fileURLToPath(new URL('./load.mjs', import.meta.url));
const live = new Set<ChildProcess>();

/**
 * The processes a process started, and theirs (Linux: `/proc/<pid>/task/<tid>/children`); empty
 * where /proc is not there. WireMock's npm bin is a node process that runs `java` as its child,
 * which a signal to the node process does not reach.
 */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const c of children.split(' ').filter(Boolean).map(Number)) out.push(c, ...descendants(c));
  }
  return out;
}

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined)
    for (const pid of descendants(child.pid)) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  child.kill(signal);
}

/** Stops every server this bench started, and the processes they started (on exit, and on Ctrl-C). */
export function stopAll(): void {
  for (const child of live) killTree(child, 'SIGKILL');
  live.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  name: string;
  port: number;
  pid: number;
  url: string;
  /** The process whose memory is measured: the server itself (for WireMock, the JVM under its npm bin). */
  memoryPid(): number;
  /** Milliseconds from spawn to the first answer `ready` accepted. */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` and polls `ready` (every 10 ms, at most `timeoutMs`) until it says yes; the
 * child's output is kept for the error when it does not come up.
 */
export async function startServer(
  name: string,
  args: string[],
  port: number,
  ready: (url: string) => Promise<boolean>,
  // Generous: on a busy shared machine Prism took 44 s to start (measured with a load average of 22).
  timeoutMs = 180_000,
  opts: { cwd?: string } = {},
): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: opts.cwd,
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    live.delete(child);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited) throw new Error(`${name} exited before answering:\n${output}`);
    if (performance.now() - started > timeoutMs) {
      killTree(child, 'SIGKILL');
      throw new Error(`${name} did not answer within ${timeoutMs} ms:\n${output}`);
    }
    if (await ready(url).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const startupMs = performance.now() - started;
  return {
    name,
    port,
    pid: child.pid!,
    url,
    startupMs,
    // The deepest descendant is the server when the command is a launcher (WireMock's bin → java).
    memoryPid: () => descendants(child.pid!).at(-1) ?? child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        killTree(child, 'SIGTERM');
        setTimeout(() => killTree(child, 'SIGKILL'), 3000).unref();
      }),
  };
}

/** The kernel's peak resident set of a process, in MB (undefined where /proc is not there). */
export function peakRssMb(pid: number): number | undefined {
  return statusMb(pid, 'VmHWM');
}

export function rssMb(pid: number): number | undefined {
  return statusMb(pid, 'VmRSS');
}

function statusMb(pid: number, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;

/**
 * The CPU time a process has used so far (user + system, every thread: its GC and JIT too), in ms,
 * from `/proc/<pid>/stat`; undefined where /proc is not there. Per request, it says what a server
 * costs even when a shared machine gives it only part of a core, which req/s cannot.
 */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Starts the peak anew (Linux: writing 5 to clear_refs), so that each measurement has its own. */
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: the peak then covers the server's life so far
  }
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  unexpected: number;
  statuses: Record<string, number>;
}

/** One autocannon run in its own process. */
export function load(job: {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  steps: Step[];
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.once('exit', (code) => {
      live.delete(child);
      if (code !== 0) return reject(new Error(`load generator failed (${code}): ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult);
      } catch {
        reject(new Error(`load generator said: ${out}${err}`));
      }
    });
  });
}
