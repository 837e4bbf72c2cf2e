#!/usr/bin/env node
// The `groups-mock` command. It runs the build in dist/ (made by `npm ci` / `npm install` through
// the `prepare` script: plain JavaScript starts in a fraction of the time tsx needs to transpile
// every file), unless there is none or a file under src/ is newer than it — then, as in
// development, the TypeScript sources through tsx, so an edit is never hidden by a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist/src/cli.js', root);

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const fresh =
  process.env.GROUPS_MOCK_FROM_SOURCE !== '1' &&
  existsSync(built) &&
  statSync(built).mtimeMs >= newestUnder(new URL('src/', root));
if (fresh) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
