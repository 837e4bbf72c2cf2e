/**
 * `npm run bench:publish`: the last `npm run bench` (in `.bench/`) becomes the published run —
 * `bench/results.json`, `bench/results.md` and the tables of docs/performance.md. Only a full run
 * (every part, every registered API) is published: a quick proof run would replace the tables with
 * numbers nobody should compare.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allApis } from '../src/apis/index.js';
import { RUN_DIR, withPublishedTables } from './published-run.js';
import { FULL_RUN_PARTS, partsOf, renderMarkdown, type Results } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runFile = join(root, RUN_DIR, 'results.json');
if (!existsSync(runFile)) {
  console.error(`bench:publish: no run to publish in ${RUN_DIR}/: run \`npm run bench\` first`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(runFile, 'utf8')) as Results;
const config = results.config as { apis?: string[] };
const missingParts = FULL_RUN_PARTS.filter((p) => !partsOf(results).includes(p));
const missingApis = allApis.map((a) => a.name).filter((a) => !config.apis?.includes(a));
if (missingParts.length || missingApis.length) {
  console.error(
    `bench:publish: ${RUN_DIR}/results.json is not a full run (missing ${[...missingParts.map((p) => `part ${p}`), ...missingApis.map((a) => `api ${a}`)].join(', ')}); run \`npm run bench\` without BENCH_PARTS or BENCH_APIS`,
  );
  process.exit(1);
}
const md = renderMarkdown(results);
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(root, 'bench/results.md'), md);
const page = join(root, 'docs/performance.md');
writeFileSync(page, withPublishedTables(readFileSync(page, 'utf8'), md));
console.log(
  `published the run of ${results.date}: bench/results.json, bench/results.md, docs/performance.md (its tables; the words around them are yours to update)`,
);
