/**
 * The options of the commands, each declared once: a command-line flag (some with Prism's short
 * form: `-p` port, `-h` host, `-v` the log level), an environment variable and a key of the
 * `--config` file, as Prism and WireMock users expect. Precedence, lowest first: default, config
 * file, environment, command line. Each command reads its own variables only — `serve`'s are
 * `GROUPS_MOCK_<NAME>`, the others' `GROUPS_MOCK_<COMMAND>_<NAME>` — so that `GROUPS_MOCK_PORT`, set
 * for the mock, never moves the proxy. `serve`'s options are here; each other command's beside it.
 *
 * @example
 *   GROUPS_MOCK_PORT=4020 groups-mock serve --config groups-mock.json --log-format json
 *   GROUPS_MOCK_PROXY_UPSTREAM=https://sandbox.example.com groups-mock proxy --api kazoo -p 4021
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
  /** A one-letter form (`p` for `-p 4010`), where Prism has one. */
  short?: string;
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

/**
 * Where the state lives and how many processes serve it (docs/team-scale.md): the in-memory store
 * of one process is the default; a shared Redis store and several workers are designed, not yet
 * built, and refused as such (store.ts).
 */
export const STORE_FLAGS: FlagSpec[] = [
  {
    name: 'store',
    kind: 'string',
    value: 'STORE',
    default: 'memory',
    help: 'where the state lives: memory (this process; the default). redis://host:port/db is designed (docs/team-scale.md), not yet available',
  },
  {
    name: 'workers',
    kind: 'integer',
    value: 'N',
    default: '1',
    min: 1,
    max: 64,
    help: 'processes sharing the port; above 1 needs a shared store, so the in-memory store refuses it',
  },
];

/**
 * HTTPS beside HTTP (`serve` and `proxy`): a TLS port, the user's certificate or the mock's own
 * (made in the data directory by a local CA name-constrained to the mock's names). See docs/https.md.
 */
export const TLS_FLAGS: FlagSpec[] = [
  {
    name: 'https-port',
    kind: 'integer',
    value: 'N',
    min: 0,
    max: 65535,
    help: 'serve HTTPS on this port too, beside HTTP (0: any free port); the CA to trust is at /__admin/tls/ca.pem',
  },
  {
    name: 'tls-cert',
    kind: 'string',
    value: 'FILE',
    help: 'a PEM certificate (chain) of your own for HTTPS, with --tls-key; otherwise the mock makes its own',
  },
  { name: 'tls-key', kind: 'string', value: 'FILE', help: 'the PEM private key of --tls-cert' },
  {
    name: 'tls-names',
    kind: 'list',
    value: 'A,B',
    help: "more names for the mock's own certificate (a phone on the LAN: the machine's LAN address or name); always: localhost, 127.0.0.1, ::1, 10.0.2.2 and --host",
  },
  {
    name: 'data-dir',
    kind: 'string',
    value: 'DIR',
    help: "where the mock's own CA and certificate are kept (default: groups-mock under the user's data home)",
  },
];

export const SERVE_FLAGS: FlagSpec[] = [
  {
    name: 'port',
    short: 'p',
    kind: 'integer',
    value: 'N',
    default: '4010',
    min: 0,
    max: 65535,
    help: 'port to listen on (0: any free port)',
  },
  {
    name: 'host',
    short: 'h',
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
    name: 'max-resources',
    kind: 'integer',
    value: 'N',
    min: 1,
    help: "resources (groups) each API keeps per namespace (default 200000); a create past it gets the vendor's 4xx, an import past it a 400 (docs/memory.md)",
  },
  {
    name: 'deleted-retention',
    kind: 'string',
    value: 'DURATION',
    help: 'how long soft-deleted documents (Kazoo groups) are kept on the namespace\'s clock before they are purged (default 24h, Crossbar\'s daily cleanup; from 1m to 30d: "6h", "2d")',
  },
  {
    name: 'max-deleted',
    kind: 'integer',
    value: 'N',
    min: 0,
    help: 'soft-deleted documents kept per API per namespace whatever the clock (default 10000); past it the oldest are purged',
  },
  {
    name: 'max-tokens',
    kind: 'integer',
    value: 'N',
    min: 1,
    help: 'live tokens or sessions kept per token map of a namespace (default 10000); past it the least recently used are forgotten',
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
    short: 'v',
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
  ...TLS_FLAGS,
  ...STORE_FLAGS,
  {
    name: 'config',
    kind: 'string',
    value: 'FILE',
    help: 'a JSON file of these options ({"port": 4020, "api": ["kazoo"], ...})',
  },
];

export type FlagValue = string | number | boolean | string[];
export type ResolvedFlags = Record<string, FlagValue | undefined>;

/** Where each command's environment variables start: `serve` has the short names, as the main command. */
export const ENV_PREFIX = {
  serve: 'GROUPS_MOCK_',
  list: 'GROUPS_MOCK_LIST_',
  contract: 'GROUPS_MOCK_CONTRACT_',
  proxy: 'GROUPS_MOCK_PROXY_',
} as const;

export const envName = (flag: string, prefix: string = ENV_PREFIX.serve) =>
  `${prefix}${flag.toUpperCase().replace(/-/g, '_')}`;
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
      if (!items?.every((i) => typeof i === 'string'))
        throw new UsageError(`${where} must be a list of strings, not ${JSON.stringify(raw)}`);
      return items.map((i) => i.trim()).filter(Boolean);
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
      if (!items?.every((i) => typeof i === 'string'))
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

/** What a short option a command does not take usually meant (Prism's `-h` is its host, its `-v` its verbosity). */
const SHORT_HINTS: Record<string, string> = { h: 'help is --help', v: 'the version is --version' };

/**
 * `--name value`, `--name=value`, and for an option with a short form `-p value`, `-p=value`,
 * `-pvalue`; `--help` and `--version` are answered by the caller.
 */
function parseArgv(args: string[], flags: FlagSpec[]): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let spec: FlagSpec | undefined;
    let shown: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      spec = flags.find((f) => f.name === name);
      if (!spec) throw new UsageError(`unknown option --${name}`);
      shown = `--${name}`;
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (/^-[A-Za-z]/.test(arg)) {
      const letter = arg[1]!;
      spec = flags.find((f) => f.short === letter);
      if (!spec)
        throw new UsageError(`unknown option -${letter}${SHORT_HINTS[letter] ? ` (${SHORT_HINTS[letter]})` : ''}`);
      shown = `-${letter}`;
      const rest = arg.slice(2);
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
    } else throw new UsageError(`unexpected argument "${arg}"`);
    const name = spec.name;
    if (out.has(name) && spec.kind !== 'multi') throw new UsageError(`--${name} given more than once`);
    const next = args[i + 1];
    const alone =
      inline === undefined &&
      (spec.kind === 'boolean' || next === undefined || (spec.implicit !== undefined && next.startsWith('-')));
    // A boolean alone is true (`--strict`); another kind alone takes its implicit value, or it needs one.
    const implicit = spec.implicit ?? (spec.kind === 'boolean' ? 'true' : undefined);
    if (alone && implicit === undefined) {
      const hint = spec.short && SHORT_HINTS[spec.short] ? `; ${SHORT_HINTS[spec.short]}` : '';
      throw new UsageError(`${shown} needs a value (${spec.value ?? 'VALUE'})${hint}`);
    }
    const value = alone ? implicit! : (inline ?? args[++i]!);
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
  return optionsOf(parsed as Record<string, unknown>, flags, `--config ${file}`);
}

/** The options of an object keyed by flag name (`journal-size`) or its camel case (`journalSize`), as the config file and `startMock` take them. */
function optionsOf(given: Record<string, unknown>, flags: FlagSpec[], where: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const spec = flags.find((f) => f.name === key || camel(f.name) === key);
    if (!spec || spec.name === 'config')
      throw new UsageError(
        `${where}: unknown option "${key}"; known: ${flags
          .filter((f) => f.name !== 'config')
          .map((f) => f.name)
          .join(', ')}`,
      );
    if (out.has(spec.name))
      throw new UsageError(`${where}: ${spec.name} given twice (as ${spec.name} and ${camel(spec.name)})`);
    out.set(spec.name, value);
  }
  return out;
}

/**
 * Every option's value from an object of options (the programmatic API's: `{ port: 0, api: ['kazoo'],
 * journalSize: 50 }`), checked as the command line checks them, with the same defaults. No
 * environment variable and no config file: code says what it wants.
 */
export function resolveOptions(
  given: Record<string, unknown>,
  flags: FlagSpec[] = SERVE_FLAGS,
  where = 'options',
): ResolvedFlags {
  const options = optionsOf(given, flags, where);
  const out: ResolvedFlags = {};
  for (const spec of flags) {
    if (options.has(spec.name)) out[spec.name] = coerce(spec, options.get(spec.name), `${where}.${camel(spec.name)}`);
    else if (spec.default !== undefined) out[spec.name] = coerce(spec, spec.default, `--${spec.name}`);
  }
  return out;
}

/** Every option's value after defaults, config file, environment (the variables starting with `envPrefix`) and command line. */
export function resolveFlags(
  args: string[],
  env: NodeJS.ProcessEnv,
  flags: FlagSpec[] = SERVE_FLAGS,
  envPrefix: string = ENV_PREFIX.serve,
): ResolvedFlags {
  const cli = parseArgv(args, flags);
  const configFile = (cli.get('config') as string | undefined) ?? env[envName('config', envPrefix)];
  const config = configFile ? readConfig(configFile, flags) : new Map<string, unknown>();
  const out: ResolvedFlags = {};
  for (const spec of flags) {
    const fromEnv = env[envName(spec.name, envPrefix)];
    if (cli.has(spec.name)) out[spec.name] = coerce(spec, cli.get(spec.name), `--${spec.name}`);
    else if (fromEnv !== undefined && fromEnv !== '')
      out[spec.name] = coerce(spec, fromEnv, envName(spec.name, envPrefix));
    else if (config.has(spec.name))
      out[spec.name] = coerce(spec, config.get(spec.name), `--config ${configFile}: ${spec.name}`);
    else if (spec.default !== undefined) out[spec.name] = coerce(spec, spec.default, `--${spec.name}`);
  }
  return out;
}

/** The options part of `--help`. */
export function describeFlags(flags: FlagSpec[] = SERVE_FLAGS): string {
  const shorts = flags.some((f) => f.short);
  const rows = flags.map((f) => [
    `  ${f.short ? `-${f.short}, ` : shorts ? '    ' : ''}--${f.name}${f.value ? (f.implicit !== undefined ? ` [${f.value}]` : ` ${f.value}`) : ''}${f.kind === 'multi' ? ' …' : ''}`,
    `${f.help}${f.default !== undefined ? ` (default ${f.default})` : ''}${f.choices ? ` [${f.choices.join('|')}]` : ''}`,
  ]);
  const width = Math.max(...rows.map(([l]) => l!.length)) + 2;
  return rows.map(([l, r]) => `${l!.padEnd(width)}${r}`).join('\n');
}
