/**
 * The settings of `npm run bench`: environment variables (`BENCH_*`), overridden by command-line
 * flags after `--` (`npm run bench -- --part read --vendor kazoo --rounds 3 --duration 5`).
 *
 * Parts: `startup`, `read` (the read side by side: groups-mock, Prism, WireMock, the Express route,
 * node:http), `scenarios` (the mock's list, create, 4xx and mixed), `scale`, `bodies`; `side` is
 * `read,scenarios`. Every part by default.
 */

export const ALL_PARTS = ['startup', 'read', 'scenarios', 'scale', 'bodies'] as const;
export type Part = (typeof ALL_PARTS)[number];

export interface BenchConfig {
  /** Measured seconds of each read round (the targets' numbers). */
  seconds: number;
  /** Measured seconds of the mock's other scenarios, the node:http ceiling and the gets at scale. */
  otherSeconds: number;
  /** Warm-up before the first run of each server and scenario. */
  warmupSeconds: number;
  /** Warm-up of WireMock (a JVM) before it is first measured. */
  wireMockWarmupSeconds: number;
  /** Rounds of the read (servers take turns in each); the table shows the median and the best. */
  readRounds: number;
  /** Runs of each of the mock's other scenarios. */
  runs: number;
  connections: number;
  scaleGroups: number;
  scaleMemberships: number;
  startupRuns: number;
  parts: Set<Part>;
  /** Vendors to run (all when undefined). */
  apis?: Set<string>;
  /** A git ref: measure the read of that commit against this tree's, in turns (bench/ab.ts). */
  baseline?: string;
  /** With `baseline`: a git ref measured instead of this tree. */
  candidate?: string;
}

const USAGE = `usage: npm run bench [-- [--part P[,P]] [--vendor API[,API]] [--rounds N] [--duration S] [--warmup S] [--baseline REF [--candidate REF]]]
  parts: ${ALL_PARTS.join(', ')} (side = read,scenarios); every part by default
  env: BENCH_PARTS, BENCH_APIS, BENCH_READ_ROUNDS, BENCH_SECONDS, BENCH_OTHER_SECONDS, BENCH_WARMUP,
       BENCH_WIREMOCK_WARMUP, BENCH_RUNS, BENCH_CONNECTIONS, BENCH_SCALE_GROUPS, BENCH_SCALE_MEMBERSHIPS,
       BENCH_BASELINE (a git ref: the read of that commit against this tree's, see docs/performance.md),
       BENCH_CANDIDATE (with BENCH_BASELINE: a git ref measured instead of this tree)`;

function number(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0, not ${v}\n${USAGE}`);
  return n;
}

function parts(list: string): Set<Part> {
  const out = new Set<Part>();
  for (const p of list.split(',').filter(Boolean)) {
    if (p === 'side') out.add('read').add('scenarios');
    else if ((ALL_PARTS as readonly string[]).includes(p)) out.add(p as Part);
    else throw new Error(`unknown part "${p}"\n${USAGE}`);
  }
  return out;
}

/** The configuration from `env` and `argv` (the arguments after the script's name). */
export function benchConfig(env: NodeJS.ProcessEnv, argv: string[]): BenchConfig | 'help' {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return 'help';
    const m = /^--(part|parts|vendor|vendors|rounds|duration|warmup|baseline|candidate)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument "${a}"\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
    flags[m[1]!.replace(/s$/, '')] = value;
  }
  const seconds = number('--duration', flags.duration ?? env.BENCH_SECONDS, 4);
  const vendors = flags.vendor ?? env.BENCH_APIS;
  return {
    seconds,
    otherSeconds: number('BENCH_OTHER_SECONDS', env.BENCH_OTHER_SECONDS, Math.min(3, seconds)),
    warmupSeconds: number('--warmup', flags.warmup ?? env.BENCH_WARMUP, 1),
    wireMockWarmupSeconds: number('BENCH_WIREMOCK_WARMUP', env.BENCH_WIREMOCK_WARMUP, 15),
    readRounds: Math.max(1, Math.round(number('--rounds', flags.round ?? env.BENCH_READ_ROUNDS, 3))),
    runs: Math.max(1, Math.round(number('BENCH_RUNS', env.BENCH_RUNS, 2))),
    connections: Math.max(1, Math.round(number('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS, 50))),
    scaleGroups: Math.round(number('BENCH_SCALE_GROUPS', env.BENCH_SCALE_GROUPS, 100_000)),
    scaleMemberships: Math.round(number('BENCH_SCALE_MEMBERSHIPS', env.BENCH_SCALE_MEMBERSHIPS, 500_000)),
    startupRuns: Math.max(1, Math.round(number('BENCH_STARTUP_RUNS', env.BENCH_STARTUP_RUNS, 2))),
    parts: parts(flags.part ?? env.BENCH_PARTS ?? ALL_PARTS.join(',')),
    apis: vendors ? new Set(vendors.split(',').filter(Boolean)) : undefined,
    baseline: flags.baseline ?? (env.BENCH_BASELINE || undefined),
    candidate: flags.candidate ?? (env.BENCH_CANDIDATE || undefined),
  };
}

export { USAGE };
