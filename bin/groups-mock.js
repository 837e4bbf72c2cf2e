#!/usr/bin/env node
// The `groups-mock` command. It runs the build in dist/: made by `npm ci` in a checkout (the
// `prepare` script) and shipped in the package, it starts in a fraction of the time tsx needs to
// transpile every file.
//
// The TypeScript sources run instead (through tsx) only in a checkout — where src/cli.ts exists; the
// package ships src/generated/ alone, so an installed copy never looks for sources it does not have
// — and there only when the build is missing, older than a file under src/ (an edit is never hidden
// by a stale build), or GROUPS_MOCK_FROM_SOURCE=1 asks for them. File times cannot decide anything
// in an installed package: its files unpack in any order (src/generated/*.ts after dist/).
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist/src/cli.js', root);
const checkout = existsSync(new URL('src/cli.ts', root));

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const fromSource =
  checkout &&
  (process.env.GROUPS_MOCK_FROM_SOURCE === '1' ||
    !existsSync(built) ||
    statSync(built).mtimeMs < newestUnder(new URL('src/', root)));
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
} else if (existsSync(built)) {
  await import(built.href);
} else {
  console.error(
    `groups-mock: no build at ${built.pathname}: this copy of the package is incomplete (reinstall it, or run \`npm run build\` in a checkout)`,
  );
  process.exit(1);
}
