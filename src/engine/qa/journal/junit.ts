/**
 * The journal's violations as a JUnit XML report: one testsuite per API, one failed testcase per
 * request that broke the spec, and one passed testcase with its warnings as `<system-out>` per request
 * accepted with warnings (unknown query parameters): visible in CI, failing nothing.
 */
import type { ValidationIssue } from '../../types.js';
import { renderJUnit, type JUnitSuite } from '../../util/junit-xml.js';
import type { JournalEntry } from './entry.js';

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${[i.in, ...i.path].join('.')} ${i.message}`).join('; ');
}

/** One testsuite per API; a request that broke the spec fails, one with warnings only passes. */
export function toJUnit(entries: JournalEntry[]): string {
  const byApi = new Map<string, JournalEntry[]>();
  for (const e of entries) byApi.set(e.api, [...(byApi.get(e.api) ?? []), e]);
  const suites: JUnitSuite[] = [...byApi].map(([api, list]) => ({
    name: api,
    cases: list.map((e) => {
      const req = e.validation.request.issues;
      const res = e.validation.response.issues;
      const warnings = e.validation.warnings ?? [];
      const parts = [
        req.length ? `request: ${describeIssues(req)}` : '',
        res.length ? `response ${e.response?.status ?? ''}: ${describeIssues(res)}` : '',
      ].filter(Boolean);
      const detail = [
        `time: ${e.time}`,
        `namespace: ${e.namespace}`,
        ...req.map(
          (i) =>
            `request ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]${i.value !== undefined ? ` (value: ${JSON.stringify(i.value)})` : ''}`,
        ),
        ...res.map((i) => `response ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]`),
      ].join('\n');
      return {
        classname: `${api}.${e.namespace}`,
        name: `#${e.seq} ${e.method} ${e.url}${e.operationId ? ` (${e.operationId})` : ''} → ${e.response?.status ?? 'no response'}`,
        ...(parts.length
          ? { failure: { type: req.length ? 'request' : 'response', message: parts.join(' | '), detail } }
          : {}),
        ...(warnings.length
          ? {
              systemOut: warnings
                .map(
                  (i) =>
                    `warning: ${describeIssues([i])}${i.value !== undefined ? ` (value: ${JSON.stringify(i.value)})` : ''}`,
                )
                .join('\n'),
            }
          : {}),
      };
    }),
  }));
  return renderJUnit('groups-mock contract', suites);
}
