/**
 * The files a docs page asks the reader to write: each fenced block whose first line is a comment
 * naming the file (`// kazoo-client.ts: …`, `// tsconfig.json`), by name — and the ```sh blocks, in
 * order, for the commands around them. The tests write those files as they are and run those
 * commands, so a page that drifts from what works fails a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function fences(page: string): Array<{ lang: string; body: string }> {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** `{ 'kazoo-client.ts': '…', 'tsconfig.json': '…' }`: the page's named files. */
export function docFiles(page: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { body } of fences(page)) {
    const name = /^\/\/ ([\w./-]+\.(?:ts|mts|mjs|js|cjs|json))\b/.exec(body)?.[1];
    if (!name) continue;
    if (Object.hasOwn(out, name)) throw new Error(`${page}: two blocks are ${name}`);
    out[name] = body;
  }
  return out;
}

/** One named file of a page; throws when the page has none of that name. */
export function docFile(page: string, name: string): string {
  const file = docFiles(page)[name];
  if (file === undefined) throw new Error(`${page}: no block starting "// ${name}"`);
  return file;
}

/** The page's ```sh blocks, in order. */
export function shBlocks(page: string): string[] {
  return fences(page)
    .filter((f) => f.lang === 'sh')
    .map((f) => f.body);
}
