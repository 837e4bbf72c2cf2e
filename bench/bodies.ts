/**
 * `npm run bench`, part `bodies` (issue 21): what one expensive request costs, itself and everyone
 * else. Each 1 MB body shape of test/engine/pipeline/request-cost.test.ts (which holds their cost linear, as
 * a ratio) is sent back to back on one connection from the load generator's own process, for its
 * absolute latency (target: p50 under 100 ms). Then the read of the first vendor, 10 connections,
 * alone and beside a stream of the most expensive of those bodies: how long an expensive request
 * delays the others. Node answers one request at a time, so a read may wait for one body in
 * progress, never for a queue of them (target: its p99 beside the stream within its p99 alone plus
 * the body's own p99).
 *
 * @example
 *   BENCH_PARTS=bodies BENCH_SECONDS=1 BENCH_WARMUP=0 npm run bench   # a smoke run
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, type LoadResult, type Server } from './procs.js';
import type { BodiesResult, Measurement } from './report.js';
import type { Send, Step, VendorScenarios } from './scenarios/types.js';

const MEGABYTE = 1_000_000;
const KAZOO_GROUPS = '/kazoo/v2/accounts/de000000000000000000000000000001/groups';

/** `unit` repeated as JSON array items, about `size` characters in all. */
const items = (unit: string, size: number) =>
  Array.from({ length: Math.floor(size / (unit.length + 1)) }, () => unit).join(',');

interface Shape {
  name: string;
  api: string;
  method: string;
  path: string;
  body: string;
  status: number;
  /** Sent with the vendor's bench credentials. */
  authenticated: boolean;
}

function shapes(): Shape[] {
  const wide: string[] = [];
  for (let size = 0, i = 0; size < MEGABYTE - 40; i++) size += wide[wide.push(`"e${i}":0`) - 1]!.length + 1;
  return [
    {
      name: 'one issue per value, refused (ThingSpace create, no credentials)',
      api: 'thingspace',
      method: 'POST',
      path: '/thingspace/api/m2m/v1/groups',
      body: `{"accountName":"0000123456-00001","groupName":"g","groupDescription":"d","devicesToAdd":[${items('0', MEGABYTE)}]}`,
      status: 401,
      authenticated: false,
    },
    {
      name: 'one issue per value, answered (MDM create)',
      api: 'mdm',
      method: 'POST',
      path: '/mdm/api/v1/mdm/groups',
      body: `{"name":"g","group_type":6,"member_ids":[${items('0', MEGABYTE)}]}`,
      status: 400,
      authenticated: true,
    },
    {
      name: 'one issue per value, answered (Kazoo create, flags)',
      api: 'kazoo',
      method: 'PUT',
      path: KAZOO_GROUPS,
      body: `{"data":{"name":"g","endpoints":{},"flags":[${items('0', MEGABYTE)}]}}`,
      status: 400,
      authenticated: true,
    },
    {
      name: 'deep: values nested 200 levels (Kazoo create)',
      api: 'kazoo',
      method: 'PUT',
      path: KAZOO_GROUPS,
      body: `{"data":{"name":"g","endpoints":{},"flags":[${items(`${'['.repeat(200)}0${']'.repeat(200)}`, MEGABYTE)}]}}`,
      status: 400,
      authenticated: true,
    },
    {
      name: 'wide: a key per value (Kazoo create)',
      api: 'kazoo',
      method: 'PUT',
      path: KAZOO_GROUPS,
      body: `{"data":{"name":"g","endpoints":{${wide.join(',')}}}}`,
      status: 400,
      authenticated: true,
    },
    {
      name: 'one long string (Kazoo create, name)',
      api: 'kazoo',
      method: 'PUT',
      path: KAZOO_GROUPS,
      body: JSON.stringify({ data: { name: 'n'.repeat(MEGABYTE - 40), endpoints: {} } }),
      status: 400,
      authenticated: true,
    },
    {
      name: 'one issue per value, refused (Plaspy update, no credentials)',
      api: 'plaspy',
      method: 'PATCH',
      path: '/plaspy/api/groups/grp-123',
      body: `[${items('0', MEGABYTE)}]`,
      status: 401,
      authenticated: false,
    },
  ];
}

export interface BodiesDeps {
  mock: Server;
  send: Send;
  vendors: VendorScenarios[];
  tmp: string;
  seconds: number;
  warmupSeconds: number;
  log(line: string): void;
  summarize(label: string, server: string, runs: LoadResult[]): Measurement;
}

export async function bodiesPart(deps: BodiesDeps): Promise<BodiesResult> {
  const { mock, send, tmp, log } = deps;
  const reset = async () => {
    const r = await send('POST', '/__admin/reset');
    if (r.status !== 200) throw new Error(`reset failed: ${r.text}`);
  };
  await reset();
  const auth = new Map<string, Record<string, string>>();
  const authOf = async (api: string) => {
    if (!auth.has(api)) {
      const v = deps.vendors.find((x) => x.api === api);
      if (!v) throw new Error(`bench bodies: no scenarios for ${api}`);
      auth.set(api, await v.login(send));
    }
    return auth.get(api)!;
  };
  const all = shapes().filter((s) => deps.vendors.some((v) => v.api === s.api));
  const result: BodiesResult = { shapes: [] };
  const steps = new Map<string, Step>();
  for (const [i, s] of all.entries()) {
    const file = join(tmp, `body-${i}.json`);
    writeFileSync(file, s.body);
    const step: Step = {
      method: s.method,
      path: s.path,
      headers: s.authenticated ? await authOf(s.api) : {},
      bodyFile: file,
      status: s.status,
    };
    steps.set(s.name, step);
    // One connection, back to back: the latency of one such request on a server doing nothing else.
    const run = await load({
      url: mock.url,
      connections: 1,
      seconds: deps.seconds,
      warmupSeconds: deps.warmupSeconds,
      steps: [step],
    });
    const m = deps.summarize(s.name, 'groups-mock', [run]);
    result.shapes.push({ name: s.name, api: s.api, bytes: Buffer.byteLength(s.body), measurement: m });
    log(
      `  ${s.name.padEnd(62)} ${(Buffer.byteLength(s.body) / 1e6).toFixed(2)} MB  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  errors ${m.errors}`,
    );
  }
  // The others: the first vendor's read, alone, then beside a stream of the most expensive body.
  const worst = [...result.shapes].sort((a, b) => b.measurement.p50 - a.measurement.p50)[0];
  const reader = deps.vendors[0];
  if (worst && reader) {
    await reset();
    auth.clear();
    const read = reader.read(await reader.login(send));
    const heavy = steps.get(worst.name)!;
    if (heavy.headers && Object.keys(heavy.headers).length) heavy.headers = await authOf(worst.api);
    const job = {
      url: mock.url,
      connections: 10,
      seconds: deps.seconds,
      warmupSeconds: deps.warmupSeconds,
      steps: [read],
    };
    const alone = await load(job);
    const [beside, stream] = await Promise.all([
      load({ ...job, warmupSeconds: 0 }),
      load({ url: mock.url, connections: 1, seconds: deps.seconds, warmupSeconds: 0, steps: [heavy] }),
    ]);
    result.delay = {
      api: reader.api,
      heavy: worst.name,
      alone: deps.summarize('read, alone', 'groups-mock', [alone]),
      beside: deps.summarize('read, beside a stream of 1 MB bodies', 'groups-mock', [beside]),
      heavyBeside: deps.summarize(`${worst.name}, beside the reads`, 'groups-mock', [stream]),
    };
    const d = result.delay;
    log(
      `  ${reader.api} read alone p50 ${d.alone.p50} / p99 ${d.alone.p99} ms; beside ${worst.name}: p50 ${d.beside.p50} / p99 ${d.beside.p99} ms (the body: p99 ${d.heavyBeside.p99} ms)`,
    );
  }
  await reset();
  return result;
}
