/**
 * The proxy's JUnit report: one testcase per exchange that went through it (not only the broken
 * ones, as the mock's violations export has it), so that CI shows the whole client session — each
 * exchange passed, or failed with its request and response issues.
 */
import type { JournalEntry } from '../../engine/qa/journal/entry.js';
import { describeIssues } from '../../engine/qa/journal/junit.js';
import { renderJUnit, type JUnitCase } from '../../engine/util/junit-xml.js';

function testcase(e: JournalEntry, upstream: string, ms: number | undefined): JUnitCase {
  const req = e.validation.request.issues;
  const res = e.validation.response.issues;
  const name = `#${e.seq} ${e.method} ${e.url}${e.operationId ? ` (${e.operationId})` : ''} → ${e.response?.status ?? 'no response'}`;
  const classname = `${e.api}.${e.operationId ?? 'unknown-route'}`;
  const time = ms === undefined ? {} : { time: ms / 1000 };
  if (!req.length && !res.length) return { classname, name, ...time };
  const parts = [
    req.length ? `request: ${describeIssues(req)}` : '',
    res.length ? `response ${e.response?.status ?? ''}: ${describeIssues(res)}` : '',
  ].filter(Boolean);
  const detail = [
    `time: ${e.time}`,
    `upstream: ${upstream}`,
    ...req.map(
      (i) =>
        `request ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]${i.value !== undefined ? ` (value: ${JSON.stringify(i.value)})` : ''}`,
    ),
    ...res.map((i) => `response ${[i.in, ...i.path].join('.')}: ${i.message} [${i.keyword}]`),
  ].join('\n');
  return {
    classname,
    name,
    ...time,
    failure: { type: req.length ? 'request' : 'response', message: parts.join(' | '), detail },
  };
}

/** One testsuite (the API), one testcase per exchange, in order of arrival, timed when the proxy knows how long it took. */
export function proxyJUnit(
  api: string,
  upstream: string,
  entries: JournalEntry[],
  durationOf: (e: JournalEntry) => number | undefined = () => undefined,
): string {
  return renderJUnit(`groups-mock proxy ${api}`, [
    { name: api, cases: entries.map((e) => testcase(e, upstream, durationOf(e))) },
  ]);
}
