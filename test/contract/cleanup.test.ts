/**
 * A contract run cleans up after itself: the docs' run against the mock (`--login`, no namespace)
 * works in a namespace of its own and resets it, so the demo tenant (`default`) is exactly as it was;
 * with a namespace given it stays there and deletes what it created, and nothing it did not create.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contract } from '../../src/cli/contract.js';
import { createMockServer, listen } from '../../src/engine/app.js';

let http: Server;
let root: string;

beforeAll(async () => {
  http = await listen(createMockServer({ apis: allApis, seed: 11 }), 0, '127.0.0.1');
  root = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => void http.close());

const state = async (api: string, ns = 'default') =>
  (await (await fetch(`${root}/__admin/state/${api}?namespace=${ns}`)).json()) as Record<string, unknown>;
const namespaces = async () =>
  ((await (await fetch(`${root}/__admin/health`)).json()) as { namespaces: string[] }).namespaces;

/** Runs the command in-process, its output kept. */
async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await contract(args, {}), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('contract cleans up', () => {
  for (const api of ['bold', 'kazoo', 'mdm']) {
    it(`${api}: the docs' run (--login, no namespace) leaves the demo tenant as it was`, async () => {
      const before = await state(api);
      const { code, out } = await run(['--api', api, '--base-url', `${root}/${api}`, '--login', '--max-examples', '2']);
      expect(out).toMatch(/namespace contract-1-[0-9a-f]+, reset at the end/);
      expect(code, out).toBe(0);
      expect(await state(api)).toEqual(before);
    });
  }

  it('with a namespace given: stays in it, and leaves no group it created behind', async () => {
    const ns = 'cleanup-given';
    await fetch(`${root}/bold/v1/device-groups`, {
      headers: { Authorization: 'Bearer demo-bold-admin-token', 'X-Mock-Namespace': ns },
    });
    const before = await state('bold', ns);
    const { code, out } = await run([
      '--api',
      'bold',
      '--base-url',
      `${root}/bold`,
      '--auth-header',
      'Authorization: Bearer demo-bold-admin-token',
      '--header',
      `X-Mock-Namespace: ${ns}`,
      '--max-examples',
      '2',
    ]);
    expect(code, out).toBe(0);
    expect(out).not.toMatch(/namespace contract-/);
    expect(await namespaces()).toContain(ns);
    const after = await state('bold', ns);
    // What the run made is gone again; what was there is still there.
    expect(Object.keys((after as any).groups ?? after).sort()).toEqual(
      Object.keys((before as any).groups ?? before).sort(),
    );
  });
});
