/** The journal's violations as a JUnit XML report: one testsuite per API, one failed testcase per request. */
import type { ValidationIssue } from '../../types.js';
import type { JournalEntry } from './entry.js';

/** Characters XML 1.0 cannot carry at all: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const xml = (s: string) => s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${[i.in, ...i.path].join('.')} ${i.message}`).join('; ');
}

/** One testsuite per API, one failed testcase per request that broke the spec. */
export function toJUnit(entries: JournalEntry[]): string {
  const byApi = new Map<string, JournalEntry[]>();
  for (const e of entries) byApi.set(e.api, [...(byApi.get(e.api) ?? []), e]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="groups-mock contract" tests="${entries.length}" failures="${entries.length}">`];
  for (const [api, list] of byApi) {
    lines.push(`  <testsuite name="${xml(api)}" tests="${list.length}" failures="${list.length}" errors="0" skipped="0">`);
    for (const e of list) {
      const req = e.validation.request.issues;
      const res = e.validation.response.issues;
      const parts = [req.length ? `request: ${describeIssues(req)}` : '', res.length ? `response ${e.response?.status ?? ''}: ${describeIssues(res)}` : ''].filter(Boolean);
      const name = `#${e.seq} ${e.method} ${e.url}${e.operationId ? ` (${e.operationId})` : ''} → ${e.response?.status ?? 'no response'}`;
      const detail = [
        `time: ${e.time}`,
        `namespace: ${e.namespace}`,
        ...req.map((i) => `request ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]${i.value !== undefined ? ` (value: ${JSON.stringify(i.value)})` : ''}`),
        ...res.map((i) => `response ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]`),
      ].join('\n');
      lines.push(`    <testcase classname="${xml(`${api}.${e.namespace}`)}" name="${xml(name)}" time="0">`);
      lines.push(`      <failure type="${req.length ? 'request' : 'response'}" message="${xml(parts.join(' | '))}">${xml(detail)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
