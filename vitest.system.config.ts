/**
 * The system tier (`npm run test:system`): tests that start real components — Redis, HAProxy,
 * Chromium, the packed tarball, TLS clients, every docs snippet. Files end in `.system.test.ts`;
 * `npm test` never runs them. A test whose tool is missing fails and says how to install it.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.system.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each file starts servers of its own; two cores on CI.
    maxWorkers: 2,
    fileParallelism: true,
    setupFiles: ['test/setup.ts'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest/system-report.json' }]] : ['default'],
  },
});
