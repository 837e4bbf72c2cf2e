/**
 * A JUnit XML writer, the one every report of the project goes through (the journal's violations,
 * `groups-mock contract`, the proxy): suites of test cases, each passed, failed or skipped, and text
 * escaped so that whatever a request held, the file stays well-formed XML.
 */

/** Characters XML 1.0 cannot carry at all: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates. */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlText = (s: string) =>
  s
    .replace(NOT_XML, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Seconds as JUnit readers take them: a plain decimal with three places, never `1e-7` or `NaN`. */
const seconds = (t: number | undefined) => (t !== undefined && Number.isFinite(t) && t > 0 ? t : 0).toFixed(3);

export interface JUnitCase {
  classname: string;
  name: string;
  /** Seconds. */
  time?: number;
  failure?: { type: string; message: string; detail: string };
  skipped?: string;
  /** Text for the case's `<system-out>` (a passed case's warnings: CI shows it, nothing fails on it). */
  systemOut?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
}

export function renderJUnit(title: string, suites: JUnitSuite[]): string {
  const all = suites.flatMap((s) => s.cases);
  const failures = (cases: JUnitCase[]) => cases.filter((c) => c.failure).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(title)}" tests="${all.length}" failures="${failures(all)}">`,
  ];
  for (const s of suites) {
    lines.push(
      `  <testsuite name="${xmlText(s.name)}" tests="${s.cases.length}" failures="${failures(s.cases)}" errors="0" skipped="${s.cases.filter((c) => c.skipped !== undefined).length}">`,
    );
    for (const c of s.cases) {
      const open = `    <testcase classname="${xmlText(c.classname)}" name="${xmlText(c.name)}" time="${seconds(c.time)}"`;
      if (!c.failure && c.skipped === undefined && c.systemOut === undefined) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.failure)
        lines.push(
          `      <failure type="${xmlText(c.failure.type)}" message="${xmlText(c.failure.message)}">${xmlText(c.failure.detail)}</failure>`,
        );
      if (c.skipped !== undefined) lines.push(`      <skipped message="${xmlText(c.skipped)}"/>`);
      if (c.systemOut !== undefined) lines.push(`      <system-out>${xmlText(c.systemOut)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
