/**
 * How the pipeline feeds the journal: at two named points, as WireMock does — `requestReceived` when
 * a request arrives (masked at once), `serveCompleted` when its response has gone out or the
 * connection was dropped (once, whichever comes first). Between the two the pipeline only notes
 * what it learns (the body, the fault rules that acted) on the draft.
 *
 * @example
 *   const draft = recorder.requestReceived({ api, namespace, now, method, path, query, headers, operationId });
 *   recorder.noteBody(draft, body);
 *   recorder.noteWarnings(draft, warnings);
 *   recorder.serveCompleted(draft, { status, headers, body }, { request, response });
 */
import type { FiredFault } from '../faults/types.js';
import type { ValidationIssue } from '../../types.js';
import type { JournalEntry, ValidationOutcome } from './entry.js';
import { journalBody, maskHeaders, maskIssues, maskValue, scrubSecrets, secretsOf } from './masking.js';
import type { Journal } from './ring.js';

export interface ReceivedRequest {
  api: string;
  namespace: string;
  /** The namespace's engine clock at arrival. */
  now: number;
  operationId?: string;
  method: string;
  /** The vendor path, without the API's prefix. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, unknown>;
}

/** A journal entry being written; `serveCompleted` closes it. */
export interface Draft {
  entry: JournalEntry;
  done: boolean;
  /** The secret values the request carried, scrubbed from the whole entry when it is written. */
  secrets: Set<string>;
}

const NOT_CHECKED: ValidationOutcome = { checked: false, valid: true, issues: [] };

export class Recorder {
  constructor(private readonly journal: Journal) {}

  /** Whether anything is kept (a journal of size 0 records nothing, and costs nothing). */
  get enabled(): boolean {
    return this.journal.size > 0;
  }

  requestReceived(r: ReceivedRequest): Draft {
    const query = maskValue(r.query) as Record<string, string | string[]>;
    const names = Object.keys(query);
    const qs = names.length ? new URLSearchParams(names.flatMap((k) => [query[k]!].flat().map((x) => [k, x]))).toString() : '';
    return {
      done: false,
      secrets: secretsOf({ headers: r.headers, query: r.query }),
      entry: {
        seq: this.journal.nextSeq(),
        time: new Date(r.now).toISOString(),
        epochMs: r.now,
        namespace: r.namespace,
        api: r.api,
        operationId: r.operationId ?? null,
        method: r.method,
        path: r.path,
        url: `/${r.api}${r.path}${qs ? `?${qs}` : ''}`,
        query,
        headers: maskHeaders(r.headers),
        body: null,
        response: null,
        validation: { request: NOT_CHECKED, response: NOT_CHECKED, warnings: [] },
        faults: [],
      },
    };
  }

  noteBody(draft: Draft, body: unknown): void {
    secretsOf({ body }, draft.secrets);
    draft.entry.body = journalBody(body ?? null);
  }

  /** What was accepted outside the spec (masked as issues are). */
  noteWarnings(draft: Draft, warnings: ValidationIssue[]): void {
    draft.entry.validation.warnings = maskIssues(warnings);
  }

  noteFaults(draft: Draft, fired: FiredFault[]): void {
    // A copy: the entry is scrubbed in place when it is written (see scrubSecrets).
    draft.entry.faults = structuredClone(fired);
  }

  /**
   * The response that went out (null: none did) and both validation outcomes; issues are masked
   * here. Only the first call of a draft counts.
   */
  serveCompleted(
    draft: Draft,
    response: { status: number; headers: Record<string, unknown>; body: unknown } | null,
    validation: { request?: ValidationOutcome; response?: { checked: boolean; issues: ValidationIssue[] } } = {},
  ): void {
    if (draft.done) return;
    draft.done = true;
    const e = draft.entry;
    if (validation.request) e.validation.request = { ...validation.request, issues: maskIssues(validation.request.issues) };
    if (validation.response) e.validation.response = { checked: validation.response.checked, valid: !validation.response.issues.length, issues: maskIssues(validation.response.issues) };
    e.response = response && { status: response.status, headers: maskHeaders(response.headers), body: journalBody(response.body) };
    this.journal.add(scrubSecrets(e, draft.secrets));
  }
}
