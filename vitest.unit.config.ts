/**
 * The unit tier (`npm run test:unit`): tests of pure modules — no sockets, no child processes, no
 * server — for feedback in seconds while editing. Files end in `.unit.test.ts`, next to the other
 * tests of their folder; `npm test` runs them too. test/unit-tier.unit.test.ts keeps them pure.
 */
import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from './test/hang-guard.js';

export default defineConfig({
  test: {
    include: ['test/**/*.unit.test.ts'],
    exclude: ['test/**/*.system.test.ts', '**/node_modules/**'],
    // Hang guards, not speed checks (test/hang-guard.ts), as in `npm test`.
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    maxWorkers: 2,
    // As in `npm test`: the files share a worker's modules (the specs are compiled once).
    isolate: false,
    // No setupFiles: test/setup.ts checks the servers a test started, and a unit test starts none.
  },
});
