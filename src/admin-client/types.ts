/**
 * What the admin API (`/__admin`, docs/admin-api.md) takes and answers, as TypeScript types: the
 * engine's own types where it has them (a fault rule, a journal entry, a HAR file), so that a field
 * the admin API renames is a compile error in the client, not a surprise at run time.
 */
import type { FaultAction, FaultMatch, FaultRule } from '../engine/qa/faults/types.js';
import type { Har } from '../engine/qa/journal/har.js';
import type { JournalEntry } from '../engine/qa/journal/entry.js';
import type { RequestMatcher } from '../engine/qa/journal/queries.js';
import type { ValidationIssue } from '../engine/types.js';

export type { FaultAction, FaultMatch, FaultRule, Har, JournalEntry, RequestMatcher, ValidationIssue };

/** The APIs the package serves (the prefix of each: `/kazoo`, `/mdm`, …). */
export type ApiName = 'kazoo' | 'thingspace' | 'plaspy' | 'mdm' | 'bold';

/** A namespace (`[A-Za-z0-9._-]{1,64}`), or `*` for every namespace where a call can span them. */
export type Namespace = string;

/** A fault rule to add (`POST /__admin/faults`; see docs/qa.md#fault-rules). */
export interface NewFaultRule {
  api: ApiName | (string & {});
  operationId?: string;
  method?: string;
  path?: string;
  /** Default: the client's namespace (or `default`); `*`: every namespace. */
  namespace?: Namespace;
  match?: FaultMatch;
  /** How many requests it acts on before it goes; absent: until removed. */
  times?: number;
  action: FaultAction;
}

/** `GET /__admin/health`. */
export interface Health {
  status: 'ok';
  uptimeSeconds: number;
  apis: Array<{ name: string; title: string; prefix: string; operations: number }>;
  namespaces: string[];
}

/** `GET /__admin`: the APIs served and every admin endpoint. */
export interface AdminIndex {
  name: 'groups-mock';
  apis: Array<{ name: string; title: string; baseUrl: string; spec: string }>;
  console: string | null;
  endpoints: Array<{ method: string; path: string; url: string; does: string }>;
  docs: string;
}

/** A namespace's engine clock (`GET /__admin/clock`). */
export interface Clock {
  namespace: string;
  mode: 'system' | 'fixed';
  /** ISO 8601, UTC. */
  now: string;
  epochMs: number;
}

/** One change of a clock (`POST /__admin/clock`): the keys may be combined (freeze, then set, then advance). */
export interface ClockChange {
  /** ISO 8601 with Z or an offset, or ms since the epoch. */
  set?: string | number;
  /** Milliseconds, or a duration: `"20m"`, `"1h30m"`, `"-5m"`. */
  advance?: number | string;
  /** true: the clock moves only through the admin API; false: it runs on from where it stands. */
  freeze?: boolean;
}

/** The filters of `GET /__admin/requests` (and of its HAR and JUnit forms). */
export interface JournalFilter {
  api?: string;
  operationId?: string;
  method?: string;
  path?: string;
  pathPattern?: string;
  /** 404, or a class: "4xx". */
  status?: number | string;
  /** Engine time (ISO 8601 or ms since the epoch). */
  since?: string | number;
  /** The most recent `limit` requests only. */
  limit?: number;
}

/** `GET /__admin/requests`. */
export interface JournalPage {
  /** How many requests matched (before `limit`). */
  total: number;
  requests: JournalEntry[];
}

/** One request in the violations report. */
export interface ReportedRequest {
  seq: number;
  time: string;
  namespace: string;
  api: string;
  operationId: string | null;
  method: string;
  url: string;
  status: number | null;
}

/** `GET /__admin/requests/violations`: requests or responses that broke the spec, and those accepted with warnings. */
export interface ViolationsReport {
  count: number;
  violations: Array<
    ReportedRequest & { request: ValidationIssue[]; response: ValidationIssue[]; warnings: ValidationIssue[] }
  >;
  warningCount: number;
  warnings: Array<ReportedRequest & { warnings: ValidationIssue[] }>;
}
