import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The system tier (vitest.system.config.ts) starts real Redis, HAProxy, Chromium: not here.
    exclude: ['test/**/*.system.test.ts', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
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
