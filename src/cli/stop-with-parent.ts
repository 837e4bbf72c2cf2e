/**
 * Started through npm (`npx groups-mock serve &`, `npm start &`), the command runs under npm and the
 * `sh -c` that npm spawns for it. A SIGTERM to that npm — `kill $!` in a CI script — ends npm and the
 * shell but never reaches this process, which then serves on with no parent, holding its port (and
 * the proxy never writes its report). So when npm started the command, it watches its parent and,
 * once that is gone, stops as it stops on SIGTERM. Started any other way (`node …/groups-mock.js`,
 * `nohup`, a `( … &)` that lets its shell exit), the parent may go and the command stays.
 *
 * @example
 *   stopWithParent(() => stop('SIGTERM'));
 */

/** How often the parent is looked at: a stopped `npx` ends its server within this. */
const EVERY_MS = 200;

export function stopWithParent(stop: () => void, env: NodeJS.ProcessEnv = process.env): void {
  // npm sets these for the commands it runs (`npm exec`/`npx`, `npm run`, `npm start`).
  if (env.npm_command === undefined && env.npm_lifecycle_event === undefined) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, EVERY_MS);
  // Never what keeps the process alive.
  timer.unref();
}
