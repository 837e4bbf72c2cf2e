/** One recorded exchange: what the request and the response were, and whether each kept to the spec. */
import type { FiredFault } from '../faults/types.js';
import type { ValidationIssue } from '../../types.js';

export const DEFAULT_JOURNAL_SIZE = 1000;

/** A request and what it was checked to be. */
export interface ValidationOutcome {
  checked: boolean;
  valid: boolean;
  issues: ValidationIssue[];
  /**
   * More issues may exist than are listed: the list stopped at `MAX_ISSUES`, or only the first issue
   * was looked for (a request answered before validation, a body too large to list every issue of).
   */
  incomplete?: boolean;
}

export interface JournalEntry {
  /** Order of arrival, across namespaces. */
  seq: number;
  /** Arrival time on the namespace's engine clock. */
  time: string;
  epochMs: number;
  namespace: string;
  api: string;
  /** Undefined (null in JSON) when the path and method are not an operation of the spec. */
  operationId: string | null;
  method: string;
  /** The vendor path, without the API's prefix. */
  path: string;
  /** As sent, with the prefix and the (masked) query. */
  url: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  body: unknown;
  /** Null when no response was sent (a dropped connection, a client that went away). */
  response: { status: number; headers: Record<string, string | string[]>; body: unknown } | null;
  validation: {
    /** `checked: false` when nothing could be checked (no operation, the request was answered before). */
    request: ValidationOutcome;
    response: ValidationOutcome;
    /**
     * What the request did outside the spec that the mock accepted: query parameters the operation
     * does not take (refused instead under `--strict`). Not violations; reported as warnings.
     */
    warnings?: ValidationIssue[];
  };
  /** Fault rules that acted on the request. */
  faults: FiredFault[];
}

/** A request the mock accepted with warnings (see `validation.warnings`). */
export function hasWarnings(e: JournalEntry): boolean {
  return (e.validation.warnings?.length ?? 0) > 0;
}

/** A request whose request or response broke the spec. */
export function isViolation(e: JournalEntry): boolean {
  return !e.validation.request.valid || !e.validation.response.valid;
}
