/**
 * Every registered vendor has a demo module (src/apis/<name>/demo.ts) for its own API, whose login
 * works against the mock with the demo tenant's credentials and fails with a LoginError on wrong
 * ones; and the demo tenant's secrets are written in the demo modules only — the contract tester,
 * the bench, the fuzz suite and the tests' vendor clients take them from there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vendors } from '../../src/apis/index.js';
import { demoCredentials, LoginError } from '../../src/engine/kit/demo.js';
import { demoLogin, testServer } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('vendor demo modules', () => {
  it('each registered vendor has one, for its own API, with demo credentials', () => {
    for (const { module, demo } of vendors) {
      expect(demo.api).toBe(module.name);
      expect(Object.keys(demoCredentials(demo)).length, module.name).toBeGreaterThan(0);
    }
  });

  it('logs in to the mock with the demo credentials, and names the step on wrong ones', async () => {
    const server = testServer();
    for (const { demo } of vendors) {
      const login = await demoLogin(server, demo.api);
      expect(Object.keys(login.headers).length, demo.api).toBeGreaterThan(0);
      expect(login.secrets.length, demo.api).toBeGreaterThan(0);
      // A flow that calls the API refuses a wrong secret (static tokens are only checked on use).
      if (demo.authOperations.length === 0) continue;
      const wrong = Object.fromEntries(
        Object.entries(demoCredentials(demo)).map(([k, v]) => [k, /password|secret|key/i.test(k) ? `${v}-x` : v]),
      );
      await expect(demoLogin(server, demo.api, { credentials: wrong }), demo.api).rejects.toThrow(LoginError);
    }
  });

  it('the demo secrets are written in the demo modules only (src/, bench/, the vendor clients, fuzz logins)', () => {
    const secrets = vendors.flatMap(({ demo }) => [
      ...Object.entries(demo.fields)
        .filter(([k, f]) => f.demo !== '' && /password|secret|key|token/i.test(k))
        .map(([, f]) => f.demo),
      ...demo.secrets,
    ]);
    expect(secrets).toContain('demo-app-secret');
    const scanned = [
      ...files(join(ROOT, 'src')).filter((f) => !/\/generated\/|\/apis\/[^/]+\/demo\.ts$/.test(f)),
      ...files(join(ROOT, 'bench')),
      ...files(join(ROOT, 'test')).filter((f) => /-client\.ts$|\/fuzz\/logins\.ts$/.test(f)),
    ];
    const found = scanned.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return secrets.filter((s) => text.includes(s)).map((s) => `${relative(ROOT, file)}: ${s}`);
    });
    expect(found).toEqual([]);
  });
});
