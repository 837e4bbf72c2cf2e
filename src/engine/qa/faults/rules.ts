/**
 * Checking a fault rule as QA sends it: the API and operation exist, the status and example are
 * documented, the action is well formed. A refusal says what exists instead.
 */
import type { LoadedApi } from '../../spec/compiled.js';
import {
  describeEngineResponses,
  describeResponses,
  documentedResponse,
  engineResponseFor,
} from '../../spec/engine-responses.js';
import { parseDuration } from '../../util/duration.js';
import { compileMatchers, MatcherError } from '../matching/matchers.js';
import { NAMESPACE_PATTERN } from '../../state/namespaces.js';
import { HTTP_METHODS, type OperationDoc, type SpecIndex } from '../../spec/spec-index.js';
import {
  RuleError,
  MAX_DELAY_MS,
  MAX_WINDOW_MS,
  type ConnectionFault,
  type FaultAction,
  type FaultMatch,
  type FaultRule,
  type CompiledRule,
} from './types.js';

const RULE_KEYS = ['api', 'operationId', 'method', 'path', 'namespace', 'match', 'times', 'action'];
/** Fields of a listed rule, ignored when one is sent back (a saved `GET /__admin/faults` is a valid rule file). */
const LISTED_ONLY_KEYS = ['id', 'remaining', 'fired', 'origin'];
const ACTIONS = ['respond', 'latency', 'connection', 'rateLimit'];
const CONNECTION_FAULTS: ConnectionFault[] = ['reset', 'empty', 'truncated', 'malformed'];

const describeOp = (op: OperationDoc) => `${op.operationId}: ${op.method.toUpperCase()} ${op.pathTemplate}`;

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function nonNegative(v: unknown, where: string): number {
  const n = parseDuration(v);
  if (n === undefined || n < 0 || n > MAX_DELAY_MS)
    throw new RuleError(
      `${where} must be a number of milliseconds ≥ 0 and ≤ ${MAX_DELAY_MS} (about 24.8 days; or a duration such as "250ms", "2s")`,
    );
  return n;
}

function onlyKeys(obj: Record<string, unknown>, allowed: string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length)
    throw new RuleError(`${where} has unknown field(s) ${extra.join(', ')}`, [`known fields: ${allowed.join(', ')}`]);
}

/** Which operations a rule names: by operationId, by method + path template, or none (every request). */
function resolveOperations(input: Record<string, unknown>, spec: SpecIndex, api: string): OperationDoc[] | undefined {
  const all = spec.operations.map(describeOp);
  if (input.operationId !== undefined) {
    const op = typeof input.operationId === 'string' ? spec.byId.get(input.operationId) : undefined;
    if (!op)
      throw new RuleError(`${api} has no operation "${String(input.operationId)}"`, [`operations of ${api}:`, ...all]);
    const sameMethod = input.method === undefined || String(input.method).toLowerCase() === op.method;
    if (!sameMethod || (input.path !== undefined && input.path !== op.pathTemplate)) {
      throw new RuleError(
        `operationId ${op.operationId} is ${op.method.toUpperCase()} ${op.pathTemplate}, not what method/path say; give one or the other`,
      );
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
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw new RuleError('path must be a path template of the API, such as "/v2/accounts/{ACCOUNT_ID}/groups"', [
      `operations of ${api}:`,
      ...all,
    ]);
  if (
    method !== undefined &&
    (typeof method !== 'string' || !(HTTP_METHODS as readonly string[]).includes(method.toLowerCase()))
  ) {
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
  if (!op)
    throw new RuleError(`${api} has no ${(method as string).toUpperCase()} ${path}`, [
      `methods of ${path}: ${onPath.map((o) => o.method.toUpperCase()).join(', ')}`,
    ]);
  return [op];
}

function checkRespond(arg: unknown, ops: OperationDoc[] | undefined, spec: SpecIndex): FaultAction {
  if (!isObject(arg)) throw new RuleError('respond must be an object { status, example? }');
  onlyKeys(arg, ['status', 'example'], 'respond');
  const status = typeof arg.status === 'string' && /^\d{3}$/.test(arg.status) ? Number(arg.status) : arg.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    throw new RuleError('respond.status must be an HTTP status code, such as 404');
  if (arg.example !== undefined && typeof arg.example !== 'string')
    throw new RuleError('respond.example must be the name of an example');
  const example = arg.example as string | undefined;
  const engine = engineResponseFor(spec, status, example);
  const targets = ops ?? [];
  if (!ops && !engine) {
    throw new RuleError(
      `a respond rule without an operation can only answer an engine response (x-mock-responses); ${status} is not one`,
      [...describeEngineResponses(spec), 'or name an operation with operationId (or method + path)'],
    );
  }
  for (const op of targets) {
    const r = documentedResponse(op, status) ?? engine?.response;
    const available = [...describeResponses(op), ...describeEngineResponses(spec, op)];
    if (!r)
      throw new RuleError(`${op.operationId} documents no ${status} response`, [
        `responses of ${op.operationId}:`,
        ...available,
      ]);
    if (example !== undefined && !Object.hasOwn(r.examples, example)) {
      throw new RuleError(`${op.operationId} has no example "${example}" for ${status}`, [
        `responses of ${op.operationId}:`,
        ...available,
      ]);
    }
  }
  if (!ops && example !== undefined && !Object.hasOwn(engine!.response.examples, example)) {
    throw new RuleError(
      `the ${status} ${engine!.kind} response has no example "${example}"`,
      describeEngineResponses(spec),
    );
  }
  return { respond: { status, ...(example !== undefined ? { example } : {}) } };
}

function checkLatency(arg: unknown): FaultAction {
  const shapes = [
    '{ "fixedMs": 200 }',
    '{ "uniform": { "minMs": 50, "maxMs": 500 }, "seed": 7 }',
    '{ "lognormal": { "medianMs": 200, "sigma": 0.5 }, "seed": 7, "capMs": 5000 }',
  ];
  if (!isObject(arg)) throw new RuleError('latency must be an object', shapes);
  const seed = arg.seed;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed)))
    throw new RuleError('latency.seed must be an integer');
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
    if (typeof l.sigma !== 'number' || !(l.sigma >= 0))
      throw new RuleError('latency.lognormal.sigma must be a number ≥ 0');
    const capMs = arg.capMs === undefined ? undefined : nonNegative(arg.capMs, 'latency.capMs');
    return {
      latency: {
        lognormal: { medianMs, sigma: l.sigma },
        ...(seed !== undefined ? { seed } : {}),
        ...(capMs !== undefined ? { capMs } : {}),
      },
    };
  }
  throw new RuleError('latency must be fixed, uniform or lognormal', shapes);
}

function checkRateLimit(arg: unknown, ops: OperationDoc[] | undefined, spec: SpecIndex, api: string): FaultAction {
  if (!isObject(arg)) throw new RuleError('rateLimit must be { limit, windowMs }');
  onlyKeys(arg, ['limit', 'windowMs'], 'rateLimit');
  if (typeof arg.limit !== 'number' || !Number.isInteger(arg.limit) || arg.limit < 0)
    throw new RuleError('rateLimit.limit must be an integer ≥ 0 (requests let through per window)');
  const windowMs = parseDuration(arg.windowMs);
  if (windowMs === undefined || windowMs <= 0 || windowMs > MAX_WINDOW_MS)
    throw new RuleError(
      'rateLimit.windowMs must be a number of milliseconds > 0 and at most a year (or a duration such as "1m")',
    );
  if (!spec.engineResponses.has('rateLimited')) {
    const targets = ops ?? spec.operations;
    const without = targets.filter((o) => !o.responses.get('429'));
    if (without.length) {
      throw new RuleError(
        `${api} cannot answer 429 for ${without.map((o) => o.operationId).join(', ')}: its spec has no rateLimited entry in x-mock-responses and ${without.length > 1 ? 'these operations document' : 'the operation documents'} no 429`,
        [
          `add a rateLimited response to the root x-mock-responses of ${api}'s spec (and render { kind: 'rateLimited' } in its renderError)`,
        ],
      );
    }
  }
  return { rateLimit: { limit: arg.limit, windowMs } };
}

/** Checks a rule as sent by a client; throws RuleError with what exists instead. */
export function compileRule(
  input: unknown,
  apis: Map<string, LoadedApi>,
  id: string,
  origin: FaultRule['origin'],
): CompiledRule {
  if (!isObject(input))
    throw new RuleError('a rule must be a JSON object', [
      '{ "api": "...", "operationId": "...", "action": { "respond": { "status": 404 } } }',
    ]);
  onlyKeys(input, [...RULE_KEYS, ...LISTED_ONLY_KEYS], 'the rule');
  const rt = typeof input.api === 'string' ? apis.get(input.api) : undefined;
  if (!rt)
    throw new RuleError(input.api === undefined ? 'the rule needs an "api"' : `unknown api "${String(input.api)}"`, [
      `known apis: ${[...apis.keys()].join(', ')}`,
    ]);
  const api = rt.module.name;
  const spec = rt.spec;
  const ops = resolveOperations(input, spec, api);

  // "*" (or no namespace in a start-up rule file): the rule acts in every namespace.
  const everyNamespace = input.namespace === undefined || input.namespace === '*';
  if (!everyNamespace && (typeof input.namespace !== 'string' || !NAMESPACE_PATTERN.test(input.namespace))) {
    throw new RuleError(`namespace must match ${NAMESPACE_PATTERN.source}, or be "*" for every namespace`);
  }
  let times: number | undefined;
  if (input.times !== undefined && input.times !== null) {
    if (typeof input.times !== 'number' || !Number.isInteger(input.times) || input.times < 1)
      throw new RuleError('times must be an integer ≥ 1 (leave it out for "until removed")');
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
        for (const t of compileMatchers(input.match[where], `match.${where}`, where)) tests.push({ where, ...t });
      } catch (err) {
        if (!(err instanceof MatcherError)) throw err;
        throw new RuleError(err.message, [`a matcher in match.${where} is one of:`, ...err.accepted]);
      }
      match[where] = input.match[where] as Record<string, unknown>;
    }
  }

  if (!isObject(input.action)) throw new RuleError('the rule needs an "action"', [`one of: ${ACTIONS.join(', ')}`]);
  const kinds = Object.keys(input.action);
  if (kinds.length !== 1 || !ACTIONS.includes(kinds[0]!)) {
    throw new RuleError(
      `action must have exactly one of ${ACTIONS.join(', ')}${kinds.length ? `, not ${kinds.join(', ')}` : ''}`,
      [
        '{ "respond": { "status": 404, "example": "badIdentifier" } }',
        '{ "latency": { "fixedMs": 200 } }',
        '{ "connection": "reset" | "empty" | "truncated" | "malformed" }',
        '{ "rateLimit": { "limit": 5, "windowMs": 60000 } }',
      ],
    );
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
      if (!CONNECTION_FAULTS.includes(arg as ConnectionFault))
        throw new RuleError(`connection must be one of ${CONNECTION_FAULTS.join(', ')}`);
      action = { connection: arg as ConnectionFault };
      break;
    default:
      action = checkRateLimit(arg, ops, spec, api);
  }

  const single = ops?.length === 1 ? ops[0] : undefined;
  const rule: FaultRule = {
    id,
    api,
    ...(single
      ? { operationId: single.operationId, method: single.method.toUpperCase(), path: single.pathTemplate }
      : {}),
    ...(ops && !single ? { path: ops[0]!.pathTemplate } : {}),
    ...(!everyNamespace ? { namespace: input.namespace as string } : {}),
    ...(match ? { match } : {}),
    ...(times !== undefined ? { times, remaining: times } : {}),
    fired: 0,
    action,
    origin,
  };
  return { rule, seq: 0, ops: ops && new Set(ops.map((o) => o.operationId)), tests, perNamespace: new Map() };
}
