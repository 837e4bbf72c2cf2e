/** The package's version, as `groups-mock --version` and the banner print it. */
import { readFileSync } from 'node:fs';
import { projectFile } from '../engine/util/project-files.js';

export function version(): string {
  return (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string }).version;
}
