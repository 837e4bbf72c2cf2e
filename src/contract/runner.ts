/**
 * One contract run of one API against a server, in the order that reaches each operation's success
 * path and leaves nothing behind: first the reads (with ids the server's own answers gave), then
 * the stateful sequences over the spec's links (create → read → change → the operations under the
 * created resource → delete → read again), then the plain pass of the other writes, the methods a
 * path does not take, the auth flow's own operations, and last the clean-up of whatever the run
 * created. Every answer gets the response checks; valid requests count for coverage (results.ts);
 * a run in which the credentials were refused, or nothing answered, fails whatever the checks say.
 * Nothing here prints: progress goes to a callback, findings into `Results`.
 */
import type { OperationDoc } from '../engine/spec/spec-index.js';
import { hashSeed } from '../engine/state/random.js';
import type { ContractApi } from './api-spec.js';
import { casesFor, toWire, type KnownParams, type RequestCase } from './cases.js';
import { checkResponse, type CheckContext, type CheckName } from './checks.js';
import { toCurl } from './curl.js';
import { send, type WireRequest, type WireResponse } from './http.js';
import { fillBodyIds, IdPool } from './id-pool.js';
import { invalidCases, unsupportedMethods } from './negative.js';
import { Pacer } from './pacer.js';
import { positiveDataVerdict, sameValues } from './positive.js';
import { requestValueIssues } from './request-values.js';
import { specAccepts } from './spec-accepts.js';
import { Results } from './results.js';
import { linkedCase, linksOf, sequenceOrder, type Link, type LinkSource } from './stateful.js';
import { invalidCredentials } from './tenants.js';
import { coverageVerdict } from './verdict.js';

/** What answers: groups-mock itself, its validating proxy, or anything else (a live server). */
export type TargetKind = 'mock' | 'proxy' | 'live';

export interface RunOptions {
  api: ContractApi;
  baseUrl: string;
  /** Credential headers (`--auth-header`, `--login`): left out by `ignored_auth`, hidden in printed commands. */
  auth: Record<string, string>;
  /** Another tenant's credentials, where the vendor has tenants: must not reach this tenant's resources. */
  otherTenantAuth?: Record<string, string>;
  /** Other headers every request carries (`--header`). */
  headers: Record<string, string>;
  seed: number;
  maxExamples: number;
  checks: ReadonlySet<CheckName>;
  /** What the base URL is (target.ts): only against the mock do its own `x-mock-responses` statuses count as documented. */
  target?: TargetKind;
  /** Path parameter values known before generation (from the login). */
  known?: KnownParams;
  /** Operations made after everything else (the auth flow). */
  runLast?: string[];
  /** Only these operations (default: all). */
  operations?: string[];
  /** Not these operations. */
  excludeOperations?: string[];
  /** Delete what this run did not create (the plain pass's deletes with example and generated ids). */
  destructive?: boolean;
  /** Stop after this many distinct failures (the clean-up still runs). */
  maxFailures?: number;
  /** At most this many requests a second; a 429's `Retry-After` is waited out and the request made again. */
  rateLimit?: number;
  /** `max_response_time`: an answer slower than this fails. */
  maxResponseTimeMs?: number;
  /** Fail when an operation never reached its success path. */
  requireCoverage?: boolean;
  /** Exchanges made before the run (the login's), checked and counted like the run's own. */
  prelude?: Array<{ request: WireRequest; response: WireResponse }>;
  timeoutMs?: number;
  onProgress?(done: number, total: number, label: string, results: Results): void;
}

/** An answer the mock was told to give (`Prefer`, a fault rule): it says nothing about the server's behaviour. */
export function isForced(request: WireRequest, response: WireResponse): boolean {
  return (
    response.headers['x-mock-forced'] !== undefined ||
    Object.keys(request.headers).some((h) => h.toLowerCase() === 'prefer')
  );
}

const ok = (status: number) => status >= 200 && status < 300;

/** `--max-failures` reached: unwinds to the clean-up. */
class Stop extends Error {}

export async function runContract(opts: RunOptions): Promise<Results> {
  const { api } = opts;
  const results = new Results();
  const enabled = opts.checks;
  const last = new Set(opts.runLast ?? []);
  const excluded = new Set(opts.excludeOperations ?? []);
  const chosen = api.spec.operations.filter(
    (o) => (!opts.operations || opts.operations.includes(o.operationId)) && !excluded.has(o.operationId),
  );
  const isChosen = (op: OperationDoc) => chosen.includes(op);
  for (const op of chosen) results.coverageOf(op.operationId);
  const ctx: CheckContext = { engineStatuses: (opts.target ?? 'mock') === 'mock' };
  const credentialed = Object.keys(opts.auth).length > 0;
  const pool = new IdPool();
  const pacer = new Pacer(opts.rateLimit);
  const firstCase = new Map<string, RequestCase>();
  /** Created things not deleted yet: the create's answer, for its delete links. */
  const toCleanUp: Array<{ producer: OperationDoc; src: LinkSource }> = [];

  const secrets = [...Object.keys(opts.auth), ...Object.keys(opts.otherTenantAuth ?? {})];
  const curlOf = (request: WireRequest) => toCurl(request, secrets);
  /** The requests of the sequence under way, for a failure's reproduction. */
  let sequence: WireRequest[] = [];

  const observe = (c: RequestCase | undefined, request: WireRequest, response: WireResponse, valid: boolean) => {
    results.requests++;
    if (c) results.addTime(c.operationId, response.ms);
    if (response.status === 0) results.unanswered++;
    if (!valid || !c) return;
    results.validRequests++;
    if (response.status === 401 || response.status === 403) results.validRefused++;
    if (credentialed) {
      results.credentialed++;
      if (response.status === 401 || response.status === 403) results.refusedCredentials++;
    }
    if (response.status === 0) return;
    const cov = results.coverageOf(c.operationId);
    if (isForced(request, response)) return void cov.forced++;
    cov.statuses.set(response.status, (cov.statuses.get(response.status) ?? 0) + 1);
    if (!ok(response.status)) return;
    const op = api.spec.byId.get(c.operationId);
    if (op?.responses.has(String(response.status)) || op?.responses.has('2XX')) cov.success = true;
    pool.learn(response.json);
    pool.learn(c.body);
    for (const [k, v] of Object.entries(c.pathParams)) pool.learnParam(k, v);
  };

  /**
   * Sends a case. `auth`: the run's credentials (default), none, or others; `valid`: a request the
   * spec accepts, with the run's credentials, whose answer counts for coverage.
   */
  const exec = async (
    c: RequestCase,
    auth: Record<string, string> | false = opts.auth,
    valid = false,
  ): Promise<{ request: WireRequest; response: WireResponse }> => {
    const request = toWire(api, c, opts.baseUrl, { ...opts.headers, ...(auth || {}) });
    let response = await pacer.send(() => send(request, api.codec, opts.timeoutMs));
    // With --rate-limit, a 429 that says when to come back is waited out once.
    if (response.status === 429 && opts.rateLimit && (await pacer.waitRetryAfter(response)))
      response = await pacer.send(() => send(request, api.codec, opts.timeoutMs));
    observe(c, request, response, valid && auth === opts.auth);
    sequence.push(request);
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
    if (response.status !== 0 && !isForced(request, response) && results.coverage.has(operation))
      results.coverageOf(operation).checks.add(check);
    results.addCheckTime(operation, check, response.ms);
    if (failure === undefined) return results.count(operation, check, false);
    const steps = sequence.includes(request) ? sequence.slice(0, sequence.indexOf(request) + 1) : [request];
    results.fail({
      operation,
      check,
      message: failure,
      origin: c.origin,
      status: response.status,
      request,
      curl: curlOf(request),
      ...(steps.length > 1 ? { sequence: steps.map(curlOf) } : {}),
    });
    if (opts.maxFailures && results.failures.length >= opts.maxFailures) {
      results.stoppedEarly = `stopped after ${results.failures.length} failure(s) (--max-failures ${opts.maxFailures})`;
      throw new Stop();
    }
  };
  const respChecks = (
    op: OperationDoc | undefined,
    label: string,
    c: Pick<RequestCase, 'origin'>,
    request: WireRequest,
    response: WireResponse,
  ) => {
    for (const o of checkResponse(api, op, response, enabled, ctx))
      record(label, o.check, o.failure, c, request, response);
    if (opts.maxResponseTimeMs !== undefined && enabled.has('max_response_time') && response.status !== 0)
      record(
        label,
        'max_response_time',
        response.ms > opts.maxResponseTimeMs
          ? `answered in ${response.ms} ms, over --max-response-time ${opts.maxResponseTimeMs}`
          : undefined,
        c,
        request,
        response,
      );
  };

  /** A valid request, checked: the response checks and positive_data_acceptance. */
  const valid = async (op: OperationDoc, c: RequestCase) => {
    const sent = await exec(c, opts.auth, true);
    respChecks(op, op.operationId, c, sent.request, sent.response);
    if (enabled.has('positive_data_acceptance') && !isForced(sent.request, sent.response)) {
      const fromServer = (v: unknown) => pool.has(v) || Object.values(opts.known ?? {}).includes(String(v));
      const verdict = positiveDataVerdict(api, op, c, sent.response, ctx, fromServer);
      // A refusal counts only when the engine's own request check takes the request as sent (spec-accepts.ts).
      const judged = verdict === undefined || (verdict !== null && specAccepts(api, op, c, sent.request));
      if (judged) record(op.operationId, 'positive_data_acceptance', verdict, c, sent.request, sent.response);
    }
    return sent;
  };

  /** The case, then (until one succeeds) the same with ids the server has shown in place of its own; the last case sent. */
  const withKnownIds = async (op: OperationDoc, c: RequestCase, fixed: Record<string, string>, createdOnly = false) => {
    let sent = { ...(await valid(op, c)), case: c };
    for (let pick = 0; pick < 3 && !ok(sent.response.status) && ![0, 401, 403].includes(sent.response.status); pick++) {
      const pathParams = { ...c.pathParams };
      let changed = false;
      for (const p of op.parameters.filter((p) => p.in === 'path' && !Object.hasOwn(fixed, p.name))) {
        const known = pool.candidates(p.name, createdOnly || op.method === 'delete');
        if (!known.length) continue;
        pathParams[p.name] = String(known[pick % known.length]);
        changed = true;
      }
      const body = c.body === undefined ? undefined : fillBodyIds(c.body, pool, pick, createdOnly, fixed);
      if (!changed && body === undefined) break;
      const next: RequestCase = {
        ...c,
        pathParams,
        ...(body !== undefined ? { body } : {}),
        origin: `${c.origin}, with ids the server gave (#${pick + 1})`,
      };
      sent = { ...(await valid(op, next)), case: next };
    }
    return sent;
  };

  const exampleCase = async (op: OperationDoc) =>
    firstCase.get(op.operationId) ??
    (await casesFor(api, op, { seed: opts.seed, maxExamples: 1, known: opts.known }))[0];

  /** The ignored_auth requests: none, an invalid credential, another tenant's; none may succeed. */
  const authChecks = async (op: OperationDoc, c: RequestCase, onResource: boolean) => {
    if (!op.secured || !enabled.has('ignored_auth')) return;
    const tries: Array<[string, Record<string, string> | false]> = [['without credentials', false]];
    const invalid = invalidCredentials(opts.auth);
    if (invalid) tries.push(['with an invalid credential', invalid]);
    if (onResource && opts.otherTenantAuth) tries.push(["with another tenant's credential", opts.otherTenantAuth]);
    for (const [how, auth] of tries) {
      const attempt = { ...c, origin: `${c.origin}, ${how}` };
      const { request, response } = await exec(attempt, auth);
      respChecks(op, op.operationId, attempt, request, response);
      record(
        op.operationId,
        'ignored_auth',
        ok(response.status) ? `answered ${response.status} ${how} (expected 401 or 403)` : undefined,
        attempt,
        request,
        response,
      );
    }
  };

  const runOperation = async (op: OperationDoc) => {
    sequence = [];
    const cases = await casesFor(api, op, { seed: opts.seed, maxExamples: opts.maxExamples, known: opts.known });
    if (!cases.length) results.skipped.push(`${op.operationId}: no request could be generated that its schemas accept`);
    if (op.method === 'delete' && !opts.destructive) {
      results.skipped.push(
        `${op.operationId}: its example and generated ids could name what this run did not create; it is made on what the run created (--destructive: on any id)`,
      );
    } else {
      for (const c of cases) {
        sequence = [];
        const sent = op.method === 'get' ? await withKnownIds(op, c, opts.known ?? {}) : await valid(op, c);
        if (ok(sent.response.status) && linksOf(api, op).some((l) => l.target.method === 'delete'))
          await madeByPlainPass(op, { case: c, ...sent });
      }
    }
    const first = cases[0];
    if (first) firstCase.set(op.operationId, first);
    if (first && enabled.has('negative_data_rejection') && (op.method !== 'delete' || opts.destructive)) {
      for (const bad of invalidCases(api, op, first)) {
        sequence = [];
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
    if (first && (op.method !== 'delete' || opts.destructive)) await authChecks(op, first, false);
  };

  /** Links of one producer's answer, with the resource they name; the steps on it in order. */
  async function followLinks(producer: OperationDoc, src: LinkSource, label: string) {
    const links = sequenceOrder(linksOf(api, producer)).filter((l) => isChosen(l.target));
    const fixed: Record<string, string> = {};
    const filled: Array<{ link: Link; case: RequestCase }> = [];
    for (const link of links) {
      const base = await exampleCase(link.target);
      if (!base) {
        results.skipped.push(`link ${link.name}: no request of ${link.target.operationId} to fill`);
        continue;
      }
      const { case: c, missing } = linkedCase(link, base, src);
      if (!c) {
        results.skipped.push(`link ${link.name} of ${label}: the answer had no ${missing}`);
        continue;
      }
      for (const p of link.target.parameters.filter((p) => p.in === 'path')) {
        fixed[p.name] = c.pathParams[p.name]!;
        if (!opts.known || !Object.hasOwn(opts.known, p.name)) pool.noteCreated(c.pathParams[p.name]);
      }
      filled.push({ link, case: c });
    }
    // The operations under the created resource that no link names (its members, apps, profiles).
    const resourcePaths = filled
      .filter((f) => f.link.target.pathTemplate.includes('{'))
      .map((f) => f.link.target.pathTemplate);
    const linked = new Set(links.map((l) => l.target));
    const under = chosen.filter(
      (o) =>
        !linked.has(o) &&
        o !== producer &&
        !last.has(o.operationId) &&
        resourcePaths.some((p) => o.pathTemplate.startsWith(`${p}/`)),
    );
    const steps: Array<{ op: OperationDoc; case?: RequestCase; link?: Link }> = [
      ...filled.filter((f) => f.link.target.method === 'get').map((f) => ({ op: f.link.target, ...f })),
      ...filled
        .filter((f) => !['get', 'delete'].includes(f.link.target.method))
        .map((f) => ({ op: f.link.target, ...f })),
      ...under.filter((o) => o.method !== 'delete').map((op) => ({ op })),
      // The most specific removal first (one member, then several): each finds something left to remove.
      ...under
        .filter((o) => o.method === 'delete')
        .sort((a, b) => pathParamCount(b) - pathParamCount(a))
        .map((op) => ({ op })),
      ...filled.filter((f) => f.link.target.method === 'delete').map((f) => ({ op: f.link.target, ...f })),
    ];
    const reads: RequestCase[] = [];
    const additions = new Map<string, { op: OperationDoc; case: RequestCase }>();
    let readBack = false;
    let deleted = false;
    for (const step of steps) {
      let c = step.case;
      if (!c) {
        const base = await exampleCase(step.op);
        if (!base) continue;
        c = {
          ...base,
          pathParams: { ...base.pathParams, ...pick(fixed, step.op) },
          origin: `${base.origin}, on what ${label} created`,
        };
      }
      if (step.op.method === 'delete') await authChecks(step.op, c, true);
      let { request, response, case: sentCase } = await withKnownIds(step.op, c, fixed);
      // A removal that finds nothing left to remove (an earlier step moved or removed it): the last
      // addition to the same collection is made again, and the removal tried once more.
      const readd = additions.get(step.op.pathTemplate);
      if (step.op.method === 'delete' && !step.link && !ok(response.status) && readd) {
        await valid(readd.op, { ...readd.case, origin: `${readd.case.origin}, again before ${step.op.operationId}` });
        ({ request, response, case: sentCase } = await withKnownIds(step.op, c, fixed));
      }
      if (step.op.method === 'post' && ok(response.status))
        additions.set(step.op.pathTemplate, { op: step.op, case: sentCase });
      if (step.link) results.linksFollowed++;
      if (step.op.method === 'get' && step.link && Object.keys(pick(fixed, step.op)).length && ok(response.status))
        await authChecks(step.op, c, true);
      if (step.op.method === 'get') {
        reads.push(c);
        if (!readBack && step.link && Object.keys(pick(fixed, step.op)).length) {
          readBack = true;
          await availability(producer, src, step.op, c, request, response);
        }
      }
      if (step.op.method === 'delete' && step.link && ok(response.status)) {
        deleted = true;
        if (enabled.has('use_after_free')) await useAfterFree(step.op, reads, response.status);
      } else if (step.op.method !== 'get' && step.op.method !== 'delete') {
        await authChecks(step.op, c, true);
      }
    }
    return deleted;
  }

  /** ensure_resource_availability: the first read after a create is a 2xx with the created values. */
  async function availability(
    producer: OperationDoc,
    src: LinkSource,
    read: OperationDoc,
    c: RequestCase,
    request: WireRequest,
    response: WireResponse,
  ) {
    if (!enabled.has('ensure_resource_availability')) return;
    let failure: string | undefined;
    if (!ok(response.status))
      failure = `${producer.operationId} answered ${src.response.status}, but reading it back (${read.operationId}) answered ${response.status || response.error}`;
    else {
      const differ = sameValues(src, response.json);
      if (differ) failure = `read back after ${producer.operationId}, ${differ}`;
    }
    record(read.operationId, 'ensure_resource_availability', failure, c, request, response);
  }

  async function useAfterFree(del: OperationDoc, reads: RequestCase[], status: number) {
    for (const read of reads.filter((r) => r.pathTemplate === del.pathTemplate)) {
      const after = { ...read, origin: `${read.origin}, after ${del.operationId}` };
      const again = await exec(after);
      const op = api.spec.byId.get(read.operationId);
      respChecks(op, read.operationId, after, again.request, again.response);
      record(
        read.operationId,
        'use_after_free',
        ok(again.response.status)
          ? `still answered ${again.response.status} after ${del.operationId} answered ${status}`
          : undefined,
        after,
        again.request,
        again.response,
      );
    }
  }

  async function runSequence(producer: OperationDoc) {
    sequence = [];
    const candidates = await casesFor(api, producer, { seed: opts.seed, maxExamples: 3, known: opts.known });
    if (!candidates.length)
      return void results.skipped.push(`links of ${producer.operationId}: no request to start from`);
    let src: LinkSource | undefined;
    let lastStatus = 0;
    const tries = candidates.flatMap((c) => {
      const fresh = uniqueVariant(api, producer, c, opts.seed);
      return fresh ? [c, fresh] : [c];
    });
    for (const start of tries) {
      sequence = [];
      const c = { ...start, origin: `sequence start (${start.origin})` };
      const first = await valid(producer, c);
      lastStatus = first.response.status;
      if (ok(lastStatus)) {
        src = { case: start, ...first };
        break;
      }
    }
    if (!src)
      return void results.skipped.push(
        `links of ${producer.operationId}: it answered ${lastStatus}, so nothing was created to follow`,
      );
    if (!(await followLinks(producer, src, producer.operationId))) toCleanUp.push({ producer, src });
  }

  /** One more thing created (the first create with a delete link, its example's name made unique), for a delete no link leads to. */
  async function makeOneToDelete() {
    const producer = chosen.find(
      (o) => !last.has(o.operationId) && linksOf(api, o).some((l) => l.target.method === 'delete'),
    );
    const base = producer && (await exampleCase(producer));
    const c = producer && base && (uniqueVariant(api, producer, base, opts.seed + 1) ?? base);
    if (!producer || !c) return;
    sequence = [];
    const sent = await valid(producer, { ...c, origin: `${c.origin}, to have something of the run's own to delete` });
    if (ok(sent.response.status)) await madeByPlainPass(producer, { case: c, ...sent });
  }

  /** A create of the plain pass: its ids noted as this run's, for the clean-up. */
  async function madeByPlainPass(producer: OperationDoc, src: LinkSource) {
    toCleanUp.push({ producer, src });
    for (const link of linksOf(api, producer).filter((l) => l.target.method === 'delete')) {
      const base = await exampleCase(link.target);
      const c = base && linkedCase(link, base, src).case;
      for (const p of link.target.parameters.filter((p) => p.in === 'path' && !Object.hasOwn(opts.known ?? {}, p.name)))
        if (c) pool.noteCreated(c.pathParams[p.name]);
    }
  }

  /** Deletes what the run created and did not delete, through the create's own delete links (or a bulk delete taking its ids). */
  async function cleanUp() {
    // A delete no link leads to (MDM's bulk delete) is made on this run's own ids only.
    for (const op of chosen.filter((o) => o.method === 'delete' && !results.coverageOf(o.operationId).success)) {
      if (op.parameters.some((p) => p.in === 'path' && !Object.hasOwn(opts.known ?? {}, p.name))) continue;
      if (!toCleanUp.length) await makeOneToDelete();
      if (!toCleanUp.length) continue;
      const base = await exampleCase(op);
      const body = base?.body !== undefined ? fillBodyIds(base.body, pool, 0, true) : undefined;
      if (!base || body === undefined) continue;
      sequence = [];
      await valid(op, { ...base, body, origin: `${base.origin}, on what this run created` });
    }
    for (const { producer, src } of toCleanUp.reverse()) {
      sequence = [];
      for (const link of linksOf(api, producer).filter((l) => l.target.method === 'delete')) {
        const base = await exampleCase(link.target);
        const c = base && linkedCase(link, base, src).case;
        if (!c) continue;
        const { request, response } = await valid(link.target, {
          ...c,
          origin: `clean-up of what ${producer.operationId} created`,
        });
        if (ok(response.status) || response.status === 404) break;
        results.warnings.push(
          `could not delete what ${producer.operationId} created: ${curlOf(request)} answered ${response.status}`,
        );
      }
    }
  }

  try {
    if (!(await reachable())) return results;
    for (const p of opts.prelude ?? []) {
      const found = api.spec.find(
        p.request.method,
        new URL(p.request.url).pathname.slice(new URL(opts.baseUrl).pathname.length),
      );
      const op = found.op && isChosen(found.op) ? found.op : undefined;
      if (!op) continue;
      const c = {
        operationId: op.operationId,
        method: op.method,
        pathTemplate: op.pathTemplate,
        pathParams: found.params ?? {},
        query: {},
        headers: {},
        origin: 'the login',
      } as RequestCase;
      observe(c, p.request, p.response, true);
      respChecks(op, op.operationId, c, p.request, p.response);
    }
    const main = chosen.filter((o) => !last.has(o.operationId));
    const reads = main.filter((o) => o.method === 'get').sort((a, b) => pathParamCount(a) - pathParamCount(b));
    const producers = main.filter((o) => linksOf(api, o).some((l) => isChosen(l.target)));
    const writes = main.filter((o) => o.method !== 'get' && o.method !== 'delete');
    const deletes = main.filter((o) => o.method === 'delete');
    const paths = enabled.has('unsupported_method')
      ? unsupportedMethods(api).filter((u) => chosen.some((o) => o.pathTemplate === u.template))
      : [];
    const total = reads.length + producers.length + writes.length + deletes.length + paths.length + last.size;
    let done = 0;
    const progress = (label: string) => opts.onProgress?.(++done, total, label, results);

    for (const op of reads) {
      await runOperation(op);
      progress(op.operationId);
    }
    // The sequences run before the plain writes: a create whose example names something unique
    // (ThingSpace's group name, MDM's) is refused once the plain pass has made it.
    for (const producer of producers) {
      await runSequence(producer);
      progress(`links of ${producer.operationId}`);
    }
    for (const op of [...writes, ...deletes]) {
      await runOperation(op);
      progress(op.operationId);
    }
    for (const u of paths) {
      await unsupported(u);
      progress(`${u.method.toUpperCase()} ${u.template}`);
    }
    for (const op of chosen.filter((o) => last.has(o.operationId))) {
      await runOperation(op);
      progress(op.operationId);
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  } finally {
    const stop = opts.maxFailures;
    opts.maxFailures = undefined;
    try {
      await cleanUp();
    } finally {
      opts.maxFailures = stop;
    }
  }
  coverageVerdict(results, { credentialed, requireCoverage: opts.requireCoverage ?? false });
  return results;

  async function reachable(): Promise<boolean> {
    const probe = await send(
      { method: 'GET', url: opts.baseUrl, headers: { ...opts.headers } },
      api.codec,
      opts.timeoutMs,
    );
    if (probe.status !== 0) return true;
    results.unanswered++;
    results.verdictFailures.push(
      `${opts.baseUrl} does not answer (${probe.error ?? 'no response'}): nothing was tested; check --base-url and that the server is up`,
    );
    return false;
  }

  async function unsupported(u: ReturnType<typeof unsupportedMethods>[number]) {
    sequence = [];
    const sample = await exampleCase(u.sample);
    const label = `${u.method.toUpperCase()} ${u.template}`;
    if (!sample) return void results.skipped.push(`${label}: no path parameters to try it with`);
    const c: RequestCase = {
      ...sample,
      method: u.method,
      body: undefined,
      mediaType: undefined,
      origin: 'unsupported method',
    };
    const { request, response } = await exec(c);
    respChecks(undefined, label, c, request, response);
    let failure: string | undefined;
    if (response.status !== 405)
      failure = `${label} is not in the spec, answered ${response.status || response.error} (expected 405)`;
    else {
      const allow = response.headers.allow;
      const methods = chosen.filter((o) => o.pathTemplate === u.template).map((o) => o.method.toUpperCase());
      const listed = new Set((allow ?? '').split(',').map((m) => m.trim().toUpperCase()));
      const missing = methods.filter((m) => !listed.has(m));
      if (allow === undefined)
        failure = `the 405 has no Allow header (RFC 9110 §15.5.6; expected ${methods.join(', ')})`;
      else if (missing.length) failure = `the 405's Allow (${allow}) leaves out ${missing.join(', ')}`;
    }
    record(label, 'unsupported_method', failure, c, request, response);
  }
}

/**
 * The case with its free-text fields made unique (`Sales` → `Sales 7f3a`): an example whose name the
 * target already has (the demo tenant's own group) is refused as a duplicate, and the run would
 * otherwise create from a random generated body. Undefined when no field could change and stay valid.
 */
function uniqueVariant(api: ContractApi, op: OperationDoc, c: RequestCase, seed: number): RequestCase | undefined {
  const pointer = c.mediaType ? op.requestBodies.get(c.mediaType) : undefined;
  if (!pointer || !c.body || typeof c.body !== 'object' || Array.isArray(c.body)) return undefined;
  const tag = `c${hashSeed(seed, api.name, op.operationId).toString(36).slice(0, 5)}`;
  const body: Record<string, unknown> = { ...(c.body as Record<string, unknown>) };
  let changed = false;
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== 'string' || !/name|title|label/i.test(k)) continue;
    for (const fresh of [`${v} ${tag}`, `${v.slice(0, 8)}${tag}`, tag]) {
      const trial = { ...body, [k]: fresh };
      if (requestValueIssues(api, { body: pointer }, trial).length === 0) {
        body[k] = fresh;
        changed = true;
        break;
      }
    }
  }
  return changed ? { ...c, body, origin: `${c.origin}, its name made unique` } : undefined;
}

const pathParamCount = (op: OperationDoc) => op.parameters.filter((p) => p.in === 'path').length;

/** The values of `fixed` that are path parameters of `op`. */
function pick(fixed: Record<string, string>, op: OperationDoc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.parameters) if (p.in === 'path' && Object.hasOwn(fixed, p.name)) out[p.name] = fixed[p.name]!;
  return out;
}
