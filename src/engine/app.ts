/**
 * The Express app over a runtime: each API's pipeline at `/<name>`, the control plane at
 * `/__admin`, and a JSON 404 for everything else.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type Express } from 'express';
import { adminGuard, type AdminGuardOptions } from './admin/guard.js';
import { createAdminRouter } from './admin/index.js';
import { createApiHandler } from './pipeline/index.js';
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
  app.use('/__admin', adminGuard(opts.admin ?? {}), createAdminRouter(runtime));
  for (const api of runtime.apis.values()) app.use(`/${api.module.name}`, createApiHandler(runtime, api));
  app.use((req, res) => {
    res.status(404).json({ error: `no API at ${req.path}`, apis: [...runtime.apis.keys()].map((n) => `/${n}`), admin: '/__admin' });
  });
  return { app, runtime, store: runtime.store, apis: runtime.apis, violations: runtime.violations, faults: runtime.faults, journal: runtime.journal };
}

/**
 * Node refuses some requests before Express sees them (headers over 16 KB, a malformed request
 * line) and by default answers with an empty body. Clients and proxies get a small JSON answer
 * instead — 431 for oversized headers, 400 otherwise — and the connection is closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET')) return void socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({ error: tooLarge ? 'request headers too large' : 'malformed HTTP request', code: err.code ?? 'unknown' });
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** Listens with the engine's socket-level answers in place; rejects (before any output) when the port is taken. */
export function listen(server: MockServer, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const http = server.app.listen(port, host);
    answerClientErrors(http);
    http.once('listening', () => resolve(http));
    http.once('error', reject);
  });
}
