/**
 * The runtime: everything a running mock holds — the loaded APIs, the namespaces' state, the fault
 * rules, the journal and the violations — and the one `reset` that the admin API, state eviction and
 * tests all go through (WireMock's `Admin.resetAll` facade). No HTTP here: the pipeline and the
 * admin router work over it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileSpec, type LoadedApi } from './spec/compiled.js';
import { FaultStore, RuleError } from './qa/faults/store.js';
import type { FiredFault } from './qa/faults/types.js';
import { DEFAULT_JOURNAL_SIZE } from './qa/journal/entry.js';
import { Recorder } from './qa/journal/recorder.js';
import { Journal } from './qa/journal/ring.js';
import type { ClockMode } from './state/clock.js';
import { NamespaceStore } from './state/namespaces.js';
import { checkState } from './state/state-check.js';
import type { ApiModule, ValidationIssue } from './types.js';

export interface RuntimeOptions {
  apis: ApiModule<any, any>[];
  /** Seed of every generator (ids, tokens, fake data). */
  seed?: number;
  /** `fixed` freezes the clock at `clockStart` (tests); `system` follows the wall clock. */
  clockMode?: ClockMode;
  clockStart?: number;
  /** A folder with `<api>.json` files replacing the built-in demo tenants. */
  fixturesDir?: string;
  /**
   * Every API name a fixture in `fixturesDir` may have (default: the APIs served): the CLI gives all
   * it knows, so that a folder of five tenants serves one API with `--api`.
   */
  fixtureNames?: string[];
  /** Fault rules in force from the start (`--delay`, `--fault-file`); they come back after a reset. */
  faultRules?: unknown[];
  /** Where the rules come from, for the start-up error (e.g. the `--fault-file` path). */
  faultRulesSource?: string;
  /** Requests kept per namespace by the journal (default 1000). */
  journalSize?: number;
  /** Bytes the journal keeps across all namespaces (default 256 MiB); the oldest entries go first. */
  journalBytes?: number;
  /** Namespaces kept at once (default 1000); the least recently used goes first, `default` never. */
  maxNamespaces?: number;
  /**
   * Resources (groups) per API per namespace (`--max-resources`, default 200,000): a create past it
   * gets the vendor's 4xx, an import past it a 400 (docs/memory.md).
   */
  maxResources?: number;
  /** How long soft-deleted documents are kept on the namespace's clock, ms (`--deleted-retention`, default a day). */
  deletedRetentionMs?: number;
  /** Soft-deleted documents kept per API per namespace whatever the clock (`--max-deleted`, default 10,000). */
  maxDeleted?: number;
  /** Live tokens or sessions kept per token map of a namespace (default 10,000); past it the oldest issued go. */
  maxTokens?: number;
  /** Told of every request an API answered, once its response is out (the CLI's request log). Unset: no cost. */
  onServed?: (line: ServedLine) => void;
  /**
   * Refuse query parameters an operation does not take (`--strict`), in the vendor's words. Default
   * false: they are accepted and ignored, and the journal keeps a warning (real gateways accept them).
   */
  strict?: boolean;
}

/** One answered request, as the request log writes it. */
export interface ServedLine {
  api: string;
  namespace: string;
  method: string;
  /** The full path, mount prefix included, without the query. */
  path: string;
  /** The query as sent (repeated names as arrays); empty without one. Its values are the client's, unmasked. */
  query: Record<string, string | string[]>;
  operationId?: string;
  status: number;
  ms: number;
  /** Issues of the request against the spec (the client's) and of our response (ours: a bug). */
  requestViolations: number;
  responseViolations: number;
  /**
   * Warnings about the request, accepted (see `strict`): query parameters the operation does not
   * take, and a body of a type the spec does not declare that the API reads as JSON all the same.
   */
  requestWarnings: number;
  /** The unknown query names, when there are any. */
  unknownQuery?: string[];
  /** The undeclared Content-Type a body was read as JSON under, when it was. */
  bodyReadAsJson?: string;
  /** The fault rules that acted on the request (latency included), when any did. */
  faults?: FiredFault[];
  /** The `Prefer` header, when it chose the answer (instead of the handler). */
  prefer?: string;
  /** The client went away (or a fault rule dropped the connection) before the response was out. */
  aborted: boolean;
  userAgent?: string;
}

/** A response that broke the spec: our bug, reported to the operator and the tests. */
export interface Violation {
  api: string;
  namespace: string;
  operationId?: string;
  method: string;
  path: string;
  status: number;
  issues: ValidationIssue[];
}

const MAX_VIOLATIONS = 1000;

/** Compiles a vendor's spec, checks it has a handler per operation and a check per security scheme, and reads its demo tenant. */
export function loadApi(mod: ApiModule<any, any>, fixturesDir?: string): { api: LoadedApi; fixture: unknown } {
  const compiled = compileSpec(mod.specFile, mod.name);
  const { spec } = compiled;
  const missing = spec.operations.filter((o) => !Object.hasOwn(mod.handlers, o.operationId)).map((o) => o.operationId);
  if (missing.length) throw new Error(`${mod.name}: no handler for operation(s) ${missing.join(', ')}`);
  const schemes = new Set(spec.operations.flatMap((o) => o.security.flatMap((alt) => alt.map((s) => s.scheme))));
  const unchecked = [...schemes].filter((s) => !Object.hasOwn(mod.security, s));
  if (unchecked.length)
    throw new Error(`${mod.name}: no security check for scheme(s) ${unchecked.join(', ')} of the spec`);
  const unused = Object.keys(mod.security).filter((s) => !schemes.has(s));
  if (unused.length)
    throw new Error(`${mod.name}: security check(s) ${unused.join(', ')} name no scheme any operation uses`);
  // A fixtures folder overrides the demo tenants it has a file for; the others stay built in.
  const override = fixturesDir ? join(fixturesDir, `${mod.name}.json`) : undefined;
  const fixtureFile = override && existsSync(override) ? override : mod.fixtureFile;
  let fixture: unknown;
  try {
    fixture = JSON.parse(readFileSync(fixtureFile, 'utf8'));
  } catch (err) {
    throw new Error(`${fixtureFile}: cannot read the fixture: ${(err as Error).message}`);
  }
  const problems = checkState(mod, fixture);
  if (problems.length) throw new Error(`${fixtureFile}: invalid fixture:\n  ${problems.join('\n  ')}`);
  return { api: { module: mod, ...compiled }, fixture };
}

/**
 * A fixtures folder is read by file name: a misnamed file (`kazo.json`, `Kazoo.json`, `kazoo.yaml`)
 * would be ignored without a word and the built-in tenant served instead. Each such file is refused,
 * with the names a fixture may have; so is a folder with a fixture for none of the APIs served.
 */
function checkFixturesDir(dir: string, served: string[], names: string[] = served): void {
  if (!(existsSync(dir) && statSync(dir).isDirectory())) throw new Error(`${dir}: no such fixtures folder`);
  const expected = names.map((n) => `${n}.json`);
  const problems: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = entry.name;
    if (expected.includes(file) || entry.isDirectory()) continue;
    const stem = file.replace(/\.[^.]*$/, '');
    const looksLikeOne = /\.json$/i.test(file) || names.some((n) => n.toLowerCase() === stem.toLowerCase());
    if (!looksLikeOne) continue;
    const near = expected.find((e) => editDistance(e.toLowerCase(), file.toLowerCase()) <= 2);
    problems.push(`${file} names no API${near ? ` (did you mean ${near}?)` : ''}`);
  }
  if (!problems.length && !served.some((n) => existsSync(join(dir, `${n}.json`)))) {
    problems.push(
      `none of ${served.map((n) => `${n}.json`).join(', ')} is there, so the built-in demo tenants would be served`,
    );
  }
  if (problems.length)
    throw new Error(
      `${dir}: ${problems.join('; ')}. A fixtures folder holds <api>.json files, one per API to replace: ${expected.join(', ')}`,
    );
}

/** Levenshtein distance of two short names. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

export class Runtime {
  readonly apis = new Map<string, LoadedApi>();
  readonly store: NamespaceStore;
  readonly faults: FaultStore;
  readonly journal: Journal;
  readonly recorder: Recorder;
  /** Responses of ours that broke a spec since start (the most recent ones). */
  readonly violations: Violation[] = [];
  readonly startedAt = Date.now();
  readonly onServed?: (line: ServedLine) => void;
  /** Unknown query parameters are refused (see RuntimeOptions.strict). */
  readonly strict: boolean;
  private readonly closing = new AbortController();
  /** Aborted by `close()`: the waits the runtime started (a fault rule's latency) end with it. */
  readonly closed: AbortSignal = this.closing.signal;

  constructor(opts: RuntimeOptions) {
    this.onServed = opts.onServed;
    this.strict = opts.strict === true;
    this.store = new NamespaceStore({
      seed: opts.seed ?? 1,
      clockMode: opts.clockMode ?? 'system',
      clockStart: opts.clockStart,
      maxNamespaces: opts.maxNamespaces,
      limits: {
        maxResources: opts.maxResources,
        deletedRetentionMs: opts.deletedRetentionMs,
        maxDeleted: opts.maxDeleted,
        maxTokens: opts.maxTokens,
      },
    });
    if (opts.fixturesDir)
      checkFixturesDir(
        opts.fixturesDir,
        opts.apis.map((a) => a.name),
        opts.fixtureNames,
      );
    for (const mod of opts.apis) {
      const { api, fixture } = loadApi(mod, opts.fixturesDir);
      this.apis.set(mod.name, api);
      this.store.addApi(mod.name, fixture, mod.housekeeping && ((view) => mod.housekeeping!(view)));
    }
    this.faults = new FaultStore(this.apis);
    for (const [i, rule] of (opts.faultRules ?? []).entries()) {
      try {
        this.faults.add(rule, 'startup');
      } catch (err) {
        const problems = err instanceof RuleError && err.problems.length ? `\n  ${err.problems.join('\n  ')}` : '';
        throw new Error(`${opts.faultRulesSource ?? 'fault rules'}: rule ${i}: ${(err as Error).message}${problems}`);
      }
    }
    this.journal = new Journal(opts.journalSize ?? DEFAULT_JOURNAL_SIZE, opts.journalBytes);
    this.recorder = new Recorder(this.journal);
    // An evicted namespace goes as if reset: its rules' counters, its own rules and its journal too.
    this.store.onEvict((namespace) => this.reset({ namespace }));
  }

  /**
   * Back to the start, for one API and/or one namespace (everything when neither is given): state
   * to the demo tenant with a fresh seed and clock, the fault rules scoped there removed (start-up
   * rules come back), the journal of what was reset cleared.
   */
  reset(scope: { api?: string; namespace?: string } = {}): void {
    this.store.reset(scope.api, scope.namespace);
    this.faults.reset(scope.api, scope.namespace);
    this.journal.clear(scope);
  }

  /**
   * The server is going away: every wait still running (a latency rule's delay, up to ~24 days)
   * ends now and its request is dropped, so that nothing of this runtime keeps a process alive.
   */
  close(): void {
    this.closing.abort();
  }

  reportViolation(v: Violation): void {
    this.violations.push(v);
    if (this.violations.length > MAX_VIOLATIONS) this.violations.shift();
  }
}
