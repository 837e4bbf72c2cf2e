/**
 * The options of `groups-mock serve`, declared once: each is a command-line flag, an environment
 * variable (`GROUPS_MOCK_<NAME>`) and a key of the `--config` file, as Prism and WireMock users
 * expect. Precedence, lowest first: default, config file, environment, command line.
 *
 * @example
 *   GROUPS_MOCK_PORT=4020 groups-mock serve --config groups-mock.json --log-format json
 */
import { readFileSync } from 'node:fs';

export class UsageError extends Error {}

/**
 * `multi`: given any number of times (`--auth-header A --auth-header B`); one per line in the environment, an array in the config file.
 * `boolean`: `--strict` alone (or `--strict=false`), `GROUPS_MOCK_STRICT=1|true|0|false`, `"strict": true` in the config file.
 */
type Kind = 'string' | 'integer' | 'list' | 'multi' | 'boolean';

export interface FlagSpec {
  name: string;
  kind: Kind;
  value?: string;
  help: string;
  default?: string;
  /** One of these (for `string`). */
  choices?: string[];
  /** Bounds (for `integer`). */
  min?: number;
  max?: number;
  /** The value of the flag given alone (`--login` means `--login demo`). */
  implicit?: string;
}

export const SERVE_FLAGS: FlagSpec[] = [
  {
    name: 'port',
    kind: 'integer',
    value: 'N',
    default: '4010',
    min: 0,
    max: 65535,
    help: 'port to listen on (0: any free port)',
  },
  {
    name: 'host',
    kind: 'string',
    value: 'ADDR',
    default: '127.0.0.1',
    help: 'address to listen on; beyond loopback the admin API needs --admin-token',
  },
  { name: 'api', kind: 'list', value: 'A,B', help: 'serve only these APIs (default: all)' },
  {
    name: 'fixtures',
    kind: 'string',
    value: 'DIR',
    help: 'folder of <api>.json demo tenants replacing the built-in ones',
  },
  { name: 'seed', kind: 'integer', value: 'N', default: '1', help: 'seed of ids, tokens and fake data' },
  {
    name: 'clock',
    kind: 'string',
    value: 'ISO-TIME',
    help: 'freeze the engine clock at this time (ISO 8601 with Z or an offset: 2026-03-01T10:00:00Z); it then moves only through the admin API',
  },
  {
    name: 'delay',
    kind: 'string',
    value: 'MS',
    help: 'latency added to every request of every API (ms, "250ms", "2s")',
  },
  {
    name: 'fault-file',
    kind: 'string',
    value: 'FILE',
    help: 'a JSON array of fault rules (as POST /__admin/faults takes them) in force from the start',
  },
  {
    name: 'journal-size',
    kind: 'integer',
    value: 'N',
    min: 0,
    help: 'requests the journal keeps per namespace (default 1000; 0 keeps none)',
  },
  {
    name: 'journal-bytes',
    kind: 'integer',
    value: 'BYTES',
    min: 0,
    help: 'bytes the journal keeps across namespaces (default 268435456 = 256 MiB)',
  },
  {
    name: 'max-namespaces',
    kind: 'integer',
    value: 'N',
    min: 1,
    help: 'namespaces kept at once (default 1000); past it the least recently used one is reset',
  },
  {
    name: 'admin-token',
    kind: 'string',
    value: 'TOKEN',
    help: 'token every /__admin call must send (Authorization: Bearer or X-Admin-Token); required beyond loopback',
  },
  {
    name: 'allowed-hosts',
    kind: 'list',
    value: 'H,H',
    help: 'Host names the admin API answers for besides loopback and IP addresses ("*": any)',
  },
  {
    name: 'log-level',
    kind: 'string',
    value: 'LEVEL',
    default: 'info',
    choices: ['silent', 'error', 'info', 'debug'],
    help: 'request log: error only our own spec violations, info one line per request, debug adds the User-Agent',
  },
  {
    name: 'log-format',
    kind: 'string',
    value: 'FORMAT',
    default: 'pretty',
    choices: ['pretty', 'json'],
    help: 'request log lines for people (pretty) or for tools (json, pino)',
  },
  {
    name: 'strict',
    kind: 'boolean',
    implicit: 'true',
    default: 'false',
    help: "refuse query parameters an operation does not take (400, in the vendor's words); by default they are accepted, ignored and journaled as warnings",
  },
  {
    name: 'config',
    kind: 'string',
    value: 'FILE',
    help: 'a JSON file of these options ({"port": 4020, "api": ["kazoo"], ...})',
  },
];

export type FlagValue = string | number | boolean | string[];
export type ResolvedFlags = Record<string, FlagValue | undefined>;

export const envName = (flag: string) => `GROUPS_MOCK_${flag.toUpperCase().replace(/-/g, '_')}`;
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Text of one option, from any source, checked and typed. */
function coerce(spec: FlagSpec, raw: unknown, where: string): FlagValue {
  switch (spec.kind) {
    case 'integer': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      const range = `${spec.min !== undefined ? ` ≥ ${spec.min}` : ''}${spec.max !== undefined ? ` and ≤ ${spec.max}` : ''}`;
      if (
        !Number.isSafeInteger(n) ||
        (spec.min !== undefined && n < spec.min) ||
        (spec.max !== undefined && n > spec.max)
      ) {
        throw new UsageError(`${where} must be an integer${range}, not ${JSON.stringify(raw)}`);
      }
      return n;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new UsageError(`${where} must be true or false (1 or 0), not ${JSON.stringify(raw)}`);
    }
    case 'multi': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split('\n') : undefined;
      if (!items || !items.every((i) => typeof i === 'string'))
        throw new UsageError(`${where} must be a list of strings, not ${JSON.stringify(raw)}`);
      return items.map((i) => i.trim()).filter(Boolean);
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
      if (!items || !items.every((i) => typeof i === 'string'))
        throw new UsageError(`${where} must be a comma-separated list, not ${JSON.stringify(raw)}`);
      return items.map((i) => i.trim()).filter(Boolean);
    }
    default: {
      const text = typeof raw === 'number' ? String(raw) : raw;
      if (typeof text !== 'string') throw new UsageError(`${where} must be a string, not ${JSON.stringify(raw)}`);
      if (spec.choices && !spec.choices.includes(text))
        throw new UsageError(`${where} must be one of ${spec.choices.join(', ')}, not ${JSON.stringify(text)}`);
      return text;
    }
  }
}

/** `--name value`, `--name=value`; `--help`/`-h` and `--version` are answered by the caller. */
function parseArgv(args: string[], flags: FlagSpec[]): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = flags.find((f) => f.name === name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (out.has(name) && spec.kind !== 'multi') throw new UsageError(`--${name} given more than once`);
    const alone =
      eq < 0 &&
      (spec.kind === 'boolean' ||
        args[i + 1] === undefined ||
        (spec.implicit !== undefined && args[i + 1]!.startsWith('--')));
    if (alone && spec.implicit === undefined)
      throw new UsageError(`--${name} needs a value (${spec.value ?? 'VALUE'})`);
    const value = alone ? spec.implicit! : eq < 0 ? args[++i]! : arg.slice(eq + 1);
    out.set(name, spec.kind === 'multi' ? [...((out.get(name) as string[] | undefined) ?? []), value] : value);
  }
  return out;
}

function readConfig(file: string, flags: FlagSpec[]): Map<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--config ${file}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`--config ${file}: must hold a JSON object of options`);
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(parsed)) {
    const spec = flags.find((f) => f.name === key || camel(f.name) === key);
    if (!spec || spec.name === 'config')
      throw new UsageError(
        `--config ${file}: unknown option "${key}"; known: ${flags
          .filter((f) => f.name !== 'config')
          .map((f) => f.name)
          .join(', ')}`,
      );
    out.set(spec.name, value);
  }
  return out;
}

/** Every option's value after defaults, config file, environment and command line. */
export function resolveFlags(args: string[], env: NodeJS.ProcessEnv, flags: FlagSpec[] = SERVE_FLAGS): ResolvedFlags {
  const cli = parseArgv(args, flags);
  const configFile = (cli.get('config') as string | undefined) ?? env[envName('config')];
  const config = configFile ? readConfig(configFile, flags) : new Map<string, unknown>();
  const out: ResolvedFlags = {};
  for (const spec of flags) {
    const fromEnv = env[envName(spec.name)];
    if (cli.has(spec.name)) out[spec.name] = coerce(spec, cli.get(spec.name), `--${spec.name}`);
    else if (fromEnv !== undefined && fromEnv !== '') out[spec.name] = coerce(spec, fromEnv, envName(spec.name));
    else if (config.has(spec.name))
      out[spec.name] = coerce(spec, config.get(spec.name), `--config ${configFile}: ${spec.name}`);
    else if (spec.default !== undefined) out[spec.name] = coerce(spec, spec.default, `--${spec.name}`);
  }
  return out;
}

/** The options part of `--help`. */
export function describeFlags(flags: FlagSpec[] = SERVE_FLAGS): string {
  const rows = flags.map((f) => [
    `  --${f.name}${f.value ? (f.implicit !== undefined ? ` [${f.value}]` : ` ${f.value}`) : ''}${f.kind === 'multi' ? ' …' : ''}`,
    `${f.help}${f.default !== undefined ? ` (default ${f.default})` : ''}${f.choices ? ` [${f.choices.join('|')}]` : ''}`,
  ]);
  const width = Math.max(...rows.map(([l]) => l!.length)) + 2;
  return rows.map(([l, r]) => `${l!.padEnd(width)}${r}`).join('\n');
}
