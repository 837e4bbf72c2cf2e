/**
 * The A/B read of `npm run bench`, for the project's 5 % rule ("no later change may cost the
 * in-memory read more than 5 % of its throughput"): the read of a baseline commit against this tree's
 * (or another commit's), each built in a temporary git worktree, both servers up at once and measured
 * in turns — A B, B A, A B … — so that the drift of a shared machine hits both alike. Per vendor it
 * prints each round's ratio (candidate / baseline), their median and spread, and the verdict.
 *
 * @example
 *   BENCH_BASELINE=main npm run bench -- --part read --vendor kazoo --rounds 3 --duration 5
 *   npm run bench -- --baseline main --candidate work/check --vendor kazoo,mdm --rounds 5
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchConfig } from './args.js';
import type { LoadResult, Server } from './procs.js';
import type { Send, Step, VendorScenarios } from './scenarios/types.js';

/** The ratio under which a change costs the read more than the rule allows. */
export const RULE = 0.95;

export interface AbDeps {
  root: string;
  config: BenchConfig;
  vendors: VendorScenarios[];
  log: (line: string) => void;
  /** Starts `bin/groups-mock.js serve` of the checkout at `checkout`. */
  startMock: (name: string, checkout: string) => Promise<Server>;
  sender: (base: string) => Send;
  measureOnce: (
    server: Server,
    steps: Step[],
    opts: { run: number; seconds: number; warmupSeconds?: number },
  ) => Promise<LoadResult & { peakMb?: number; cpuUsPerRequest?: number }>;
}

interface Side {
  rps: number[];
  p99: number[];
  cpuUs: number[];
}

export interface AbVendorResult {
  api: string;
  baseline: Side;
  candidate: Side;
  /** Candidate / baseline of the CPU time per request, round by round (< 1: the candidate costs less). */
  cpuRatios: number[];
  /** candidate / baseline, round by round. */
  ratios: number[];
  median: number;
  min: number;
  max: number;
  verdict: string;
}

const git = (cwd: string, args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
};

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Rounds whose ratios spread wider than this cannot judge a 5 % rule. */
export const MAX_SPREAD = 0.1;

/** What the ratios say against the rule: a pass, a cost, or too noisy to tell. */
export function verdictOf(ratios: number[], rule = RULE): string {
  const m = median(ratios);
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)} %`;
  if (hi - lo > MAX_SPREAD)
    return `too noisy to judge (the rounds' ratios span ${lo.toFixed(2)}–${hi.toFixed(2)}): rerun on a quieter machine or with more --rounds`;
  if (m >= rule && lo >= rule) return `within the 5 % rule (median ${pct(m)})`;
  if (m < rule && hi < rule) return `COSTS the read ${pct(m)}: over the 5 % rule in every round`;
  if (m >= rule)
    return `within the 5 % rule at the median (${pct(m)}), but a round fell below: rerun with more --rounds`;
  return `over the 5 % rule at the median (${pct(m)}), but a round was within: rerun with more --rounds`;
}

/** A commit checked out and built in a temporary worktree, with this checkout's node_modules. */
function checkoutOf(
  root: string,
  ref: string,
  log: (line: string) => void,
): { dir: string; sha: string; remove(): void } {
  const sha = git(root, ['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = mkdtempSync(join(os.tmpdir(), `groups-mock-ab-${sha.slice(0, 8)}-`));
  log(`${ref} (${sha.slice(0, 10)}): a worktree in ${dir}, built`);
  git(root, ['worktree', 'add', '--detach', dir, sha]);
  const remove = () => {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };
  try {
    // This checkout's dependencies when the commit locks the same ones; else its own, installed (slower).
    const sameLock =
      readFileSync(join(root, 'package-lock.json'), 'utf8') === readFileSync(join(dir, 'package-lock.json'), 'utf8');
    if (sameLock) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    else {
      log(`${ref} locks other dependencies: npm ci in its worktree`);
      const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
        cwd: dir,
        stdio: 'inherit',
      });
      if (ci.status !== 0) throw new Error(`npm ci failed in the worktree of ${ref}`);
    }
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: dir, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`npm run build failed in the worktree of ${ref}`);
  } catch (err) {
    remove();
    throw err;
  }
  return { dir, sha, remove };
}

/** Runs the comparison and prints it; writes `.bench/ab.json`. */
export async function runBaselineComparison(deps: AbDeps, runDir: string): Promise<AbVendorResult[]> {
  const { config, log } = deps;
  const loadAtStart = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const baselineRef = config.baseline!;
  const candidateRef = config.candidate;
  const checkouts: Array<{ remove(): void }> = [];
  const servers: Server[] = [];
  try {
    const base = checkoutOf(deps.root, baselineRef, log);
    checkouts.push(base);
    let candidateDir = deps.root;
    let candidateName = `this tree (${git(deps.root, ['rev-parse', '--short', 'HEAD'])}${git(deps.root, ['status', '--porcelain']) ? ', with uncommitted changes' : ''})`;
    if (candidateRef) {
      const cand = checkoutOf(deps.root, candidateRef, log);
      checkouts.push(cand);
      candidateDir = cand.dir;
      candidateName = `${candidateRef} (${cand.sha.slice(0, 10)})`;
    } else {
      log('npm run build (this tree)');
      const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: deps.root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    const a = await deps.startMock(`baseline ${baselineRef}`, base.dir);
    servers.push(a);
    const b = await deps.startMock('candidate', candidateDir);
    servers.push(b);
    log(
      `A/B read: baseline ${baselineRef} (${base.sha.slice(0, 10)}) against ${candidateName}; ${config.readRounds} rounds of ${config.seconds} s each, ${config.connections} connections, in turns`,
    );
    const results: AbVendorResult[] = [];
    for (const v of deps.vendors) {
      const side: { a: Side; b: Side } = { a: { rps: [], p99: [], cpuUs: [] }, b: { rps: [], p99: [], cpuUs: [] } };
      for (let round = 0; round < config.readRounds; round++) {
        // A B, then B A: neither is always the one measured first.
        const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
        for (const which of order) {
          const server = which === 'a' ? a : b;
          const send = deps.sender(server.url);
          const reset = await send('POST', '/__admin/reset?namespace=*');
          if (reset.status !== 200) throw new Error(`${server.name}: reset failed: ${reset.text}`);
          const auth = await v.login(send);
          const step = v.read(auth);
          const probe = await send(step.method, step.path, { headers: step.headers });
          if (probe.status !== step.status)
            throw new Error(`${server.name} ${v.api}: the read answered ${probe.status}: ${probe.text.slice(0, 300)}`);
          const r = await deps.measureOnce(server, [step], {
            run: round,
            seconds: config.seconds,
            warmupSeconds: round === 0 ? Math.max(1, config.warmupSeconds) : 0,
          });
          if (r.errors + r.unexpected > 0)
            throw new Error(`${server.name} ${v.api}: ${r.errors + r.unexpected} errors or unexpected answers`);
          side[which].rps.push(r.rps);
          side[which].p99.push(r.p99);
          if (r.cpuUsPerRequest !== undefined) side[which].cpuUs.push(r.cpuUsPerRequest);
        }
        log(
          `  ${v.api} round ${round + 1}: baseline ${side.a.rps.at(-1)!.toFixed(0)} req/s, candidate ${side.b.rps.at(-1)!.toFixed(0)} req/s → ${(side.b.rps.at(-1)! / side.a.rps.at(-1)!).toFixed(3)}`,
        );
      }
      const ratios = side.b.rps.map((x, i) => x / side.a.rps[i]!);
      const cpuRatios =
        side.b.cpuUs.length === side.a.cpuUs.length ? side.b.cpuUs.map((x, i) => x / side.a.cpuUs[i]!) : [];
      results.push({
        api: v.api,
        baseline: side.a,
        candidate: side.b,
        cpuRatios,
        ratios,
        median: median(ratios),
        min: Math.min(...ratios),
        max: Math.max(...ratios),
        verdict: verdictOf(ratios),
      });
    }
    console.log(`\nA/B read, baseline ${baselineRef} (${base.sha.slice(0, 10)}) → candidate ${candidateName}`);
    console.log(
      `${config.readRounds} rounds × ${config.seconds} s per side, alternated; load average ${loadAtStart} at the start, ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(
          ' ',
        )} at the end (on a shared machine a busy neighbour moves one side's round, not the other's: read the spread)`,
    );
    console.log(
      '| API | baseline req/s (median) | candidate req/s (median) | ratio median | ratio min–max | p99 ms A → B | CPU µs/req A → B | CPU ratio median (min–max) | verdict |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of results) {
      const cpu = r.cpuRatios.length
        ? `${median(r.baseline.cpuUs).toFixed(0)} → ${median(r.candidate.cpuUs).toFixed(0)} | ${median(r.cpuRatios).toFixed(3)} (${Math.min(...r.cpuRatios).toFixed(3)}–${Math.max(...r.cpuRatios).toFixed(3)})`
        : '– | –';
      console.log(
        `| ${r.api} | ${median(r.baseline.rps).toFixed(0)} | ${median(r.candidate.rps).toFixed(0)} | ${r.median.toFixed(3)} | ${r.min.toFixed(3)}–${r.max.toFixed(3)} | ${median(r.baseline.p99).toFixed(1)} → ${median(r.candidate.p99).toFixed(1)} | ${cpu} | ${r.verdict} |`,
      );
    }
    console.log(
      'The verdict reads req/s, as the rule says. CPU per request (the server process, every thread) moves less with the neighbours: a CPU ratio above 1.05 in every round says the same cost when req/s is too noisy.',
    );
    mkdirSync(runDir, { recursive: true });
    writeFileSync(
      join(runDir, 'ab.json'),
      `${JSON.stringify({ date: new Date().toISOString(), loadAverageAtStart: loadAtStart, baseline: baselineRef, baselineSha: base.sha, candidate: candidateName, config: { rounds: config.readRounds, seconds: config.seconds, connections: config.connections }, results }, null, 2)}\n`,
    );
    console.log(`written: ${join(runDir, 'ab.json')}`);
    return results;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const c of checkouts) c.remove();
  }
}
