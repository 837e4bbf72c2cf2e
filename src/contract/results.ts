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
    return this.failures.length > 0;
  }
}
