/**
 * Reads a `node --cpu-prof` profile and prints where the time went: self time by function and by
 * file (node_modules packages grouped), and inclusive time of the functions named on the command
 * line. Used to find what in the pipeline is worth moving to start-up (see docs/performance.md).
 * A third argument leaves out the profile's first milliseconds (start-up, warm-up): what is left is
 * the load alone (bench/tools/profile-read.ts passes it).
 *
 * @example
 *   node bench/tools/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile 30
 *   node bench/tools/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile 30 8000   # from 8 s on
 */
import { readFileSync } from 'node:fs';

const [file, topArg, skipArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const skipUs = Number(skipArg ?? 0) * 1000;
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
let at = 0;
for (let i = 0; i < prof.samples.length; i++) {
  at += dt[i] ?? 0;
  if (at < skipUs) continue;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
}
// Idle time is no work: percentages are of the time the process was busy.
for (const id of [...self.keys()]) if (byId.get(id).callFrame.functionName === '(idle)') self.delete(id);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`busy ${(total / 1000).toFixed(0)} ms${skipUs ? ` (after the first ${skipUs / 1000} ms)` : ''}`);
const where = (cf) => {
  const url = cf.url.replace(/^file:\/\//, '');
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return m ? m[1] : url.replace(/.*\/(src|bench|bin)\//, '$1/') || '(native)';
};
const fns = new Map();
const files = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const key = `${cf.functionName || '(anon)'} ${where(cf)}:${cf.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  files.set(where(cf), (files.get(where(cf)) ?? 0) + us);
}
const print = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
};
// Inclusive: a function's own time and its callees', counted once per stack (recursion not twice).
const inclusive = new Map();
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n) => `${n.callFrame.functionName || '(anon)'} ${where(n.callFrame)}`;
for (const [id, us] of self) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const k = keyOf(byId.get(at));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
print('self time by file/package', files);
print('self time by function', fns);
const ours = new Map([...inclusive].filter(([k]) => / (src|bin)\//.test(k) || /express-openapi-validator|ajv/.test(k)));
print('inclusive time, our code and the validators', ours);
