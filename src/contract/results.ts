/**
 * What a contract run found: for each operation and check, how many requests passed and failed, and
 * each distinct failure with the request that reproduces it. The summary, the JUnit report and the
 * exit code are all made from this.
 */
import type { CheckName } from './checks.js';
import type { WireRequest } from './http.js';

export interface Failure {
  /** `createGroup`, or `PATCH /v2/user_auth` for a request outside the spec's operations. */
  operation: string;
  check: CheckName;
  message: string;
  origin: string;
  status: number;
  request: WireRequest;
  /** The command that reproduces it (credentials as shell variables). */
  curl: string;
  /** When it came at the end of a sequence: every request of it, in order, as curl (the last is `curl`). */
  sequence?: string[];
}

/** What one operation's valid, credentialed requests reached: the coverage half of the verdict. */
export interface OperationCoverage {
  /** Status → how many real answers had it (answers forced by `Prefer` or a fault rule are not counted). */
  statuses: Map<number, number>;
  /** A status the vendor documents as a success (2xx) was reached. */
  success: boolean;
  /** Checks that judged a real answer of this operation. */
  checks: Set<CheckName>;
  /** Answers forced by `Prefer` or a fault rule (the mock's `X-Mock-Forced`), which prove nothing. */
  forced: number;
}

export class Results {
  /** operation → check → counts, in the order first seen. */
  readonly tally = new Map<string, Map<CheckName, { passed: number; failed: number }>>();
  readonly failures: Failure[] = [];
  requests = 0;
  /** Links of the spec that were followed with an id an answer gave. */
  linksFollowed = 0;
  /** Things that could not be tried, with the reason (no valid case, a link with no id…). */
  readonly skipped: string[] = [];
  private seen = new Set<string>();
  /** operationId → what its requests reached, for every operation the run set out to test. */
  readonly coverage = new Map<string, OperationCoverage>();
  /** Requests sent with the run's credentials, and how many of them were answered 401 or 403. */
  credentialed = 0;
  refusedCredentials = 0;
  /** Valid requests (the ones counted for coverage), and how many were answered 401 or 403. */
  validRequests = 0;
  validRefused = 0;
  /** Requests that got no HTTP answer at all (refused, reset, timed out). */
  unanswered = 0;
  /** Why the run cannot be trusted whatever its checks say (`missing_auth`, an unreachable server, coverage): each fails it. */
  readonly verdictFailures: string[] = [];
  /** Worth knowing, does not fail the run (Schemathesis' warnings: `missing_test_data`, …). */
  readonly warnings: string[] = [];
  /** Wall-clock milliseconds spent per operation, for the JUnit times. */
  readonly timeMs = new Map<string, number>();
  /** The run stopped early (`--max-failures`). */
  stoppedEarly?: string;

  /** The coverage record of an operation (created empty: an operation never reached shows as such). */
  coverageOf(operation: string): OperationCoverage {
    let c = this.coverage.get(operation);
    if (!c) this.coverage.set(operation, (c = { statuses: new Map(), success: false, checks: new Set(), forced: 0 }));
    return c;
  }

  addTime(operation: string, ms: number): void {
    this.timeMs.set(operation, (this.timeMs.get(operation) ?? 0) + ms);
  }

  /** Milliseconds of the answers each operation's check judged (a JUnit testcase's time). */
  readonly checkMs = new Map<string, number>();

  addCheckTime(operation: string, check: CheckName, ms: number): void {
    const key = `${operation}\u0000${check}`;
    this.checkMs.set(key, (this.checkMs.get(key) ?? 0) + ms);
  }

  checkTime(operation: string, check: CheckName): number {
    return this.checkMs.get(`${operation}\u0000${check}`) ?? 0;
  }

  /** Operations that never reached a documented success. */
  get uncovered(): string[] {
    return [...this.coverage].filter(([, c]) => !c.success).map(([op]) => op);
  }

  count(operation: string, check: CheckName, failed: boolean): void {
    let byCheck = this.tally.get(operation);
    if (!byCheck) this.tally.set(operation, (byCheck = new Map()));
    const t = byCheck.get(check) ?? { passed: 0, failed: 0 };
    if (failed) t.failed++;
    else t.passed++;
    byCheck.set(check, t);
  }

  /** A failure, kept once per operation, check and message (the first request that showed it). */
  fail(f: Failure): void {
    this.count(f.operation, f.check, true);
    const key = `${f.operation}\u0000${f.check}\u0000${f.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.failures.push(f);
  }

  get failed(): boolean {
    return this.failures.length > 0 || this.verdictFailures.length > 0;
  }
}
