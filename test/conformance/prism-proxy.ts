/**
 * Prism as an independent referee: `prism proxy <spec> <our server> --errors` forwards each request
 * to groups-mock and checks request and response against the spec with its own validator. A
 * response that breaks the spec comes back with an `sl-violations` header.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { HANG_GUARD_MS } from '../hang-guard.js';

const PRISM = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * `prism proxy <spec> <upstream>` on `port`, resolved once Prism says it listens (rejected if it
 * exits first, or hangs: test/hang-guard.ts); `extra` are more of Prism's flags (`--errors`).
 */
export function startPrismProxy(
  specFile: string,
  upstream: string,
  port: number,
  extra: string[] = [],
): Promise<ChildProcess> {
  const prism = spawn(PRISM, ['proxy', specFile, upstream, '--port', String(port), '--host', '127.0.0.1', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    // A hang guard only (test/hang-guard.ts): Prism starts slowly on a loaded machine.
    const timer = setTimeout(
      () => reject(new Error(`prism did not start in ${HANG_GUARD_MS / 1000} s:\n${log}`)),
      HANG_GUARD_MS,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve(prism);
      }
    };
    prism.stdout!.on('data', onData);
    prism.stderr!.on('data', onData);
    prism.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code}:\n${log}`));
    });
  });
}

export interface Referee {
  /** Prism's URL; paths after it are the vendor's own. */
  url: string;
  stop(): Promise<void>;
}

/** Serves `app` on an ephemeral port and puts a Prism proxy for `specFile` in front of `/<prefix>`. */
export async function refereeFor(app: Express, prefix: string, specFile: string): Promise<Referee> {
  const upstream: Server = app.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const upstreamPort = (upstream.address() as AddressInfo).port;
  const port = await freePort();
  const prism = await startPrismProxy(specFile, `http://127.0.0.1:${upstreamPort}/${prefix}`, port, ['--errors']);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      prism.removeAllListeners('exit');
      prism.kill('SIGTERM');
      await new Promise((r) => upstream.close(r));
    },
  };
}

export interface Exchange {
  status: number;
  body: any;
  violations: string | null;
}

/** Sends a JSON request through the referee. */
export async function call(
  ref: Referee,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Exchange> {
  const res = await fetch(`${ref.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    violations: res.headers.get('sl-violations'),
  };
}
