/**
 * One contract run of one API against a live server: for each operation its generated cases and
 * the response checks on every answer; the negative checks (invalid data, no credentials, a method
 * the path does not take); the stateful sequences of the spec's links; the auth flow's own
 * operations last (they may end the session the run works with). Nothing here prints: progress goes
 * to a callback, findings into `Results`.
 */
import type { OperationDoc } from '../engine/spec/spec-index.js';
import type { ContractApi } from './api-spec.js';
import { casesFor, toWire, type KnownParams, type RequestCase } from './cases.js';
import { checkResponse, type CheckName } from './checks.js';
import { toCurl } from './curl.js';
import { send, type WireRequest, type WireResponse } from './http.js';
import { invalidCases, unsupportedMethods } from './negative.js';
import { Results } from './results.js';
import { linkedCase, linksOf, sequenceOrder, type LinkSource } from './stateful.js';

export interface RunOptions {
  api: ContractApi;
  baseUrl: string;
  /** Credential headers (`--auth-header`, `--login`): left out by `ignored_auth`, hidden in printed commands. */
  auth: Record<string, string>;
  /** Other headers every request carries (`--header`). */
  headers: Record<string, string>;
  seed: number;
  maxExamples: number;
  checks: ReadonlySet<CheckName>;
  /** Path parameter values known before generation (from the login). */
  known?: KnownParams;
  /** Operations made after everything else (the auth flow). */
  runLast?: string[];
  /** Only these operations (default: all). */
  operations?: string[];
  timeoutMs?: number;
  onProgress?(done: number, total: number, label: string, results: Results): void;
}

export async function runContract(opts: RunOptions): Promise<Results> {
  const { api } = opts;
  const results = new Results();
  const enabled = opts.checks;
  const last = new Set(opts.runLast ?? []);
  const chosen = api.spec.operations.filter((o) => !opts.operations || opts.operations.includes(o.operationId));
  const ordered = [...chosen.filter((o) => !last.has(o.operationId)), ...chosen.filter((o) => last.has(o.operationId))];
  const firstCase = new Map<string, RequestCase>();

  const exec = async (c: RequestCase, withAuth = true): Promise<{ request: WireRequest; response: WireResponse }> => {
    const request = toWire(api, c, opts.baseUrl, { ...opts.headers, ...(withAuth ? opts.auth : {}) });
    const response = await send(request, api.codec, opts.timeoutMs);
    results.requests++;
    return { request, response };
  };
  const record = (
    operation: string,
    check: CheckName,
    failure: string | undefined,
    c: Pick<RequestCase, 'origin'>,
    request: WireRequest,
    response: WireResponse,
  ) => {
    if (failure === undefined) return results.count(operation, check, false);
    results.fail({
      operation,
      check,
      message: failure,
      origin: c.origin,
      status: response.status,
      request,
      curl: toCurl(request, Object.keys(opts.auth)),
    });
  };
  const respChecks = (
    op: OperationDoc | undefined,
    label: string,
    c: Pick<RequestCase, 'origin'>,
    request: WireRequest,
    response: WireResponse,
  ) => {
    for (const o of checkResponse(api, op, response, enabled)) record(label, o.check, o.failure, c, request, response);
  };

  const paths = enabled.has('unsupported_method')
    ? unsupportedMethods(api).filter((u) => chosen.some((o) => o.pathTemplate === u.template))
    : [];
  const producers =
    enabled.has('use_after_free') || enabled.has('status_code_conformance')
      ? ordered.filter((o) => !last.has(o.operationId) && linksOf(api, o).length)
      : [];
  const total = ordered.length + paths.length + producers.length;
  let done = 0;
  const progress = (label: string) => opts.onProgress?.(++done, total, label, results);

  const runOperation = async (op: OperationDoc) => {
    const cases = await casesFor(api, op, { seed: opts.seed, maxExamples: opts.maxExamples, known: opts.known });
    if (!cases.length) results.skipped.push(`${op.operationId}: no request could be generated that its schemas accept`);
    for (const c of cases) {
      const { request, response } = await exec(c);
      respChecks(op, op.operationId, c, request, response);
    }
    const valid = cases[0];
    if (valid) firstCase.set(op.operationId, valid);
    if (valid && enabled.has('negative_data_rejection')) {
      for (const bad of invalidCases(api, op, valid)) {
        const { request, response } = await exec(bad);
        respChecks(op, op.operationId, bad, request, response);
        const rejected = response.status >= 400 && response.status < 500;
        record(
          op.operationId,
          'negative_data_rejection',
          rejected || response.status === 0 ? undefined : `${bad.what} was answered ${response.status}, not a 4xx`,
          bad,
          request,
          response,
        );
      }
    }
    if (valid && op.secured && enabled.has('ignored_auth')) {
      const c = { ...valid, origin: `${valid.origin}, without credentials` };
      const { request, response } = await exec(c, false);
      respChecks(op, op.operationId, c, request, response);
      const accepted = response.status >= 200 && response.status < 300;
      record(
        op.operationId,
        'ignored_auth',
        accepted ? `answered ${response.status} without any credentials (expected 401 or 403)` : undefined,
        c,
        request,
        response,
      );
    }
    progress(op.operationId);
  };

  // The sequences run first, on the state as it is: a create whose example names something unique
  // (ThingSpace's group name, MDM's) is refused once the plain pass below has made it; each sequence
  // deletes what it made, so the plain pass finds the state as it was.
  for (const producer of producers) {
    await runSequence(producer);
    progress(`links of ${producer.operationId}`);
  }

  for (const op of ordered.filter((o) => !last.has(o.operationId))) await runOperation(op);

  for (const u of paths) {
    const sample =
      firstCase.get(u.sample.operationId) ??
      (await casesFor(api, u.sample, { seed: opts.seed, maxExamples: 1, known: opts.known }))[0];
    const label = `${u.method.toUpperCase()} ${u.template}`;
    if (!sample) {
      results.skipped.push(`${label}: no path parameters to try it with`);
      progress(label);
      continue;
    }
    const c: RequestCase = {
      ...sample,
      method: u.method,
      body: undefined,
      mediaType: undefined,
      origin: 'unsupported method',
    };
    const { request, response } = await exec(c);
    respChecks(undefined, label, c, request, response);
    record(
      label,
      'unsupported_method',
      response.status === 405
        ? undefined
        : `${label} is not in the spec, answered ${response.status || response.error} (expected 405)`,
      c,
      request,
      response,
    );
    progress(label);
  }

  async function runSequence(producer: OperationDoc) {
    // The first case that creates something: the examples, then generated ones (another name, when
    // the example's is taken on the target already).
    const candidates = await casesFor(api, producer, { seed: opts.seed, maxExamples: 3, known: opts.known });
    if (!candidates.length)
      return void results.skipped.push(`links of ${producer.operationId}: no request to start from`);
    let src: LinkSource | undefined;
    let lastStatus = 0;
    for (const start of candidates) {
      const first = await exec({ ...start, origin: `sequence start (${start.origin})` });
      respChecks(producer, producer.operationId, start, first.request, first.response);
      lastStatus = first.response.status;
      if (lastStatus >= 200 && lastStatus <= 299) {
        src = { case: start, ...first };
        break;
      }
    }
    if (!src)
      return void results.skipped.push(
        `links of ${producer.operationId}: it answered ${lastStatus}, so nothing was created to follow`,
      );
    const reads: RequestCase[] = [];
    for (const link of sequenceOrder(linksOf(api, producer))) {
      const base =
        firstCase.get(link.target.operationId) ??
        (await casesFor(api, link.target, { seed: opts.seed, maxExamples: 1, known: opts.known }))[0];
      if (!base) {
        results.skipped.push(`link ${link.name}: no request of ${link.target.operationId} to fill`);
        continue;
      }
      const { case: c, missing } = linkedCase(link, base, src);
      if (!c) {
        results.skipped.push(`link ${link.name} of ${producer.operationId}: the answer had no ${missing}`);
        continue;
      }
      const { request, response } = await exec(c);
      results.linksFollowed++;
      respChecks(link.target, link.target.operationId, c, request, response);
      if (link.target.method === 'get') reads.push(c);
      if (
        link.target.method === 'delete' &&
        response.status >= 200 &&
        response.status < 300 &&
        enabled.has('use_after_free')
      ) {
        for (const read of reads.filter((r) => r.pathTemplate === link.target.pathTemplate)) {
          const after = { ...read, origin: `${read.origin}, after ${link.target.operationId}` };
          const again = await exec(after);
          const op = api.spec.byId.get(read.operationId);
          respChecks(op, read.operationId, after, again.request, again.response);
          const alive = again.response.status >= 200 && again.response.status < 300;
          record(
            read.operationId,
            'use_after_free',
            alive
              ? `still answered ${again.response.status} after ${link.target.operationId} answered ${response.status}`
              : undefined,
            after,
            again.request,
            again.response,
          );
        }
      }
    }
  }

  for (const op of ordered.filter((o) => last.has(o.operationId))) await runOperation(op);
  return results;
}
