/**
 * The system tier (`npm run test:system`): tests that start real components — Redis, HAProxy,
 * Chromium, the packed tarball, TLS clients, every docs snippet. Files end in `.system.test.ts`;
 * `npm test` never runs them. A test whose tool is missing fails and says how to install it.
 */
import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from './test/hang-guard.js';

export default defineConfig({
  test: {
    include: ['test/**/*.system.test.ts'],
    // Hang guards, not speed checks (test/hang-guard.ts), as in `npm test`.
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    // Each file starts servers of its own; two cores on CI.
    maxWorkers: 2,
    fileParallelism: true,
    setupFiles: ['test/setup.ts'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest/system-report.json' }]] : ['default'],
  },
});
