/**
 * A typed client of the admin API (`/__admin`, docs/admin-api.md), as WireMock's Java client is of
 * WireMock's: the same calls in-process (`startMock(…).admin`) and against a mock elsewhere by URL.
 * Each call is about the client's namespace (`forNamespace`), else `default`, as on the admin API;
 * a call the mock refuses throws an `AdminError` with its status and the mock's words. JSON is
 * read and written losslessly (lossless-json, as the MDM API does): an integer past 2^53 in a
 * journal body or a state is a `bigint`, never a rounded number, and a `bigint` sent is written digit
 * for digit.
 */
import { losslessJson } from '../engine/kit/json-codec.js';
import type {
  AdminIndex,
  ApiName,
  Clock,
  ClockChange,
  FaultRule,
  Har,
  Health,
  JournalEntry,
  JournalFilter,
  JournalPage,
  Namespace,
  NewFaultRule,
  RequestMatcher,
  ViolationsReport,
} from './types.js';

export interface AdminClientOptions {
  /** The mock's `--admin-token`, sent as `Authorization: Bearer …`. */
  token?: string;
  /** The namespace every call is about (default: the mock's `default`). */
  namespace?: Namespace;
  /** A `fetch` of your own (default: the global one). */
  fetch?: typeof fetch;
}

/** A call the admin API refused: its status, `error` and `problems` as the mock wrote them. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly problems: string[],
    readonly call: string,
  ) {
    super(`${call}: ${status} ${error}${problems.length ? ` (${problems.join('; ')})` : ''}`);
    this.name = 'AdminError';
  }
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The admin API of one mock, typed.
 *
 * @example
 *   import { AdminClient } from 'groups-mock';
 *
 *   const admin = new AdminClient('http://127.0.0.1:4010', { token: process.env.MOCK_ADMIN_TOKEN });
 *   const ci = admin.forNamespace('ci-42');
 *   await ci.reset();
 *   await ci.addFault({ api: 'kazoo', operationId: 'getGroup', times: 1, action: { respond: { status: 404 } } });
 *   // … run the client under test with `X-Mock-Namespace: ci-42` …
 *   console.log(await ci.countRequests({ api: 'kazoo', status: '4xx' }));
 */
export class AdminClient {
  /** The mock's root (`http://127.0.0.1:4010`), without `/__admin`. */
  readonly baseUrl: string;
  /** The namespace the calls are about; undefined: the mock's `default`. */
  readonly namespace: Namespace | undefined;
  readonly #options: AdminClientOptions;

  /** `baseUrl`: the mock's root (`http://127.0.0.1:4010`); a trailing `/` or `/__admin` is dropped. */
  constructor(baseUrl: string | URL, options: AdminClientOptions = {}) {
    this.baseUrl = String(baseUrl)
      .replace(/\/+$/, '')
      .replace(/\/__admin$/, '');
    this.namespace = options.namespace;
    this.#options = options;
  }

  /** The same mock, each call about `namespace` (`*`: every namespace, where a call can span them). */
  forNamespace(namespace: Namespace): AdminClient {
    return new AdminClient(this.baseUrl, { ...this.#options, namespace });
  }

  /** `GET /__admin`: the APIs served and every admin endpoint. */
  index(): Promise<AdminIndex> {
    return this.#json('GET', '', {}, undefined, false);
  }

  /** `GET /__admin/health`: status, the APIs, the namespaces in use. */
  health(): Promise<Health> {
    return this.#json('GET', '/health', {}, undefined, false);
  }

  /** `POST /__admin/reset`: the namespace's APIs (or one API) back to the demo tenant, its rules, journal and clock too. */
  reset(scope: { api?: ApiName } = {}): Promise<{ reset: { api: string; namespace: string } }> {
    return this.#json('POST', '/reset', { api: scope.api });
  }

  /** `GET /__admin/state/<api>`: the namespace's state of one API (the fixture's shape). */
  getState<State = unknown>(api: ApiName): Promise<State> {
    return this.#json('GET', `/state/${api}`);
  }

  /** `PUT /__admin/state/<api>`: replace it; an invalid state is refused (an `AdminError` naming each path) and the old one kept. */
  putState(api: ApiName, state: unknown): Promise<{ imported: { api: string; namespace: string } }> {
    return this.#json('PUT', `/state/${api}`, {}, state);
  }

  /** `POST /__admin/faults`: a rule in force from now on (in the client's namespace unless it names one). */
  addFault(rule: NewFaultRule): Promise<FaultRule> {
    return this.#json('POST', '/faults', {}, rule);
  }

  /** `POST /__admin/faults` with an array: all the rules, or (an `AdminError`) none. */
  async addFaults(rules: NewFaultRule[]): Promise<FaultRule[]> {
    return (await this.#json<{ faults: FaultRule[] }>('POST', '/faults', {}, rules)).faults;
  }

  /** `GET /__admin/faults`: the rules in force in the namespace (with `remaining` and `fired`). */
  async listFaults(filter: { api?: ApiName } = {}): Promise<FaultRule[]> {
    return (await this.#json<{ faults: FaultRule[] }>('GET', '/faults', { api: filter.api })).faults;
  }

  /** `GET /__admin/faults/<id>`. */
  getFault(id: string): Promise<FaultRule> {
    return this.#json('GET', `/faults/${encodeURIComponent(id)}`);
  }

  /** `DELETE /__admin/faults/<id>`; resolves with the ids removed. */
  async removeFault(id: string): Promise<string[]> {
    return (await this.#json<{ removed: string[] }>('DELETE', `/faults/${encodeURIComponent(id)}`)).removed;
  }

  /** `DELETE /__admin/faults`: the namespace's rules (of one API); resolves with the ids removed. */
  async clearFaults(filter: { api?: ApiName } = {}): Promise<string[]> {
    return (await this.#json<{ removed: string[] }>('DELETE', '/faults', { api: filter.api })).removed;
  }

  /** `GET /__admin/requests`: the namespace's journal, oldest first, credentials masked. */
  requests(filter: JournalFilter = {}): Promise<JournalPage> {
    return this.#json('GET', '/requests', { ...filter });
  }

  /** `POST /__admin/requests/find`: the recorded requests a matcher matches. */
  async findRequests(matcher: RequestMatcher = {}): Promise<JournalEntry[]> {
    return (await this.#json<{ requests: JournalEntry[] }>('POST', '/requests/find', {}, matcher)).requests;
  }

  /** `POST /__admin/requests/count`: how many recorded requests a matcher matches. */
  async countRequests(matcher: RequestMatcher = {}): Promise<number> {
    return (await this.#json<{ count: number }>('POST', '/requests/count', {}, matcher)).count;
  }

  /** `DELETE /__admin/requests`: clear the namespace's journal; resolves with how many requests went. */
  async clearRequests(filter: { api?: ApiName } = {}): Promise<number> {
    return (await this.#json<{ cleared: number }>('DELETE', '/requests', { api: filter.api })).cleared;
  }

  /** `GET /__admin/requests?format=har`: the journal as HAR 1.2 (devtools, Postman, `groups-mock contract --replay`). */
  har(filter: JournalFilter = {}): Promise<Har> {
    return this.#json('GET', '/requests', { ...filter, format: 'har' });
  }

  /** `GET /__admin/requests/violations`: what broke the spec, and what was accepted with warnings. */
  violations(filter: Omit<JournalFilter, 'limit'> = {}): Promise<ViolationsReport> {
    return this.#json('GET', '/requests/violations', { ...filter });
  }

  /** `GET /__admin/requests/violations?format=junit`: the same as a JUnit XML report, for a CI's test view. */
  async junit(filter: Omit<JournalFilter, 'limit'> = {}): Promise<string> {
    return (await this.#call('GET', '/requests/violations', { ...filter, format: 'junit' })).text();
  }

  /** `GET /__admin/clock`: the namespace's engine clock. */
  clock(): Promise<Clock> {
    return this.#json('GET', '/clock');
  }

  /** `POST /__admin/clock`: set, advance, freeze or unfreeze it; resolves with the clock after the change. */
  setClock(change: ClockChange): Promise<Clock> {
    return this.#json('POST', '/clock', {}, change);
  }

  /** `POST /__admin/clock {"advance": by}`: milliseconds, or `"20m"`, `"1h30m"`. */
  advanceClock(by: number | string): Promise<Clock> {
    return this.setClock({ advance: by });
  }

  async #json<T>(method: string, path: string, query: Query = {}, body?: unknown, scoped = true): Promise<T> {
    return losslessJson.parse(await (await this.#call(method, path, query, body, scoped)).text()) as T;
  }

  async #call(method: string, path: string, query: Query, body?: unknown, scoped = true): Promise<Response> {
    const url = new URL(`${this.baseUrl}/__admin${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    // The namespace as `?namespace=`: one place, never two that could disagree.
    if (scoped && this.namespace !== undefined) url.searchParams.set('namespace', this.namespace);
    const headers: Record<string, string> = {};
    if (this.#options.token) headers.Authorization = `Bearer ${this.#options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await (this.#options.fetch ?? fetch)(url, {
      method,
      headers,
      body: body === undefined ? undefined : losslessJson.stringify(body),
    });
    if (res.ok) return res;
    const text = await res.text();
    let error = text.slice(0, 500);
    let problems: string[] = [];
    try {
      const parsed = JSON.parse(text) as { error?: unknown; problems?: unknown };
      if (typeof parsed.error === 'string') error = parsed.error;
      if (Array.isArray(parsed.problems)) problems = parsed.problems.map(String);
    } catch {
      // not the mock's JSON (a proxy in between, another server on the port): its text as it came
    }
    throw new AdminError(res.status, error, problems, `${method} ${url.pathname}${url.search}`);
  }
}
