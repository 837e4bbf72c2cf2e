/**
 * The docs link into each other (the README into docs/, pages into pages and their sections): every
 * relative link names a file that exists, and an anchor a heading that page has (GitHub's slugs),
 * so that moving a section cannot leave a reader at a dead link. The README stays short.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docPages } from './pages.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

describe('docs links', () => {
  it('GitHub slugs: punctuation and backquotes dropped', () => {
    expect(slug('`proxy`: every exchange checked, both ways')).toBe('proxy-every-exchange-checked-both-ways');
    expect(slug('The `Prefer` header')).toBe('the-prefer-header');
    expect(slug('ManageEngine MDM')).toBe('manageengine-mdm');
  });

  it('every relative link of every page reaches a file, and a heading of it', () => {
    const broken: string[] = [];
    for (const page of docPages()) {
      const text = page.text.replace(/^```[\s\S]*?^```$/gm, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path ? join(ROOT, dirname(page.file), path) : join(ROOT, page.file);
        if (!existsSync(file)) broken.push(`${page.file}: ${target} (no ${relative(ROOT, file)})`);
        else if (anchor && !anchorsOf(readFileSync(file, 'utf8')).has(anchor))
          broken.push(`${page.file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README fits a five-minute read: at most 250 lines', () => {
    expect(docPages()[0]!.text.split('\n').length).toBeLessThanOrEqual(250);
  });
});
