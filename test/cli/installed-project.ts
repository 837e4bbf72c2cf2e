/**
 * A project folder as `npm install groups-mock` leaves it, pointing at this checkout
 * (`node_modules/groups-mock` a link to it, its bin in `node_modules/.bin`), so that
 * `npx groups-mock …` runs there as it does for a user — without asking a registry.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Creates `<dir>/project`; returns its path. */
export function installedProject(dir: string): string {
  const project = join(dir, 'project');
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'docs-reader',
      private: true,
      type: 'module',
      devDependencies: { 'groups-mock': `file:${ROOT}` },
    }),
  );
  symlinkSync(ROOT, join(project, 'node_modules', 'groups-mock'), 'dir');
  symlinkSync('../groups-mock/bin/groups-mock.js', join(project, 'node_modules', '.bin', 'groups-mock'));
  return project;
}

/** npx finds the project's own groups-mock; it must never ask a registry, nor print notices. */
export const OFFLINE_NPM = {
  npm_config_offline: 'true',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
} as const;
