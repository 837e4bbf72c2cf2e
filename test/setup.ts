/**
 * Runs in every test file (vitest `setupFiles`), also with `isolate: false` where test files share
 * modules: a response of ours that broke its spec is our bug, and fails the test that caused it.
 */
import { afterEach, expect } from 'vitest';
import { takeServers } from './helpers.js';

afterEach(() => {
  const broken = takeServers().flatMap((s) => s.violations.splice(0));
  expect(broken, 'responses that broke the spec').toEqual([]);
});
