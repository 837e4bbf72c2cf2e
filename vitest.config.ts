import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from './test/hang-guard.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The system tier (vitest.system.config.ts) starts real Redis, HAProxy, Chromium: not here.
    exclude: ['test/**/*.system.test.ts', '**/node_modules/**'],
    // Hang guards, not speed checks (test/hang-guard.ts): a loaded machine must not fail a test.
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    // CI has two cores; the conformance suite starts Prism processes of its own.
    maxWorkers: 2,
    // Test files share a worker's modules (compiled specs, Ajv validators): import time drops from
    // ~34 s to ~5 s on two cores. Per-file checks live in setupFiles, which runs for every file.
    isolate: false,
    setupFiles: ['test/setup.ts'],
    // On CI, also a machine-readable report: .ci/run prints its closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest/report.json' }]] : ['default'],
  },
});
