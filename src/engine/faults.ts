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
import type { ApiRuntime } from './api-router.js';
import { parseDuration } from './duration.js';
import { compileMatchers, headerValue, valueAtPath, type ValueTest } from './matchers.js';
import { NAMESPACE_PATTERN } from './namespaces.js';
import { Rng, hashSeed } from './random.js';
import { HTTP_METHODS, type OperationDoc, type ResponseDoc, type SpecIndex } from './spec.js';

export type LatencySpec =
  | { fixedMs: number }
  | { uniform: { minMs: number; maxMs: number }; seed?: number }
  | { lognormal: { medianMs: number; sigma: number }; seed?: number; capMs?: number };

export type ConnectionFault = 'reset' | 'empty' | 'truncated' | 'malformed';

export type FaultAction =
  | { respond: { status: number; example?: string } }
  | { latency: LatencySpec }
  | { connection: ConnectionFault }
  | { rateLimit: { limit: number; windowMs: number } };

export interface FaultMatch {
  headers?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** A rule as listed by `GET /__admin/faults`. */
export interface FaultRule {
  id: string;
  api: string;
  operationId?: string;
  method?: string;
  path?: string;
  namespace?: string;
  match?: FaultMatch;
  /** As created; absent = until removed. */
  times?: number;
  /** What is left of `times`; the rule disappears at 0. */
  remaining?: number;
  /** How many requests the rule has acted on. */
  fired: number;
  action: FaultAction;
  /** `startup` rules (`--delay`, `--fault-file`) come back after a reset. */
  origin: 'admin' | 'startup';
}

/** A rule that was refused, with what exists instead. */
export class RuleError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** What a request looks like to the rules. */
export interface FaultRequest {
  api: string;
  namespace: string;
  op?: OperationDoc;
  headers: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** The namespace's engine clock, ms since the epoch. */
  now: number;
}

/** One rule acting on one request, for the journal. */
export interface FiredFault {
  ruleId: string;
  action: 'respond' | 'latency' | 'connection' | 'rateLimit';
  delayMs?: number;
  status?: number;
  connection?: ConnectionFault;
  retryAfterSeconds?: number;
}

export type FaultOutcome =
  | { type: 'respond'; status: number; example?: string }
  | { type: 'rateLimited'; retryAfterSeconds: number }
  | { type: 'connection'; mode: ConnectionFault };

export interface FaultDecision {
  delayMs: number;
  fired: FiredFault[];
  outcome?: FaultOutcome;
}

/** The HTTP status of each engine response a spec may document in its root `x-mock-responses`. */
export const ENGINE_RESPONSE_STATUS: Record<string, number> = {
  unknownPath: 404,
  methodNotAllowed: 405,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  rateLimited: 429,
  internalError: 500,
};

/** Lognormal delays are capped unless the rule says otherwise. */
export const DEFAULT_LATENCY_CAP_MS = 60_000;

const RULE_KEYS = ['api', 'operationId', 'method', 'path', 'namespace', 'match', 'times', 'action'];
/** Fields of a listed rule, ignored when one is sent back (a saved `GET /__admin/faults` is a valid rule file). */
const LISTED_ONLY_KEYS = ['id', 'remaining', 'fired', 'origin'];
const ACTIONS = ['respond', 'latency', 'connection', 'rateLimit'];
const CONNECTION_FAULTS: ConnectionFault[] = ['reset', 'empty', 'truncated', 'malformed'];

interface CompiledRule {
  rule: FaultRule;
  seq: number;
  /** Operations the rule is limited to; undefined = every request to the API. */
  ops?: Set<string>;
  tests: Array<{ where: 'headers' | 'query' | 'body'; key: string; test: ValueTest }>;
  /** Per namespace: the latency generator and the rate-limit window. */
  perNamespace: Map<string, { rng?: Rng; hits: number[] }>;
}

export class FaultStore {
  private rules: CompiledRule[] = [];
  private startup: Array<{ id: string; input: unknown }> = [];
  private nextId = 1;
  private nextSeq = 1;

  constructor(private readonly apis: Map<string, ApiRuntime>) {}

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
      decision.delayMs += delayMs;
      decision.fired.push({ ruleId: c.rule.id, action: 'latency', delayMs });
      this.consume(c);
    }
    for (const c of matching) {
      if (!('rateLimit' in c.rule.action)) continue;
      if (!rateLimitApplies(req, this.apis.get(req.api)!.spec)) continue;
      const { limit, windowMs } = c.rule.action.rateLimit;
      const st = this.state(c, req.namespace);
      st.hits = st.hits.filter((t) => t > req.now - windowMs && t <= req.now);
      if (st.hits.length < limit) {
        st.hits.push(req.now);
        continue;
      }
      if (decision.outcome) continue;
      const oldest = st.hits[0] ?? req.now;
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
      const seed = latency && 'seed' in latency && latency.seed !== undefined ? latency.seed : hashSeed('latency', c.rule.id);
      st = { rng: latency ? new Rng(hashSeed(seed)) : undefined, hits: [] };
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
    const found = where === 'headers' ? headerValue(req.headers, key) : where === 'query' ? queryValue(req.query, key) : valueAtPath(req.body, key);
    return test(found.value, found.present);
  });
}

function queryValue(query: Record<string, unknown>, name: string) {
  return Object.prototype.hasOwnProperty.call(query, name) ? { value: query[name], present: true } : { value: undefined, present: false };
}

/** A rate limit answers only where a 429 can be rendered: the spec's engine response, or the operation's own. */
function rateLimitApplies(req: FaultRequest, spec: SpecIndex): boolean {
  return spec.engineResponses.has('rateLimited') || !!req.op?.responses.get('429');
}

function sampleLatency(spec: LatencySpec, st: { rng?: Rng }): number {
  if ('fixedMs' in spec) return spec.fixedMs;
  const rng = st.rng!;
  if ('uniform' in spec) return Math.round(spec.uniform.minMs + rng.next() * (spec.uniform.maxMs - spec.uniform.minMs));
  // Box–Muller: a standard normal from two uniforms; the median of exp(σZ)·m is m.
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(Math.min(spec.capMs ?? DEFAULT_LATENCY_CAP_MS, spec.lognormal.medianMs * Math.exp(spec.lognormal.sigma * z)));
}

// ---------------------------------------------------------------------------------------------
// Checking a rule

/** The documented response of an operation for a status (exact, then `4XX`, then `default`). */
export function documentedResponse(op: OperationDoc, status: number): ResponseDoc | undefined {
  const s = String(status);
  return op.responses.get(s) ?? op.responses.get(`${s[0]}XX`) ?? op.responses.get('default');
}

/** The engine response (`x-mock-responses`) a status stands for, if the spec documents one. */
export function engineResponseFor(spec: SpecIndex, status: number): { kind: string; response: ResponseDoc } | undefined {
  for (const [kind, s] of Object.entries(ENGINE_RESPONSE_STATUS)) {
    const response = spec.engineResponses.get(kind);
    if (s === status && response) return { kind, response };
  }
  return undefined;
}

const examplesOf = (r: ResponseDoc) => Object.keys(r.examples);
const describeResponse = (r: ResponseDoc) => `${r.status}${examplesOf(r).length ? ` (examples: ${examplesOf(r).join(', ')})` : ''}`;

/** The engine responses a rule may answer with; `op`: those its own documented statuses do not shadow. */
function describeEngineResponses(spec: SpecIndex, op?: OperationDoc): string[] {
  return Object.entries(ENGINE_RESPONSE_STATUS)
    .filter(([kind, status]) => spec.engineResponses.has(kind) && !(op && documentedResponse(op, status)))
    .map(([kind, status]) => {
      const r = spec.engineResponses.get(kind)!;
      return `${status} ${kind}, any operation (x-mock-responses)${examplesOf(r).length ? ` (examples: ${examplesOf(r).join(', ')})` : ''}`;
    });
}

const describeOp = (op: OperationDoc) => `${op.operationId}: ${op.method.toUpperCase()} ${op.pathTemplate}`;

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function nonNegative(v: unknown, where: string): number {
  const n = parseDuration(v);
  if (n === undefined || n < 0) throw new RuleError(`${where} must be a number of milliseconds ≥ 0 (or a duration such as "250ms", "2s")`);
  return n;
}

function onlyKeys(obj: Record<string, unknown>, allowed: string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length) throw new RuleError(`${where} has unknown field(s) ${extra.join(', ')}`, [`known fields: ${allowed.join(', ')}`]);
}

/** Which operations a rule names: by operationId, by method + path template, or none (every request). */
function resolveOperations(input: Record<string, unknown>, spec: SpecIndex, api: string): OperationDoc[] | undefined {
  const all = spec.operations.map(describeOp);
  if (input.operationId !== undefined) {
    const op = typeof input.operationId === 'string' ? spec.byId.get(input.operationId) : undefined;
    if (!op) throw new RuleError(`${api} has no operation "${String(input.operationId)}"`, [`operations of ${api}:`, ...all]);
    const sameMethod = input.method === undefined || String(input.method).toLowerCase() === op.method;
    if (!sameMethod || (input.path !== undefined && input.path !== op.pathTemplate)) {
      throw new RuleError(`operationId ${op.operationId} is ${op.method.toUpperCase()} ${op.pathTemplate}, not what method/path say; give one or the other`);
    }
    return [op];
  }
  if (input.path === undefined && input.method === undefined) return undefined;
  let method = input.method;
  let path = input.path;
  // "GET /v2/accounts/{ACCOUNT_ID}/groups" in one string
  if (typeof path === 'string' && /^[A-Za-z]+\s+\//.test(path)) {
    if (method !== undefined) throw new RuleError('path already names a method; drop "method" or the method in "path"');
    [method, path] = path.trim().split(/\s+/, 2);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) throw new RuleError('path must be a path template of the API, such as "/v2/accounts/{ACCOUNT_ID}/groups"', [`operations of ${api}:`, ...all]);
  if (method !== undefined && (typeof method !== 'string' || !(HTTP_METHODS as readonly string[]).includes(method.toLowerCase()))) {
    throw new RuleError(`method must be one of ${HTTP_METHODS.map((m) => m.toUpperCase()).join(', ')}`);
  }
  const onPath = spec.operations.filter((o) => o.pathTemplate === path);
  if (!onPath.length) {
    const concrete = spec.find(typeof method === 'string' ? method : 'GET', path);
    const hint = concrete.op ? [`did you mean the template ${concrete.op.pathTemplate}?`] : [];
    throw new RuleError(`${api} has no path template "${path}"`, [...hint, `operations of ${api}:`, ...all]);
  }
  if (method === undefined) return onPath;
  const op = onPath.find((o) => o.method === (method as string).toLowerCase());
  if (!op) throw new RuleError(`${api} has no ${(method as string).toUpperCase()} ${path}`, [`methods of ${path}: ${onPath.map((o) => o.method.toUpperCase()).join(', ')}`]);
  return [op];
}

function checkRespond(arg: unknown, ops: OperationDoc[] | undefined, spec: SpecIndex): FaultAction {
  if (!isObject(arg)) throw new RuleError('respond must be an object { status, example? }');
  onlyKeys(arg, ['status', 'example'], 'respond');
  const status = typeof arg.status === 'string' && /^\d{3}$/.test(arg.status) ? Number(arg.status) : arg.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw new RuleError('respond.status must be an HTTP status code, such as 404');
  if (arg.example !== undefined && typeof arg.example !== 'string') throw new RuleError('respond.example must be the name of an example');
  const example = arg.example as string | undefined;
  const engine = engineResponseFor(spec, status);
  const targets = ops ?? [];
  if (!ops && !engine) {
    throw new RuleError(`a respond rule without an operation can only answer an engine response (x-mock-responses); ${status} is not one`, [
      ...describeEngineResponses(spec),
      'or name an operation with operationId (or method + path)',
    ]);
  }
  for (const op of targets) {
    const r = documentedResponse(op, status) ?? engine?.response;
    const available = [...[...op.responses.values()].map(describeResponse), ...describeEngineResponses(spec, op)];
    if (!r) throw new RuleError(`${op.operationId} documents no ${status} response`, [`responses of ${op.operationId}:`, ...available]);
    if (example !== undefined && !(example in r.examples)) {
      throw new RuleError(`${op.operationId} has no example "${example}" for ${status}`, [`responses of ${op.operationId}:`, ...available]);
    }
  }
  if (!ops && example !== undefined && !(example in engine!.response.examples)) {
    throw new RuleError(`the ${status} ${engine!.kind} response has no example "${example}"`, describeEngineResponses(spec));
  }
  return { respond: { status, ...(example !== undefined ? { example } : {}) } };
}

function checkLatency(arg: unknown): FaultAction {
  const shapes = ['{ "fixedMs": 200 }', '{ "uniform": { "minMs": 50, "maxMs": 500 }, "seed": 7 }', '{ "lognormal": { "medianMs": 200, "sigma": 0.5 }, "seed": 7, "capMs": 5000 }'];
  if (!isObject(arg)) throw new RuleError('latency must be an object', shapes);
  const seed = arg.seed;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) throw new RuleError('latency.seed must be an integer');
  if ('fixedMs' in arg) {
    onlyKeys(arg, ['fixedMs'], 'latency');
    return { latency: { fixedMs: nonNegative(arg.fixedMs, 'latency.fixedMs') } };
  }
  if ('uniform' in arg) {
    onlyKeys(arg, ['uniform', 'seed'], 'latency');
    const u = arg.uniform;
    if (!isObject(u)) throw new RuleError('latency.uniform must be { minMs, maxMs }', shapes);
    onlyKeys(u, ['minMs', 'maxMs'], 'latency.uniform');
    const minMs = nonNegative(u.minMs, 'latency.uniform.minMs');
    const maxMs = nonNegative(u.maxMs, 'latency.uniform.maxMs');
    if (maxMs < minMs) throw new RuleError('latency.uniform.maxMs must not be below minMs');
    return { latency: { uniform: { minMs, maxMs }, ...(seed !== undefined ? { seed } : {}) } };
  }
  if ('lognormal' in arg) {
    onlyKeys(arg, ['lognormal', 'seed', 'capMs'], 'latency');
    const l = arg.lognormal;
    if (!isObject(l)) throw new RuleError('latency.lognormal must be { medianMs, sigma }', shapes);
    onlyKeys(l, ['medianMs', 'sigma'], 'latency.lognormal');
    const medianMs = nonNegative(l.medianMs, 'latency.lognormal.medianMs');
    if (typeof l.sigma !== 'number' || !(l.sigma >= 0)) throw new RuleError('latency.lognormal.sigma must be a number ≥ 0');
    const capMs = arg.capMs === undefined ? undefined : nonNegative(arg.capMs, 'latency.capMs');
    return { latency: { lognormal: { medianMs, sigma: l.sigma }, ...(seed !== undefined ? { seed } : {}), ...(capMs !== undefined ? { capMs } : {}) } };
  }
  throw new RuleError('latency must be fixed, uniform or lognormal', shapes);
}

function checkRateLimit(arg: unknown, ops: OperationDoc[] | undefined, spec: SpecIndex, api: string): FaultAction {
  if (!isObject(arg)) throw new RuleError('rateLimit must be { limit, windowMs }');
  onlyKeys(arg, ['limit', 'windowMs'], 'rateLimit');
  if (typeof arg.limit !== 'number' || !Number.isInteger(arg.limit) || arg.limit < 0) throw new RuleError('rateLimit.limit must be an integer ≥ 0 (requests let through per window)');
  const windowMs = parseDuration(arg.windowMs);
  if (windowMs === undefined || windowMs <= 0) throw new RuleError('rateLimit.windowMs must be a number of milliseconds > 0 (or a duration such as "1m")');
  if (!spec.engineResponses.has('rateLimited')) {
    const targets = ops ?? spec.operations;
    const without = targets.filter((o) => !o.responses.get('429'));
    if (without.length) {
      throw new RuleError(`${api} cannot answer 429 for ${without.map((o) => o.operationId).join(', ')}: its spec has no rateLimited entry in x-mock-responses and ${without.length > 1 ? 'these operations document' : 'the operation documents'} no 429`, [
        `add a rateLimited response to the root x-mock-responses of ${api}'s spec (and render { kind: 'rateLimited' } in its renderError)`,
      ]);
    }
  }
  return { rateLimit: { limit: arg.limit, windowMs } };
}

/** Checks a rule as sent by a client; throws RuleError with what exists instead. */
export function compileRule(input: unknown, apis: Map<string, ApiRuntime>, id: string, origin: FaultRule['origin']): CompiledRule {
  if (!isObject(input)) throw new RuleError('a rule must be a JSON object', ['{ "api": "...", "operationId": "...", "action": { "respond": { "status": 404 } } }']);
  onlyKeys(input, [...RULE_KEYS, ...LISTED_ONLY_KEYS], 'the rule');
  const rt = typeof input.api === 'string' ? apis.get(input.api) : undefined;
  if (!rt) throw new RuleError(input.api === undefined ? 'the rule needs an "api"' : `unknown api "${String(input.api)}"`, [`known apis: ${[...apis.keys()].join(', ')}`]);
  const api = rt.module.name;
  const spec = rt.spec;
  const ops = resolveOperations(input, spec, api);

  if (input.namespace !== undefined && (typeof input.namespace !== 'string' || !NAMESPACE_PATTERN.test(input.namespace))) {
    throw new RuleError(`namespace must match ${NAMESPACE_PATTERN.source}`);
  }
  let times: number | undefined;
  if (input.times !== undefined && input.times !== null) {
    if (typeof input.times !== 'number' || !Number.isInteger(input.times) || input.times < 1) throw new RuleError('times must be an integer ≥ 1 (leave it out for "until removed")');
    times = input.times;
  }

  const tests: CompiledRule['tests'] = [];
  let match: FaultMatch | undefined;
  if (input.match !== undefined) {
    if (!isObject(input.match)) throw new RuleError('match must be an object { headers?, query?, body? }');
    onlyKeys(input.match, ['headers', 'query', 'body'], 'match');
    match = {};
    for (const where of ['headers', 'query', 'body'] as const) {
      if (input.match[where] === undefined) continue;
      try {
        for (const t of compileMatchers(input.match[where], `match.${where}`)) tests.push({ where, ...t });
      } catch (err) {
        throw new RuleError((err as Error).message, ['a value is matched exactly, or by "/regex/flags", { "matches": "regex" }, { "absent": true }, { "present": true }']);
      }
      match[where] = input.match[where] as Record<string, unknown>;
    }
  }

  if (!isObject(input.action)) throw new RuleError('the rule needs an "action"', [`one of: ${ACTIONS.join(', ')}`]);
  const kinds = Object.keys(input.action);
  if (kinds.length !== 1 || !ACTIONS.includes(kinds[0]!)) {
    throw new RuleError(`action must have exactly one of ${ACTIONS.join(', ')}${kinds.length ? `, not ${kinds.join(', ')}` : ''}`, [
      '{ "respond": { "status": 404, "example": "badIdentifier" } }',
      '{ "latency": { "fixedMs": 200 } }',
      '{ "connection": "reset" | "empty" | "truncated" | "malformed" }',
      '{ "rateLimit": { "limit": 5, "windowMs": 60000 } }',
    ]);
  }
  const arg = input.action[kinds[0]!];
  let action: FaultAction;
  switch (kinds[0]) {
    case 'respond':
      action = checkRespond(arg, ops, spec);
      break;
    case 'latency':
      action = checkLatency(arg);
      break;
    case 'connection':
      if (!CONNECTION_FAULTS.includes(arg as ConnectionFault)) throw new RuleError(`connection must be one of ${CONNECTION_FAULTS.join(', ')}`);
      action = { connection: arg as ConnectionFault };
      break;
    default:
      action = checkRateLimit(arg, ops, spec, api);
  }

  const single = ops?.length === 1 ? ops[0] : undefined;
  const rule: FaultRule = {
    id,
    api,
    ...(single ? { operationId: single.operationId, method: single.method.toUpperCase(), path: single.pathTemplate } : {}),
    ...(ops && !single ? { path: ops[0]!.pathTemplate } : {}),
    ...(input.namespace !== undefined ? { namespace: input.namespace as string } : {}),
    ...(match ? { match } : {}),
    ...(times !== undefined ? { times, remaining: times } : {}),
    fired: 0,
    action,
    origin,
  };
  return { rule, seq: 0, ops: ops && new Set(ops.map((o) => o.operationId)), tests, perNamespace: new Map() };
}
