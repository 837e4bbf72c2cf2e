/**
 * The last stage, **send**: the reply checked against the spec — the operation's documented response
 * for its status, or the engine response it stands for — then sent, and the journal told
 * (`serveCompleted`). A reply of ours that breaks the spec is our bug: it is reported as a violation
 * and answered as the vendor's 500 instead.
 */
import { sendCorrupted } from '../../qa/faults/connection.js';
import { issuesOfProblem } from '../../spec/check-request.js';
import { engineKindOf, responseSchemaFor } from '../../spec/engine-responses.js';
import { plainJson } from '../../kit/json-codec.js';
import { renderProblem, type Problem, type ValidationIssue } from '../../types.js';
import { corsHeaders } from '../cors.js';
import { requestInfo, type Answer, type Exchange } from '../exchange.js';
import { describeIssue } from '../problems.js';
import { setReplyHeaders, writeJson } from '../write-reply.js';

/** The 500's text when a reply of ours broke the spec. */
export const RESPONSE_BROKE_SPEC =
  "the mock's reply broke its own spec; see its log and GET /__admin/requests/violations";

export function send(ex: Exchange, answer: Answer, brokenReply: ValidationIssue[] = []): void {
  const { api, req, res, runtime } = ex;
  const { reply, problem } = answer;
  const codec = api.module.json ?? plainJson;
  const plainBody = reply.body === undefined ? undefined : codec.toPlain(reply.body);
  const schema = responseSchemaFor(
    api.spec,
    ex.op,
    reply.status,
    answer.engineKind ?? (problem ? engineKindOf(problem.kind) : undefined),
  );
  const issues: ValidationIssue[] = [];
  if (schema.pointer && plainBody !== undefined)
    issues.push(...api.schemas.check(schema.pointer, plainBody, 'response'));
  else if (!schema.documented && plainBody !== undefined && problem?.kind !== 'internal') {
    issues.push({
      in: 'response',
      path: [],
      keyword: 'status',
      message: `status ${reply.status} is not documented for ${ex.op?.operationId ?? 'this path'}`,
      params: {},
    });
  }
  if (issues.length) {
    runtime.reportViolation({
      api: api.module.name,
      namespace: ex.ns.name,
      operationId: ex.op?.operationId,
      method: ex.method,
      path: req.path,
      status: reply.status,
      issues,
    });
    if (!problem) {
      const detail = `response ${reply.status} of ${ex.op?.operationId} does not match the spec: ${issues.map(describeIssue).join('; ')}`;
      console.error(`[groups-mock] ${api.module.name}: ${detail}`);
      // The client reads where to look, not the mock's internals (the log and the violations list have them).
      const internal: Problem = { kind: 'internal', detail: RESPONSE_BROKE_SPEC };
      // The journal keeps what was wrong with the reply that was not sent.
      return send(ex, { reply: renderProblem(api.module, internal, requestInfo(ex)), problem: internal }, issues);
    }
  }
  ex.responseIssues = brokenReply.length + issues.length;
  res.status(reply.status);
  setReplyHeaders(
    res,
    corsHeaders(req.headers),
    api.module.responseHeaders?.(requestInfo(ex)),
    reply.headers,
    ex.forcedBy ? { 'X-Mock-Forced': ex.forcedBy } : undefined,
  );
  // The text is what the journal keeps of the body: the reply's objects may change once it is sent.
  const text = reply.body === undefined ? undefined : codec.stringify(reply.body);
  if (ex.draft) {
    const requestIssues = problem && issuesOfProblem(problem, ex.method, req.path);
    const incomplete = problem?.kind === 'validation' && problem.incomplete === true;
    const request = requestIssues
      ? { checked: true, valid: !requestIssues.length, issues: requestIssues, ...(incomplete ? { incomplete } : {}) }
      : ex.requestOutcome;
    runtime.recorder.serveCompleted(
      ex.draft,
      { status: reply.status, headers: res.getHeaders(), text, body: reply.body, parse: codec.parse },
      { request, response: { checked: true, issues: [...brokenReply, ...issues] } },
    );
  }
  if (ex.corrupt) return sendCorrupted(res, ex.corrupt, ex.head ? undefined : plainBody);
  // For HEAD, Node drops the body itself and keeps the headers GET would have (type, length).
  if (text === undefined) return void res.end();
  writeJson(res, text);
}
