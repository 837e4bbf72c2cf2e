/**
 * The load generator of `npm run bench`, run as its own process (never inside a server's): one
 * autocannon run described by a JSON job, its summary as one JSON line on stdout. Plain JavaScript
 * so that no transpiler shares its CPU time.
 *
 * A job is either one fixed request (autocannon's fast path; its body may be a file, `bodyFile`) or a sequence of steps each connection
 * walks in turn (a stateful workload): `{{next}}` in a path or body becomes a number unique to this
 * process (`{{n}}` repeats it), `{{name}}` the value a previous step captured (`capture: {name: "regex with one group"}`,
 * matched against the raw response text, so ids past 2^53 stay exact). Every response whose status
 * is not its step's `status` counts as unexpected.
 *
 * @example
 *   node bench/load.mjs '{"url":"http://127.0.0.1:4010","connections":50,"seconds":5,"warmupSeconds":1,
 *     "steps":[{"method":"GET","path":"/kazoo/v2/...","headers":{"x-auth-token":"..."},"status":200}]}'
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2] ?? '{}');
let seq = 0;

function fill(text, vars) {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name) => {
    if (name === 'next') vars.n = String(++seq);
    return vars[name === 'next' ? 'n' : name] ?? `missing-${name}`;
  });
}

/** A step's body: JSON (an object), raw text, or the text of `bodyFile` (a body too large for an argument). */
function bodyText(s) {
  if (s.bodyFile !== undefined) return readFileSync(s.bodyFile, 'utf8');
  return s.body === undefined ? undefined : typeof s.body === 'string' ? s.body : JSON.stringify(s.body);
}

/** The step's headers, with a JSON Content-Type for an object body that names none. */
function headersOf(s) {
  const headers = { ...(s.headers ?? {}) };
  if (
    (s.bodyFile !== undefined || (s.body !== undefined && typeof s.body !== 'string')) &&
    !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')
  )
    headers['content-type'] = 'application/json';
  return headers;
}

// A body file is sent as it is (no `{{…}}` in it is filled).
const dynamic =
  job.steps.length > 1 ||
  job.steps.some((s) => s.capture || /\{\{/.test(s.path + (s.bodyFile === undefined ? (bodyText(s) ?? '') : '')));

/** autocannon options for the job; `unexpected` counts answers of the wrong status in sequences. */
function options(seconds, counters) {
  const base = { url: job.url, connections: job.connections, pipelining: 1, duration: seconds, timeout: 10 };
  const steps = job.steps;
  if (!dynamic) {
    const [s] = steps;
    // autocannon's fixed request takes its path from the URL.
    return { ...base, url: job.url + s.path, method: s.method, headers: headersOf(s), body: bodyText(s) };
  }
  return {
    ...base,
    requests: steps.map((s) => ({
      method: s.method,
      setupRequest(req, context) {
        context.vars ??= {};
        const body = bodyText(s);
        return {
          ...req,
          method: s.method,
          path: fill(s.path, context.vars),
          headers: headersOf(s),
          ...(body !== undefined ? { body: fill(body, context.vars) } : {}),
        };
      },
      onResponse(status, body, context) {
        if (status !== s.status) counters.unexpected++;
        for (const [name, pattern] of Object.entries(s.capture ?? {})) {
          const m = new RegExp(pattern).exec(String(body));
          if (m) (context.vars ??= {})[name] = m[1];
        }
      },
    })),
  };
}

function run(seconds, counters) {
  return new Promise((resolve, reject) => {
    autocannon(options(seconds, counters), (err, result) => (err ? reject(err) : resolve(result)));
  });
}

if (job.warmupSeconds > 0) await run(job.warmupSeconds, { unexpected: 0 });
const counters = { unexpected: 0 };
const r = await run(job.seconds, counters);
// A fixed request is counted from autocannon's status table, a sequence step by step.
const expected = dynamic ? undefined : job.steps[0].status;
let unexpected = counters.unexpected;
if (expected !== undefined) {
  for (const [status, { count }] of Object.entries(r.statusCodeStats ?? {}))
    if (Number(status) !== expected) unexpected += count;
}
process.stdout.write(
  `${JSON.stringify({
    requests: r.requests.total,
    seconds: r.duration,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    unexpected,
    statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
  })}\n`,
);
