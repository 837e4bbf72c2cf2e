/**
 * Paths of the project's own files (specs, fixtures), wherever the checkout is — and whether the
 * code runs from `src/` (through tsx) or from the build in `dist/src/` (one level deeper).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this file with the project's package.json and specs. */
function findRoot(): URL {
  for (let up = '../../../'; up.length < 40; up += '../') {
    const dir = new URL(up, import.meta.url);
    if (existsSync(new URL('package.json', dir)) && existsSync(new URL('openapi/', dir))) return dir;
  }
  throw new Error(`groups-mock: cannot find the project folder above ${fileURLToPath(import.meta.url)}`);
}

const ROOT = findRoot();

/** `projectFile('openapi/kazoo.yaml')` → the absolute path of that file in this checkout. */
export function projectFile(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}
