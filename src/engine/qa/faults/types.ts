/** The shapes of fault rules, their actions and the decisions the store makes (see faults.ts). */
import type { ValueTest } from '../matching/matchers.js';
import type { Rng } from '../../state/random.js';
import type { SlidingWindow } from './sliding-window.js';
import type { OperationDoc } from '../../spec/spec-index.js';

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

/** The longest delay a latency rule (or several together) can add: what a Node timer can wait. */
export const MAX_DELAY_MS = 2_147_483_647;

/** The longest rate-limit window: a year (Retry-After stays a plain number of seconds). */
export const MAX_WINDOW_MS = 365 * 24 * 3600 * 1000;

/** Lognormal delays are capped unless the rule says otherwise. */
export const DEFAULT_LATENCY_CAP_MS = 60_000;

/** A rule as the store keeps it: checked, with its matchers compiled and its per-namespace counters. */
export interface CompiledRule {
  rule: FaultRule;
  seq: number;
  /** Operations the rule is limited to; undefined = every request to the API. */
  ops?: Set<string>;
  tests: Array<{ where: 'headers' | 'query' | 'body'; key: string; test: ValueTest }>;
  /** Per namespace: the latency generator and the rate-limit window. */
  perNamespace: Map<string, { rng?: Rng; window: SlidingWindow }>;
}
