/**
 * The package's main export (`import { startMock } from 'groups-mock'`): the mock started inside a
 * test run, as msw's `setupServer` or WireMock's JUnit rule are, and the typed admin client.
 * `startMock` takes the options `groups-mock serve` takes (docs/cli.md), as an object — checked by
 * the same code (cli/flags.ts, cli/serve.ts), so an option the command gains is one here too.
 *
 * @example
 *   import { startMock } from 'groups-mock';
 *
 *   const mock = await startMock({ api: ['kazoo'] }); // a free port on 127.0.0.1
 *   const res = await fetch(`${mock.url('kazoo')}/v2/user_auth`, { method: 'PUT', body: '…' });
 *   await mock.admin.reset();
 *   await mock.close();
 */
import { AdminClient } from './admin-client/client.js';
import type { ApiName } from './admin-client/types.js';
import { paintFor } from './cli/colour.js';
import { resolveOptions, SERVE_FLAGS } from './cli/flags.js';
import { requestLogger, type LogFormat, type LogLevel } from './cli/request-log.js';
import { httpsBaseOf, listenAllAsPlanned, planServe } from './cli/serve.js';
import { createMockServer, type MockServer } from './engine/app.js';

export { AdminClient, AdminError, type AdminClientOptions } from './admin-client/client.js';
export type * from './admin-client/types.js';

/**
 * `groups-mock serve`'s options (docs/cli.md), named in camel case (`journalSize` is
 * `--journal-size`). Defaults as the command's, but `port` (0: a free port) and `logLevel` (`silent`).
 */
export interface MockOptions {
  /** Port to listen on; 0 (the default here): a free one, see `RunningMock.port`. */
  port?: number;
  /** Address to listen on (default 127.0.0.1); beyond loopback the admin API needs `adminToken`. */
  host?: string;
  /** Serve only these APIs (default: all five). */
  api?: ApiName[] | ApiName;
  /** A folder of `<api>.json` demo tenants replacing the built-in ones. */
  fixtures?: string;
  /** Seed of ids, tokens and fake data (default 1). */
  seed?: number;
  /** Freeze the engine clock at this time (ISO 8601 with Z or an offset, or ms since the epoch). */
  clock?: string | number;
  /** Latency added to every request of every API (ms, `"250ms"`, `"2s"`). */
  delay?: number | string;
  /** A JSON file of fault rules in force from the start. */
  faultFile?: string;
  /** Requests the journal keeps per namespace (default 1000). */
  journalSize?: number;
  /** Bytes the journal keeps across namespaces (default 256 MiB). */
  journalBytes?: number;
  /** Namespaces kept at once (default 1000). */
  maxNamespaces?: number;
  /** Token every admin call must send (at least 12 characters); `RunningMock.admin` sends it. */
  adminToken?: string;
  /** Host names the admin API answers for besides loopback and IP addresses. */
  allowedHosts?: string[];
  /** The request log on stdout (default here: `silent`). */
  logLevel?: 'silent' | 'error' | 'info' | 'debug';
  /** Request log lines for people (`pretty`) or tools (`json`). */
  logFormat?: 'pretty' | 'json';
  /** Refuse query parameters an operation does not take (400). */
  strict?: boolean;
  /** Serve HTTPS on this port too, beside HTTP (0: a free one, see `RunningMock.httpsUrl`) — docs/https.md. */
  httpsPort?: number;
  /** A PEM certificate (chain) of your own for HTTPS, with `tlsKey`; otherwise the mock makes its own. */
  tlsCert?: string;
  /** The PEM private key of `tlsCert`. */
  tlsKey?: string;
  /** More names for the mock's own certificate (always: localhost, 127.0.0.1, ::1, 10.0.2.2 and `host`). */
  tlsNames?: string[];
  /** Where the mock's own CA and certificate are kept (default: groups-mock under the user's data home). */
  dataDir?: string;
  /** Resources (groups) each API keeps per namespace (default 200000); past it, the vendor's 4xx — docs/memory.md. */
  maxResources?: number;
  /** How long soft-deleted documents (Kazoo groups) stay on the namespace's clock (`"24h"`, `1m` to `30d`). */
  deletedRetention?: string;
  /** Soft-deleted documents kept per API per namespace whatever the clock (default 10000). */
  maxDeleted?: number;
  /** Live tokens or sessions kept per token map of a namespace (default 10000). */
  maxTokens?: number;
  /** Where the state lives: `memory` (the default and, in this version, the only store; docs/team-scale.md). */
  store?: string;
  /** Processes sharing the port (default 1; above 1 needs a shared store, so the in-memory store refuses it). */
  workers?: number;
}

/** One namespace of a running mock: its own state, clock, fault rules and journal (docs/admin-api.md#namespaces). */
export interface MockNamespace {
  readonly name: string;
  /** `{ 'X-Mock-Namespace': name }`: send it on every data-plane request of the test. */
  readonly headers: Readonly<Record<'X-Mock-Namespace', string>>;
  /** An API's base URL (the same for every namespace: the header picks the namespace). */
  url(api: ApiName): string;
  /** `fetch` with the namespace's header added. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** The admin client, every call about this namespace. */
  readonly admin: AdminClient;
}

/** A mock started by `startMock`. */
export interface RunningMock {
  /** `http://127.0.0.1:<port>`: the mock's root. */
  readonly baseUrl: string;
  readonly port: number;
  /** The APIs served. */
  readonly apis: ApiName[];
  /** An API's base URL: `url('kazoo')` is `http://127.0.0.1:<port>/kazoo`. */
  url(api: ApiName): string;
  /** With `httpsPort`: `https://127.0.0.1:<port>`, the same mock over TLS. */
  readonly httpsUrl?: string;
  /** With `httpsPort` and no `tlsCert`: the mock's own CA (PEM), to trust (`new https.Agent({ ca })`). */
  readonly caPem?: string;
  /** The typed admin client of this mock (its `default` namespace; the admin token, if any, included). */
  readonly admin: AdminClient;
  /**
   * A namespace for one test (or one test file): a fresh name unless one is given, the header to
   * send, and an admin client scoped to it. Tests in parallel, each in its own namespace, never see
   * each other's data, rules or journal.
   */
  namespace(name?: string): MockNamespace;
  /** Stops the mock: connections closed (requests in flight cut), latency rules' timers ended. */
  close(): Promise<void>;
  /** The engine (runtime, store, journal) for tests of the mock itself; not a stable API. */
  readonly server: MockServer;
}

let namespaces = 0;

/**
 * A namespace of a mock anywhere — one `startMock` started in a vitest `globalSetup`, or a shared
 * one by URL: a fresh name unless one is given (`test-<pid>-<n>`), its header, its URLs and an
 * admin client scoped to it. `RunningMock.namespace` is this for its own mock.
 *
 * @example
 *   import { mockNamespace } from 'groups-mock';
 *
 *   const ns = mockNamespace(process.env.MOCK_URL ?? 'http://127.0.0.1:4010', { name: 'ci-42' });
 *   await ns.admin.reset();
 *   const res = await ns.fetch(`${ns.url('kazoo')}/v2/accounts/any/groups`); // in ci-42
 */
export function mockNamespace(
  baseUrl: string | URL,
  options: { name?: string; token?: string; fetch?: typeof fetch } = {},
): MockNamespace {
  const admin = new AdminClient(baseUrl, { token: options.token, fetch: options.fetch });
  const name = options.name ?? `test-${process.pid}-${++namespaces}`;
  const send = options.fetch ?? fetch;
  return {
    name,
    headers: { 'X-Mock-Namespace': name },
    url: (api) => `${admin.baseUrl}/${api}`,
    admin: admin.forNamespace(name),
    fetch: (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('X-Mock-Namespace', name);
      return send(input, { ...init, headers });
    },
  };
}

/**
 * Starts the mock in this process — every API, or those in `options.api` — on a free port of
 * 127.0.0.1 unless `options.port` says otherwise; resolves once it listens. Bad options reject with
 * the message `groups-mock serve` would print.
 *
 * @example
 *   // vitest: one mock for the file, a namespace per test
 *   import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
 *   import { startMock, type RunningMock, type MockNamespace } from 'groups-mock';
 *
 *   let mock: RunningMock;
 *   let ns: MockNamespace;
 *   beforeAll(async () => { mock = await startMock({ api: ['kazoo'], seed: 7 }); });
 *   afterAll(() => mock.close());
 *   beforeEach(() => { ns = mock.namespace(); });
 *
 *   it('answers 404 when a fault rule says so', async () => {
 *     await ns.admin.addFault({ api: 'kazoo', path: 'GET /v2/accounts/{ACCOUNT_ID}/groups', action: { respond: { status: 404 } } });
 *     const res = await ns.fetch(`${ns.url('kazoo')}/v2/accounts/any/groups`);
 *     expect(res.status).toBe(404);
 *   });
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const flags = resolveOptions(
    { port: 0, logLevel: 'silent', ...options } as Record<string, unknown>,
    SERVE_FLAGS,
    'startMock',
  );
  const plan = planServe(flags);
  const server = createMockServer({
    ...plan.server,
    onServed:
      flags['log-level'] === 'silent'
        ? undefined
        : requestLogger(
            flags['log-level'] as LogLevel,
            flags['log-format'] as LogFormat,
            process.stdout,
            paintFor(process.stdout, process.env),
          ),
  });
  let listening: Awaited<ReturnType<typeof listenAllAsPlanned>>;
  try {
    listening = await listenAllAsPlanned(server, plan, process.env);
  } catch (err) {
    server.runtime.close();
    throw err;
  }
  const { http, https, tls } = listening;
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : plan.port;
  const baseUrl = `http://${plan.host.includes(':') ? `[${plan.host}]` : plan.host}:${port}`;
  const apis = plan.apis.map((a) => a.name as ApiName);
  const url = (api: ApiName) => {
    if (!apis.includes(api)) throw new Error(`startMock: ${api} is not served; served: ${apis.join(', ')}`);
    return `${baseUrl}/${api}`;
  };
  const token = flags['admin-token'] as string | undefined;
  const admin = new AdminClient(baseUrl, { token });
  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    port,
    apis,
    url,
    httpsUrl: https ? httpsBaseOf(https, plan.host) : undefined,
    caPem: tls?.caPem,
    admin,
    server,
    namespace(name?: string): MockNamespace {
      return { ...mockNamespace(baseUrl, { name, token }), url };
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.runtime.close();
        let open = https ? 2 : 1;
        const closed = (err?: Error) => (err ? reject(err) : --open === 0 && resolve());
        http.close(closed);
        https?.close(closed);
        http.closeAllConnections();
        https?.closeAllConnections();
      });
      return closing;
    },
  };
}
