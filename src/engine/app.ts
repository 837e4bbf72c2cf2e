/**
 * Builds the Express app: loads each API's spec and demo tenant, checks that every operation has a
 * handler, mounts each API at `/<name>` and the control plane at `/__admin`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { createAdminRouter } from './admin/index.js';
import { createApiRouter, type ApiRuntime, type Violation } from './pipeline/index.js';
import type { ClockMode } from './state/clock.js';
import { FaultStore, RuleError } from './qa/faults/store.js';
import { DEFAULT_JOURNAL_SIZE, Journal } from './qa/journal/journal.js';
import { NamespaceStore } from './state/namespaces.js';
import { compileSpec } from './spec/compiled.js';
import { checkState } from './state/state-check.js';
import type { ApiModule } from './types.js';

export interface AppOptions {
  apis: ApiModule<any, any>[];
  /** Seed of every generator (ids, tokens, fake data). */
  seed?: number;
  /** `fixed` freezes the clock at `clockStart` (tests); `system` follows the wall clock. */
  clockMode?: ClockMode;
  clockStart?: number;
  /** A folder with `<api>.json` files replacing the built-in demo tenants. */
  fixturesDir?: string;
  /** Fault rules in force from the start (`--delay`, `--fault-file`); they come back after a reset. */
  faultRules?: unknown[];
  /** Where the rules come from, for the start-up error (e.g. the `--fault-file` path). */
  faultRulesSource?: string;
  /** Requests kept per namespace by the journal (default 1000). */
  journalSize?: number;
  /** Namespaces kept at once (default 1000); the least recently used goes first, `default` never. */
  maxNamespaces?: number;
}

export interface MockServer {
  app: Express;
  store: NamespaceStore;
  apis: Map<string, ApiRuntime>;
  /** Responses of ours that broke a spec since start (bounded). */
  violations: Violation[];
  faults: FaultStore;
  journal: Journal;
}

const MAX_VIOLATIONS = 1000;

export function loadApi(mod: ApiModule<any, any>, fixturesDir?: string): { runtime: ApiRuntime; fixture: unknown } {
  const compiled = compileSpec(mod.specFile, mod.name);
  const { spec } = compiled;
  const missing = spec.operations.filter((o) => !mod.handlers[o.operationId]).map((o) => o.operationId);
  if (missing.length) throw new Error(`${mod.name}: no handler for operation(s) ${missing.join(', ')}`);
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
  return { runtime: { module: mod, ...compiled }, fixture };
}

export function createMockServer(opts: AppOptions): MockServer {
  const store = new NamespaceStore({ seed: opts.seed ?? 1, clockMode: opts.clockMode ?? 'system', clockStart: opts.clockStart, maxNamespaces: opts.maxNamespaces });
  const apis = new Map<string, ApiRuntime>();
  const violations: Violation[] = [];
  if (opts.fixturesDir && !(existsSync(opts.fixturesDir) && statSync(opts.fixturesDir).isDirectory())) {
    throw new Error(`${opts.fixturesDir}: no such fixtures folder`);
  }
  for (const mod of opts.apis) {
    const { runtime, fixture } = loadApi(mod, opts.fixturesDir);
    apis.set(mod.name, runtime);
    store.addApi(mod.name, fixture);
  }

  const faults = new FaultStore(apis);
  for (const [i, rule] of (opts.faultRules ?? []).entries()) {
    try {
      faults.add(rule, 'startup');
    } catch (err) {
      const problems = err instanceof RuleError && err.problems.length ? `\n  ${err.problems.join('\n  ')}` : '';
      throw new Error(`${opts.faultRulesSource ?? 'fault rules'}: rule ${i}: ${(err as Error).message}${problems}`);
    }
  }
  const journal = new Journal(opts.journalSize ?? DEFAULT_JOURNAL_SIZE);
  // An evicted namespace goes as if reset: its rules' counters, its own rules and its journal too.
  store.onEvict((namespace) => {
    faults.reset(undefined, namespace);
    journal.clear({ namespace });
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/__admin', createAdminRouter({ apis, store, faults, journal, startedAt: Date.now() }));
  for (const rt of apis.values()) {
    app.use(
      `/${rt.module.name}`,
      createApiRouter(rt, store, {
        onViolation: (v) => {
          violations.push(v);
          if (violations.length > MAX_VIOLATIONS) violations.shift();
        },
        faults,
        journal,
      }),
    );
  }
  app.use((req, res) => {
    res.status(404).json({ error: `no API at ${req.path}`, apis: [...apis.keys()].map((n) => `/${n}`), admin: '/__admin' });
  });
  return { app, store, apis, violations, faults, journal };
}
