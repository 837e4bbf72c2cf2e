/**
 * The verdict beyond the checks, as Schemathesis warns `missing_auth` and `missing_test_data`: a
 * run in which most requests never got an answer, or most requests sent with the given credentials
 * were refused (401/403), tested nothing — it fails, saying why, whatever its checks say. An
 * operation that never reached a documented success is a warning, or with `--require-coverage` a
 * failure.
 */
import type { Results } from './results.js';

export function coverageVerdict(r: Results, opts: { credentialed: boolean; requireCoverage: boolean }): void {
  if (r.requests > 0 && r.unanswered * 2 > r.requests)
    r.verdictFailures.push(
      `${r.unanswered} of ${r.requests} requests got no answer: the server is down or --base-url is wrong, so nothing was tested`,
    );
  if (r.credentialed > 0 && r.refusedCredentials * 2 > r.credentialed)
    r.verdictFailures.push(
      `missing_auth: ${r.refusedCredentials} of ${r.credentialed} requests sent with the given credentials were answered 401/403 — ` +
        'the credentials are missing, wrong or expired (--login / --auth-header), so the operations behind them were not tested',
    );
  if (!opts.credentialed && r.validRequests > 0 && r.validRefused * 2 > r.validRequests)
    r.verdictFailures.push(
      `missing_auth: no credentials were given (--login or --auth-header) and ${r.validRefused} of ${r.validRequests} requests were answered 401/403`,
    );
  const uncovered = r.uncovered;
  if (!uncovered.length || r.verdictFailures.length) return;
  const list = uncovered.map((op) => `${op} (${statusList(r, op)})`).join(', ');
  if (opts.requireCoverage)
    r.verdictFailures.push(
      `--require-coverage: ${uncovered.length} operation(s) never reached a documented success: ${list}`,
    );
  else
    r.warnings.push(`missing_test_data: ${uncovered.length} operation(s) never reached a documented success: ${list}`);
}

function statusList(r: Results, op: string): string {
  const c = r.coverage.get(op)!;
  const parts = [...c.statuses].map(([s, n]) => `${n}× ${s}`);
  if (c.forced) parts.push(`${c.forced} forced`);
  return parts.length ? `answered ${parts.join(', ')}` : 'no answer';
}
