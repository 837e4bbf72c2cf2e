/**
 * How the pipeline feeds the journal: at two named points, as WireMock does — `requestReceived` when
 * a request arrives, `serveCompleted` when its response has gone out or the connection was dropped
 * (once, whichever comes first). Between the two the pipeline only notes what it learns (the body,
 * the fault rules that acted) on the draft. What is noted is raw material (texts, copies of headers),
 * masked the first time the entry is read (record.ts), off the request's path.
 *
 * @example
 *   const draft = recorder.requestReceived({ api, namespace, now, method, path, query, headers, operationId });
 *   recorder.noteJsonBody(draft, text, body, codec.parse);
 *   recorder.noteWarnings(draft, warnings);
 *   recorder.serveCompleted(draft, { status, headers, text, body, parse: codec.parse }, { request, response });
 */
import type { FiredFault } from '../faults/types.js';
import type { ValidationIssue } from '../../types.js';
import type { JournalEntry, ValidationOutcome } from './entry.js';
import { maskIssues } from './masking.js';
import { copyStrings, JournalRecord, maskedBody, rawJsonBody, type RawBody, type RawRequest } from './record.js';
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

/** A response as it went out: its JSON text (what was sent) and the codec's parse that reads it back. */
export interface SentResponse {
  status: number;
  headers: Record<string, unknown>;
  /** The body's JSON text as sent; undefined when there was none. */
  text?: string;
  /** The body's value (the text was made from it), masked at once only when the text is large. */
  body?: unknown;
  parse?: (text: string) => unknown;
}

/** A journal entry being written; `serveCompleted` closes it. Holds raw material only (see record.ts). */
export interface Draft {
  request: RawRequest;
  body: RawBody;
  validation: JournalEntry['validation'];
  faults: FiredFault[];
  done: boolean;
}

const NOT_CHECKED: ValidationOutcome = { checked: false, valid: true, issues: [] };
const NO_BODY: RawBody = { masked: null, secrets: new Set() };

export class Recorder {
  constructor(private readonly journal: Journal) {}

  /** Whether anything is kept (a journal of size 0 records nothing, and costs nothing). */
  get enabled(): boolean {
    return this.journal.size > 0;
  }

  requestReceived(r: ReceivedRequest): Draft {
    return {
      done: false,
      request: {
        seq: this.journal.nextSeq(),
        epochMs: r.now,
        namespace: r.namespace,
        api: r.api,
        operationId: r.operationId ?? null,
        method: r.method,
        path: r.path,
        // Copies: a later stage may change the request's own objects (a Content-Type read as JSON).
        query: copyStrings(r.query),
        headers: copyStrings(r.headers),
      },
      body: NO_BODY,
      validation: { request: NOT_CHECKED, response: NOT_CHECKED, warnings: [] },
      faults: [],
    };
  }

  /** A body as a value (a form, a body outside any operation): masked now, since a handler may change it. */
  noteBody(draft: Draft, body: unknown): void {
    draft.body = body === undefined || body === null ? NO_BODY : maskedBody(body);
  }

  /** A JSON body by its text as read and the value `parse` made of it: the text is kept, masked when first read. */
  noteJsonBody(draft: Draft, text: string, value: unknown, parse: (text: string) => unknown): void {
    draft.body = value === undefined ? NO_BODY : rawJsonBody(text, value, parse);
  }

  /** What was accepted outside the spec (masked as issues are). */
  noteWarnings(draft: Draft, warnings: ValidationIssue[]): void {
    draft.validation.warnings = maskIssues(warnings);
  }

  noteFaults(draft: Draft, fired: FiredFault[]): void {
    // A copy: the entry is scrubbed in place when it is first read (see scrubSecrets).
    draft.faults = structuredClone(fired);
  }

  /**
   * The response that went out (null: none did) and both validation outcomes; issues are masked
   * here (they are few, and may point into a handler's objects). Only the first call of a draft counts;
   * it returns the record it added (the proxy reads it at once), later calls nothing.
   */
  serveCompleted(
    draft: Draft,
    response: SentResponse | null,
    validation: { request?: ValidationOutcome; response?: { checked: boolean; issues: ValidationIssue[] } } = {},
  ): JournalRecord | undefined {
    if (draft.done) return undefined;
    draft.done = true;
    const v = draft.validation;
    if (validation.request) v.request = { ...validation.request, issues: maskIssues(validation.request.issues) };
    if (validation.response)
      v.response = {
        checked: validation.response.checked,
        valid: !validation.response.issues.length,
        issues: maskIssues(validation.response.issues),
      };
    const sent = response && {
      status: response.status,
      headers: copyStrings(response.headers),
      body:
        response.text !== undefined && response.parse
          ? rawJsonBody(response.text, response.body, response.parse, false)
          : response.body === undefined
            ? undefined
            : maskedBody(response.body, false),
    };
    const record = new JournalRecord(draft.request, draft.body, sent, v, draft.faults);
    this.journal.add(record);
    return record;
  }
}
