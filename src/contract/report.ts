/**
 * How a contract run is reported: a summary per operation and check, then each failure with the
 * request's origin (the example or the seed) and the curl that reproduces it; and the same as JUnit
 * XML (one testcase per operation and check) for CI.
 */
import { renderJUnit, type JUnitCase } from '../engine/util/junit-xml.js';
import { secretVariable } from './curl.js';
import type { Results } from './results.js';

export function summary(api: string, baseUrl: string, r: Results, secrets: string[] = []): string {
  const lines = [`${api} at ${baseUrl}: ${r.requests} requests, ${r.tally.size} operations`];
  const width = Math.max(24, ...[...r.tally.values()].flatMap((m) => [...m.keys()].map((k) => k.length))) + 2;
  for (const [operation, checks] of r.tally) {
    const bad = [...checks.values()].some((t) => t.failed);
    lines.push(`  ${bad ? '✗' : '✓'} ${operation}`);
    for (const [check, t] of checks)
      lines.push(`      ${check.padEnd(width)}${t.passed} passed${t.failed ? `, ${t.failed} failed   FAILED` : ''}`);
  }
  for (const s of r.skipped) lines.push(`  - skipped: ${s}`);
  if (r.failures.length) {
    lines.push('', `${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}:`);
    r.failures.forEach((f, i) => {
      lines.push(
        '',
        `${i + 1}. ${f.operation} — ${f.check}: ${f.message}`,
        `   request: ${f.origin}; answered ${f.status || 'nothing'}`,
        `   reproduce: ${f.curl}`,
      );
    });
    if (secrets.length)
      lines.push(
        '',
        `(the commands read the credentials from ${secrets.map((s) => `$${secretVariable(s)}`).join(', ')})`,
      );
  }
  const checks = [...r.tally.values()].reduce((n, m) => n + m.size, 0);
  lines.push(
    '',
    r.failed
      ? `FAILED: ${r.failures.length} distinct failure(s) over ${checks} operation checks`
      : `PASSED: ${checks} operation checks, no failure`,
  );
  return lines.join('\n');
}

export function contractJUnit(api: string, baseUrl: string, r: Results): string {
  const cases: JUnitCase[] = [];
  for (const [operation, checks] of r.tally) {
    for (const [check, t] of checks) {
      const failures = r.failures.filter((f) => f.operation === operation && f.check === check);
      cases.push({
        classname: `${api}.${operation}`,
        name: check,
        ...(failures.length
          ? {
              failure: {
                type: check,
                message: failures.map((f) => f.message).join(' | '),
                detail: [
                  `${t.failed} of ${t.passed + t.failed} requests failed against ${baseUrl}`,
                  ...failures.map(
                    (f) => `${f.message}\n  request: ${f.origin}; answered ${f.status}\n  reproduce: ${f.curl}`,
                  ),
                ].join('\n\n'),
              },
            }
          : {}),
      });
    }
  }
  for (const s of r.skipped) cases.push({ classname: `${api}.skipped`, name: s, skipped: s });
  return renderJUnit(`groups-mock contract ${api}`, [{ name: api, cases }]);
}
