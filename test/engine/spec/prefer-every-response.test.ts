/**
 * `Prefer` through the whole pipeline, for every operation of every API: each documented status
 * (`code=`), each named example (`code=, example=`) and a generated body (`dynamic=true, seed=7`)
 * answer with that status and a body that fits the spec — the harness (test/setup.ts) fails the test
 * on any reply that broke its spec, which the send stage would have turned into a 500 (issue 21,
 * item 6: Bold's `Prefer: dynamic=true, seed=7` was a 500 on get, list and update). Each operation is
 * sent a valid request (the contract tester's first case from the spec's own examples), so that the
 * preference is what answers it. Many seeds: dynamic-bodies.property.unit.test.ts and the fuzz suite.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { contractApi } from '../../../src/contract/api-spec.js';
import { casesFor, toWire } from '../../../src/contract/cases.js';
import { listen } from '../../../src/engine/app.js';
import { testServer } from '../../helpers.js';
import { LOGINS } from '../../fuzz/logins.js';
import { DEMO as KAZOO_ACCOUNT } from '../../apis/kazoo/kazoo-client.js';
import { basic } from '../../apis/thingspace/thingspace-client.js';

/** The README's seed, for each operation's success response (the property test runs many seeds without HTTP). */
const DYNAMIC_SEED = 7;

/** Path values the spec's examples cannot know (the account a Kazoo login is in). */
const KNOWN: Record<string, Record<string, string>> = { kazoo: { ACCOUNT_ID: KAZOO_ACCOUNT } };

/** Operations whose credentials are not the demo login's headers: ThingSpace's token call takes the app's key and secret. */
const OWN_CREDENTIALS: Record<string, Record<string, string>> = {
  getOAuthToken: { Authorization: basic('demo-app-key', 'demo-app-secret') },
};

function send(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(allApis.map((m) => [m.name, m] as const))('Prefer answers every documented response: %s', (name, mod) => {
  it('each status, each named example, and a generated success body: that status, a body that fits the spec', async () => {
    const server = testServer({ apis: [mod] });
    const login = await LOGINS[name]!(server, 'prefer');
    const capi = contractApi(mod);
    const http = await listen(server, 0, '127.0.0.1');
    const port = (http.address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const wrong: string[] = [];
    let sent = 0;
    try {
      for (const op of capi.spec.operations) {
        const [first] = await casesFor(capi, op, { seed: 1, maxExamples: 3, known: KNOWN[name] });
        expect(first, `${op.operationId}: no valid request from the spec`).toBeDefined();
        const credentials = OWN_CREDENTIALS[op.operationId] ?? login.headers;
        const wire = toWire(capi, first!, `/${name}`, { ...credentials, 'X-Mock-Namespace': 'prefer' });
        const ask = async (prefer: string, status: number) => {
          sent++;
          const res = await send(port, agent, wire.method, wire.url, { ...wire.headers, Prefer: prefer }, wire.body);
          if (res.status !== status)
            wrong.push(`${op.operationId} Prefer: ${prefer} → ${res.status} ${res.body.slice(0, 300)}`);
        };
        for (const response of op.responses.values()) {
          const status = Number(response.status);
          await ask(`code=${status}`, status);
          for (const example of Object.keys(response.examples)) await ask(`code=${status}, example=${example}`, status);
        }
        const success = [...op.responses.keys()].filter((s) => s.startsWith('2')).sort()[0];
        if (success) await ask(`dynamic=true, seed=${DYNAMIC_SEED}`, Number(success));
      }
    } finally {
      agent.destroy();
      http.close();
    }
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(capi.spec.operations.length * 3);
  });
});
