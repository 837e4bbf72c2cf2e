/**
 * How a contract run is reported: what was tested (the target, and per operation whether it reached
 * a documented success and which checks judged a real answer), each check's tally, each failure with
 * the request's origin and the curl that reproduces it (the whole sequence when it came at the end
 * of one), the verdict's own failures (`missing_auth`, an unreachable server, `--require-coverage`)
 * and warnings; and the same as JUnit XML for CI: one testcase per operation and check with the
 * time its answers took, one per operation's coverage, and a `<testsuite>` whatever happened.
 */
import { renderJUnit, type JUnitCase } from '../engine/util/junit-xml.js';
import { secretVariable } from './curl.js';
import type { Results } from './results.js';

const TARGETS = { mock: 'groups-mock', proxy: "groups-mock's proxy", live: 'a live server' } as const;

function coverageLines(r: Results): string[] {
  if (!r.coverage.size) return [];
  const covered = r.coverage.size - r.uncovered.length;
  const lines = [`coverage: ${covered} of ${r.coverage.size} operations reached a documented success`];
  const width = Math.max(...[...r.coverage.keys()].map((k) => k.length)) + 2;
  for (const [op, c] of r.coverage) {
    const statuses = [...c.statuses.keys()].sort((a, b) => a - b).join(' ') || 'no answer';
    const forced = c.forced ? `; ${c.forced} forced answer(s) not counted` : '';
    lines.push(
      `  ${c.success ? '●' : '○'} ${op.padEnd(width)}${c.success ? 'success' : 'NOT REACHED'} (answered ${statuses}${forced}); checks on real answers: ${[...c.checks].join(', ') || 'none'}`,
    );
  }
  return lines;
}

export function summary(
  api: string,
  baseUrl: string,
  r: Results,
  secrets: string[] = [],
  target?: keyof typeof TARGETS,
): string {
  const lines = [
    `${api} at ${baseUrl}${target ? ` (${TARGETS[target]})` : ''}: ${r.requests} requests, ${r.tally.size} operations`,
  ];
  const width = Math.max(24, ...[...r.tally.values()].flatMap((m) => [...m.keys()].map((k) => k.length))) + 2;
  for (const [operation, checks] of r.tally) {
    const bad = [...checks.values()].some((t) => t.failed);
    lines.push(`  ${bad ? '✗' : '✓'} ${operation}`);
    for (const [check, t] of checks)
      lines.push(`      ${check.padEnd(width)}${t.passed} passed${t.failed ? `, ${t.failed} failed   FAILED` : ''}`);
  }
  for (const s of r.skipped) lines.push(`  - skipped: ${s}`);
  const cov = coverageLines(r);
  if (cov.length) lines.push('', ...cov);
  for (const w of r.warnings) lines.push('', `warning: ${w}`);
  if (r.stoppedEarly) lines.push('', `note: ${r.stoppedEarly}`);
  if (r.failures.length) {
    lines.push('', `${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}:`);
    r.failures.forEach((f, i) => {
      lines.push(
        '',
        `${i + 1}. ${f.operation} — ${f.check}: ${f.message}`,
        `   request: ${f.origin}; answered ${f.status || 'nothing'}`,
      );
      if (f.sequence && f.sequence.length > 1)
        lines.push('   reproduce (the whole sequence, in order):', ...f.sequence.map((c) => `     ${c}`));
      else lines.push(`   reproduce: ${f.curl}`);
    });
    if (secrets.length)
      lines.push(
        '',
        `(the commands read the credentials from ${secrets.map((s) => `$${secretVariable(s)}`).join(', ')})`,
      );
  }
  for (const v of r.verdictFailures) lines.push('', `FAILED: ${v}`);
  const checks = [...r.tally.values()].reduce((n, m) => n + m.size, 0);
  const covered = r.coverage.size - r.uncovered.length;
  const coverage = r.coverage.size ? `, ${covered} of ${r.coverage.size} operations covered` : '';
  lines.push(
    '',
    r.failures.length
      ? `FAILED: ${r.failures.length} distinct failure(s) over ${checks} operation checks${coverage}`
      : r.verdictFailures.length
        ? `FAILED: no check failed, but the run cannot be trusted (above)${coverage}`
        : `PASSED: ${checks} operation checks, no failure${coverage}`,
  );
  return lines.join('\n');
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export function contractJUnit(api: string, baseUrl: string, r: Results): string {
  const cases: JUnitCase[] = [];
  for (const [operation, checks] of r.tally) {
    for (const [check, t] of checks) {
      const failures = r.failures.filter((f) => f.operation === operation && f.check === check);
      cases.push({
        classname: `${api}.${operation}`,
        name: check,
        time: seconds(r.checkTime(operation, check)),
        ...(failures.length
          ? {
              failure: {
                type: check,
                message: failures.map((f) => f.message).join(' | '),
                detail: [
                  `${t.failed} of ${t.passed + t.failed} requests failed against ${baseUrl}`,
                  ...failures.map(
                    (f) =>
                      `${f.message}\n  request: ${f.origin}; answered ${f.status}\n  reproduce: ${(f.sequence ?? [f.curl]).join('\n             ')}`,
                  ),
                ].join('\n\n'),
              },
            }
          : {}),
      });
    }
  }
  for (const [operation, c] of r.coverage) {
    const statuses = [...c.statuses.keys()].join(', ') || 'none';
    cases.push({
      classname: `${api}.${operation}`,
      name: 'coverage',
      time: seconds(r.timeMs.get(operation) ?? 0),
      ...(c.success
        ? {}
        : r.verdictFailures.some((v) => v.startsWith('--require-coverage'))
          ? {
              failure: {
                type: 'coverage',
                message: `never reached a documented success (answered ${statuses})`,
                detail: `checks on real answers: ${[...c.checks].join(', ') || 'none'}`,
              },
            }
          : { skipped: `never reached a documented success (answered ${statuses})` }),
    });
  }
  for (const v of r.verdictFailures)
    cases.push({ classname: `${api}.run`, name: 'verdict', failure: { type: 'verdict', message: v, detail: v } });
  for (const s of r.skipped) cases.push({ classname: `${api}.skipped`, name: s, skipped: s });
  return renderJUnit(`groups-mock contract ${api}`, [{ name: api, cases }]);
}
