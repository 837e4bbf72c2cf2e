/**
 * Fault rules: make one operation of one API — in one namespace, for the next N requests — answer
 * a documented error, slow down, drop the connection, or throttle. Rules are checked by the
 * pipeline as soon as the namespace is known and the body parsed, before auth and validation, so
 * a fault can be provoked without valid credentials.
 *
 * @example
 *   faults.add({ api: 'kazoo', operationId: 'getGroup', namespace: 'ci-1', times: 1,
 *                action: { respond: { status: 404 } } });
 *
 * When several rules match one request: every latency rule adds its delay; then each rate-limit
 * rule counts the request and the first one over its limit answers 429; otherwise the most
 * recently added `respond`/`connection` rule fires.
 */

import type { LoadedApi } from '../../spec/compiled.js';
import { canRateLimit } from '../../spec/engine-responses.js';
import { fieldOf } from '../matching/matchers.js';
import { Rng, hashSeed } from '../../state/random.js';
import { SlidingWindow } from './sliding-window.js';
import { compileRule } from './rules.js';
import {
  RuleError,
  DEFAULT_LATENCY_CAP_MS,
  MAX_DELAY_MS,
  type LatencySpec,
  type FaultRule,
  type FaultRequest,
  type FaultDecision,
  type CompiledRule,
} from './types.js';

export * from './types.js';
export { compileRule } from './rules.js';

export class FaultStore {
  private rules: CompiledRule[] = [];
  private startup: Array<{ id: string; input: unknown }> = [];
  private nextId = 1;
  private nextSeq = 1;

  constructor(private readonly apis: Map<string, LoadedApi>) {}

  /** Checks and adds a rule; throws RuleError listing what exists when it is refused. */
  add(input: unknown, origin: FaultRule['origin'] = 'admin'): FaultRule {
    return this.addAll([input], origin)[0]!;
  }

  /** Adds rules all or none; a refusal names the index of the rule at fault when there are several. */
  addAll(inputs: unknown[], origin: FaultRule['origin'] = 'admin'): FaultRule[] {
    const compiled = inputs.map((input, i) => {
      try {
        return compileRule(input, this.apis, `f${this.nextId + i}`, origin);
      } catch (err) {
        if (inputs.length === 1 || !(err instanceof RuleError)) throw err;
        throw new RuleError(`rule ${i}: ${err.message}`, err.problems);
      }
    });
    this.nextId += inputs.length;
    for (const [i, c] of compiled.entries()) {
      c.seq = this.nextSeq++;
      this.rules.push(c);
      if (origin === 'startup') this.startup.push({ id: c.rule.id, input: inputs[i] });
    }
    return compiled.map((c) => view(c));
  }

  list(filter: { api?: string; namespace?: string } = {}): FaultRule[] {
    return this.rules.filter((c) => inScope(c.rule, filter, true)).map(view);
  }

  get(id: string): FaultRule | undefined {
    const c = this.rules.find((r) => r.rule.id === id);
    return c && view(c);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((c) => c.rule.id !== id);
    return this.rules.length < before;
  }

  /** Removes the rules of an API and/or scoped to a namespace (all rules when neither is given). */
  clear(filter: { api?: string; namespace?: string } = {}): FaultRule[] {
    const removed = this.rules.filter((c) => inScope(c.rule, filter, false));
    this.rules = this.rules.filter((c) => !removed.includes(c));
    return removed.map(view);
  }

  /**
   * What `POST /__admin/reset` does to rules: those in its scope go, start-up rules in its scope
   * come back fresh, and rules that stay forget the reset namespace's windows and generators.
   */
  reset(api?: string, namespace?: string): void {
    this.clear({ api, namespace });
    for (const c of this.rules) {
      if (api && c.rule.api !== api) continue;
      if (namespace) c.perNamespace.delete(namespace);
      else c.perNamespace.clear();
    }
    const present = new Set(this.rules.map((c) => c.rule.id));
    for (const { id, input } of this.startup) {
      if (present.has(id)) continue;
      const c = compileRule(input, this.apis, id, 'startup');
      if (!inScope(c.rule, { api, namespace }, false)) continue;
      c.seq = this.nextSeq++;
      this.rules.push(c);
    }
    this.rules.sort((a, b) => a.seq - b.seq);
  }

  /** Which rules act on this request, and what the request gets. Counts `times` down. */
  evaluate(req: FaultRequest): FaultDecision {
    const matching = this.rules.filter((c) => matches(c, req));
    const decision: FaultDecision = { delayMs: 0, fired: [] };
    for (const c of matching) {
      if (!('latency' in c.rule.action)) continue;
      const delayMs = sampleLatency(c.rule.action.latency, this.state(c, req.namespace, c.rule.action.latency));
      decision.delayMs = Math.min(MAX_DELAY_MS, decision.delayMs + delayMs);
      decision.fired.push({ ruleId: c.rule.id, action: 'latency', delayMs });
      this.consume(c);
    }
    for (const c of matching) {
      if (!('rateLimit' in c.rule.action)) continue;
      if (!canRateLimit(this.apis.get(req.api)!.spec, req.op)) continue;
      const { limit, windowMs } = c.rule.action.rateLimit;
      const { window } = this.state(c, req.namespace);
      if (window.count(req.now, windowMs) < limit) {
        window.add(req.now);
        continue;
      }
      // Over its limit, but another rate limit already answers: this one does not use up its times.
      if (decision.outcome) continue;
      const oldest = window.oldest() ?? req.now;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + windowMs - req.now) / 1000));
      decision.outcome = { type: 'rateLimited', retryAfterSeconds };
      decision.fired.push({ ruleId: c.rule.id, action: 'rateLimit', status: 429, retryAfterSeconds });
      this.consume(c);
    }
    if (!decision.outcome) {
      const last = [...matching].reverse().find((c) => 'respond' in c.rule.action || 'connection' in c.rule.action);
      if (last) {
        const action = last.rule.action;
        if ('respond' in action) {
          decision.outcome = { type: 'respond', status: action.respond.status, example: action.respond.example };
          decision.fired.push({ ruleId: last.rule.id, action: 'respond', status: action.respond.status });
        } else if ('connection' in action) {
          decision.outcome = { type: 'connection', mode: action.connection };
          decision.fired.push({ ruleId: last.rule.id, action: 'connection', connection: action.connection });
        }
        this.consume(last);
      }
    }
    return decision;
  }

  private state(c: CompiledRule, namespace: string, latency?: LatencySpec) {
    let st = c.perNamespace.get(namespace);
    if (!st) {
      const seed =
        latency && 'seed' in latency && latency.seed !== undefined ? latency.seed : hashSeed('latency', c.rule.id);
      st = { rng: latency ? new Rng(hashSeed(seed)) : undefined, window: new SlidingWindow() };
      c.perNamespace.set(namespace, st);
    }
    return st;
  }

  private consume(c: CompiledRule): void {
    c.rule.fired++;
    if (c.rule.remaining === undefined) return;
    c.rule.remaining--;
    if (c.rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== c);
  }
}

function view(c: CompiledRule): FaultRule {
  return structuredClone(c.rule);
}

/**
 * `exact`: the rule belongs to the scope (deleting, resetting: a rule for every namespace does not
 * belong to one namespace). Otherwise: the rule acts in the scope (listing).
 */
function inScope(rule: FaultRule, filter: { api?: string; namespace?: string }, listing: boolean): boolean {
  if (filter.api && rule.api !== filter.api) return false;
  if (!filter.namespace) return true;
  return rule.namespace === filter.namespace || (listing && rule.namespace === undefined);
}

function matches(c: CompiledRule, req: FaultRequest): boolean {
  const r = c.rule;
  if (r.api !== req.api) return false;
  if (r.namespace !== undefined && r.namespace !== req.namespace) return false;
  if (c.ops && (!req.op || !c.ops.has(req.op.operationId))) return false;
  return c.tests.every(({ where, key, test }) => {
    const found = fieldOf(where, req, key);
    return test(found.value, found.present);
  });
}

function sampleLatency(spec: LatencySpec, st: { rng?: Rng }): number {
  if ('fixedMs' in spec) return spec.fixedMs;
  const rng = st.rng!;
  if ('uniform' in spec) return Math.round(spec.uniform.minMs + rng.next() * (spec.uniform.maxMs - spec.uniform.minMs));
  // Box–Muller: a standard normal from two uniforms; the median of exp(σZ)·m is m.
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(
    Math.min(spec.capMs ?? DEFAULT_LATENCY_CAP_MS, spec.lognormal.medianMs * Math.exp(spec.lognormal.sigma * z)),
  );
}
