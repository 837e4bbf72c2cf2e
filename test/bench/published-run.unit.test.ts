/**
 * The published benchmark run: `npm run bench` writes only `.bench/` (ignored), and
 * `npm run bench:publish` puts a run's tables between the markers of docs/performance.md — which
 * today show the same run as the tracked bench/results.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, RUN_DIR, withPublishedTables } from '../../bench/published-run.js';

const page = readFileSync(new URL('../../docs/performance.md', import.meta.url), 'utf8');
const published = readFileSync(new URL('../../bench/results.md', import.meta.url), 'utf8');
const gitignore = readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8');

describe('the published bench run', () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# P\n\nwords before\n\n${BEGIN}\n\nold tables\n\n${END}\n\nwords after\n`;
    expect(withPublishedTables(doc, '# groups-mock benchmark\n\nrun line\n| a |\n')).toBe(
      `# P\n\nwords before\n\n${BEGIN}\n\nrun line\n| a |\n\n${END}\n\nwords after\n`,
    );
    expect(() => withPublishedTables('# no markers', 'x')).toThrow(/no <!-- published bench run/);
  });

  it('docs/performance.md shows the run bench/results.md holds', () => {
    expect(withPublishedTables(page, published)).toBe(page);
  });

  it('a run writes where git does not look', () => {
    expect(gitignore.split('\n')).toContain(`${RUN_DIR}/`);
  });
});
