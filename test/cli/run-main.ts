/**
 * `groups-mock ARGS…` in process, for the checks that need no server: main() as the bin calls it,
 * with what it prints and the exit code it asks for captured (process.exit stubbed). Each spawn
 * of the real bin costs most of a second of module loading; the bin itself is tested apart
 * (bin.system.test.ts, and every test that starts a server through it).
 */
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export async function runMain(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    stdout += `${a.join(' ')}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    stderr += `${a.join(' ')}\n`;
  });
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Exit(code ?? 0);
  }) as never);
  const before = process.exitCode;
  try {
    await main(argv, env);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } catch (err) {
    if (err instanceof Exit) return { status: err.code, stdout, stderr };
    throw err;
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
    exit.mockRestore();
  }
}
