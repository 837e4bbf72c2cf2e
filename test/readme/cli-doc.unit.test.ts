/**
 * docs/cli.md is the reference of every command and option: each option a command takes has a row
 * in that command's section, so a new flag cannot land undocumented (nor a removed one linger).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FLAGS } from '../../src/cli/contract.js';
import { SERVE_FLAGS, type FlagSpec } from '../../src/cli/flags.js';
import { LIST_FLAGS } from '../../src/cli/list.js';
import { PROXY_FLAGS } from '../../src/cli/proxy.js';

const PAGE = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

/** The option names in the table rows of the `## \`<command>\`` section. */
function documented(command: string): string[] {
  const section = PAGE.split(/^## /m).find((s) => s.startsWith(`\`${command}\``));
  if (!section) throw new Error(`docs/cli.md: no section ## \`${command}\``);
  const rows = section.split('\n').filter((l) => l.startsWith('| `-'));
  return rows.flatMap((r) => [...r.split('|')[1]!.matchAll(/`--([a-z-]+)/g)].map((m) => m[1]!));
}

describe('docs/cli.md', () => {
  const commands: Array<[string, FlagSpec[]]> = [
    ['serve', SERVE_FLAGS],
    ['list', LIST_FLAGS],
    ['contract', CONTRACT_FLAGS],
    ['proxy', PROXY_FLAGS],
  ];
  for (const [command, flags] of commands) {
    it(`documents every option of ${command}, and no other`, () => {
      expect(documented(command).sort()).toEqual(flags.map((f) => f.name).sort());
    });
  }
});
