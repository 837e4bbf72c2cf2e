/**
 * The Express app over a runtime: each API's pipeline at `/<name>`, the control plane at
 * `/__admin`, the web console at `/__ui`, and a JSON 404 for everything else.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type Express } from 'express';
import { adminGuard, type AdminGuardOptions } from './admin/guard.js';
import { createAdminRouter } from './admin/index.js';
import { CONSOLE_PATH, createConsoleRouter } from './admin/console-files.js';
import { createApiHandler } from './pipeline/index.js';
import {
  mockRefusals,
  plainRefusals,
  refusalOf,
  requestLineOf,
  writeRawReply,
  type RefusalRenderer,
  type RefusedRequest,
} from './pipeline/transport-refusals.js';
import type { FaultStore } from './qa/faults/store.js';
import type { Journal } from './qa/journal/ring.js';
import { Runtime, type RuntimeOptions, type Violation } from './runtime.js';
import type { LoadedApi } from './spec/compiled.js';
import type { NamespaceStore } from './state/namespaces.js';
import { acceptAbsoluteForm } from './util/request-target.js';

export { loadApi, type Violation } from './runtime.js';
export interface AppOptions extends RuntimeOptions {
  /** Who may use `/__admin` (see admin/guard.ts); loopback-only, token-free by default. */
  admin?: AdminGuardOptions;
}

export interface MockServer {
  app: Express;
  runtime: Runtime;
  store: NamespaceStore;
  apis: Map<string, LoadedApi>;
  /** Responses of ours that broke a spec since start (bounded). */
  violations: Violation[];
  faults: FaultStore;
  journal: Journal;
}

export function createMockServer(opts: AppOptions): MockServer {
  const runtime = new Runtime(opts);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // `GET http://host/path` (a client that takes the mock for its proxy): the host is the target's (RFC 9112 §3.2.2).
  app.use(acceptAbsoluteForm);
  app.use('/__admin', adminGuard(opts.admin ?? {}), createAdminRouter(runtime, { console: CONSOLE_PATH }));
  // The web console (admin/console-files.ts): its files under the admin plane's Host and cross-site checks.
  app.use('/__ui', createConsoleRouter(opts.admin ?? {}));
  for (const api of runtime.apis.values()) app.use(`/${api.module.name}`, createApiHandler(runtime, api));
  // `GET /`: where to go — a browser to the console, anything else a JSON list of the APIs, the admin API and the console.
  app.get('/', (req, res) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html') return res.redirect(302, CONSOLE_PATH);
    res.json({
      name: 'groups-mock',
      apis: [...runtime.apis.keys()].map((n) => `/${n}`),
      admin: '/__admin',
      console: CONSOLE_PATH,
    });
  });
  app.use((req, res) => {
    res
      .status(404)
      .json({ error: `no API at ${req.path}`, apis: [...runtime.apis.keys()].map((n) => `/${n}`), admin: '/__admin' });
  });
  return {
    app,
    runtime,
    store: runtime.store,
    apis: runtime.apis,
    violations: runtime.violations,
    faults: runtime.faults,
    journal: runtime.journal,
  };
}

/**
 * Node refuses some requests before Express sees them (a request line and headers over 16 KB, bytes
 * that are not HTTP/1.1, a method its parser does not know) and by default answers with an empty
 * body; a `CONNECT` it drops without a word. Here each gets an answer (see
 * pipeline/transport-refusals.ts) — the mock's in the envelope of the API the request names, by
 * default plain JSON — and the connection is closed. A refusal in the middle of a request whose
 * answer has begun (a broken chunk of its body) can only close the connection.
 */
export function answerClientErrors(server: Server, render: RefusalRenderer = plainRefusals()): void {
  // The last request of each connection: a parse error before its body has all arrived is about it.
  const last = new WeakMap<Duplex, ServerResponse>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => last.set(req.socket, res));
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const open = last.get(socket);
    const inBody = open && !open.req.complete ? open : undefined;
    // Its answer has begun (or is out): a second one would corrupt the stream.
    if (inBody?.headersSent) return void socket.destroy();
    // Its target as sent: Express rewrites `req.url` below a mount path and keeps the original.
    const request: RefusedRequest = inBody
      ? {
          method: inBody.req.method,
          target: (inBody.req as { originalUrl?: string }).originalUrl ?? inBody.req.url,
          headers: inBody.req.headers,
        }
      : requestLineOf((err as { rawPacket?: Buffer }).rawPacket);
    writeRawReply(socket, render(request, refusalOf(err, request)));
  });
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    writeRawReply(socket, render({ method: req.method, target: req.url, headers: req.headers }, { kind: 'method' }));
  });
}

/**
 * Listens with the engine's socket-level answers in place; rejects (before any output) when the port is taken.
 * `handler` is the app unless the caller puts something in front of it (the CA route of engine/tls).
 */
export function listen(
  server: MockServer,
  port: number,
  host: string,
  handler: RequestListener = server.app,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const http = createServer(handler).listen(port, host);
    answerClientErrors(http, mockRefusals(server.runtime));
    http.once('listening', () => resolve(http));
    http.once('error', reject);
  });
}
