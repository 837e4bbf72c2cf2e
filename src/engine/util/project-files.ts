/** Paths of the project's own files (specs, fixtures), wherever the checkout is. */
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../../', import.meta.url);

/** `projectFile('openapi/kazoo.yaml')` → the absolute path of that file in this checkout. */
export function projectFile(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}
