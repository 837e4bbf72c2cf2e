/**
 * The `GROUPS_MOCK_*` variables nobody reads: a misspelt `GROUPS_MOCK_PROT`, or a proxy option given
 * the mock's name (`GROUPS_MOCK_UPSTREAM` for `GROUPS_MOCK_PROXY_UPSTREAM`), would otherwise be
 * ignored without a word. Each command warns about them on stderr, naming the variable it most
 * likely meant. A variable of another command is no mistake (one CI job sets the mock's and the
 * proxy's) and is left alone.
 *
 * @example
 *   unknownEnvWarnings({ GROUPS_MOCK_PROT: '4020' }, commands)
 *   // → ['GROUPS_MOCK_PROT is not a variable of any command, ignored (did you mean GROUPS_MOCK_PORT?)']
 */
import { envName, type FlagSpec } from './flags.js';

export interface CommandEnv {
  command: string;
  prefix: string;
  flags: FlagSpec[];
}

/**
 * Variables read outside the options: the bin's (bin/groups-mock.js), and those of the HAProxy
 * config shipped for replicas (deploy/haproxy/groups-mock.cfg), which an operator may export in the
 * shell the mock starts from.
 */
const OTHER_KNOWN = [
  'GROUPS_MOCK_FROM_SOURCE',
  'GROUPS_MOCK_HAPROXY_BIND',
  'GROUPS_MOCK_HAPROXY_STATS',
  'GROUPS_MOCK_REPLICA_1',
  'GROUPS_MOCK_REPLICA_2',
];

/** Edit distance, for typos. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export function unknownEnvWarnings(env: NodeJS.ProcessEnv, commands: CommandEnv[]): string[] {
  const known = new Map<string, string>();
  for (const c of commands) for (const f of c.flags) known.set(envName(f.name, c.prefix), c.command);
  for (const name of OTHER_KNOWN) known.set(name, 'bin');
  const warnings: string[] = [];
  for (const name of Object.keys(env)
    .filter((n) => n.startsWith('GROUPS_MOCK_'))
    .sort()) {
    if (known.has(name)) continue;
    // The same option under another command's prefix (GROUPS_MOCK_UPSTREAM → GROUPS_MOCK_PROXY_UPSTREAM) …
    const rest = commands
      .reduce(
        (r, c) => (r.startsWith(c.prefix) && c.prefix.length > 'GROUPS_MOCK_'.length ? r.slice(c.prefix.length) : r),
        name,
      )
      .replace(/^GROUPS_MOCK_/, '');
    const sameOption = commands.flatMap((c) =>
      c.flags.filter((f) => envName(f.name, '') === rest).map((f) => envName(f.name, c.prefix)),
    );
    // … or a typo of a known name.
    const close = [...known.keys()]
      .map((k) => [k, distance(name, k)] as const)
      .filter(([, d]) => d <= 2)
      .sort((a, b) => a[1] - b[1])
      .map(([k]) => k);
    const meant = [...new Set([...sameOption, ...close])].slice(0, 3);
    warnings.push(
      `${name} is not a variable of any command, ignored${meant.length ? ` (did you mean ${meant.join(' or ')}?)` : ''}`,
    );
  }
  return warnings;
}
