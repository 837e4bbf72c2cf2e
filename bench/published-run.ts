/**
 * Where a published benchmark run lives: `bench/results.json` and `bench/results.md`, and the tables
 * of docs/performance.md between two markers. `npm run bench` writes only `.bench/` (ignored), so a
 * run never dirties the tree; `npm run bench:publish` (publish.ts) makes the last run the published
 * one, on purpose — a commit that changes these files says a run was published.
 *
 * @example
 *   writeFileSync('docs/performance.md', withPublishedTables(readFileSync('docs/performance.md', 'utf8'), renderMarkdown(results)));
 */

/** Where `npm run bench` writes its results (relative to the repository root). */
export const RUN_DIR = '.bench';

export const BEGIN = '<!-- published bench run: `npm run bench:publish` writes from here -->';
export const END = '<!-- published bench run: to here -->';

/**
 * The page with the tables between the markers replaced by a run's markdown (without its title);
 * the page's own words around them stay as they are.
 */
export function withPublishedTables(page: string, runMarkdown: string): string {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`the page has no ${BEGIN} … ${END} region for the published run`);
  const tables = runMarkdown.replace(/^# .*\n+/, '').trim();
  return `${page.slice(0, begin + BEGIN.length)}\n\n${tables}\n\n${page.slice(end)}`;
}
