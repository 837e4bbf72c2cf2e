/**
 * How long a test, a hook or a wait inside a test may take before it is taken for hung. It is a
 * guard against hangs, never an assertion about speed: tests run on loaded machines (CI's two
 * cores, a laptop building something else, other suites beside them), where a step that takes 2 s
 * alone takes 20. Speed is measured in `npm run bench`. Every time limit of the suite — vitest's
 * own timeouts, a child's banner, Prism's start — is this one bound, so none is tighter than it.
 */
export const HANG_GUARD_MS = 5 * 60_000;
