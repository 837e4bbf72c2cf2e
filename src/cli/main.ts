/**
 * `groups-mock <command>`: `serve` (the mock), `list` (each API's operations), `contract` (a live
 * server against a spec), `proxy` (a validating proxy); `--help` and `--version`, and
 * `<command> --help` for each command's own options.
 * Every message is `groups-mock: …` on stderr; a usage error exits 2 and names that command's usage
 * (not every command's options), a failure to start exits 1. Before a command runs, the
 * `GROUPS_MOCK_*` variables no command reads are named on stderr (env-names.ts).
 *
 * Short options follow Prism: `-p` is the port and `-h` the host, so help is `--help` only; `-v` is
 * Prism's verbosity — `serve -v error` sets the request log's level, as `prism mock -v error` does —
 * so the version is `--version` only. A Prism user's muscle memory then does what it did there,
 * rather than printing a version where they asked for a quieter log.
 */
import { allApis } from '../apis/index.js';
import { contract, CONTRACT_FLAGS, contractUsage } from './contract.js';
import { unknownEnvWarnings, type CommandEnv } from './env-names.js';
import { ENV_PREFIX, SERVE_FLAGS, UsageError } from './flags.js';
import { LIST_FLAGS, listOperations, listUsage } from './list.js';
import { proxy, PROXY_FLAGS, proxyUsage } from './proxy.js';
import { serve, serveUsage } from './serve.js';
import { version } from './version.js';

interface Command {
  usage(): string;
  /** The command's exit code when it finishes by itself (serve and proxy run until a signal). */
  // biome-ignore lint/suspicious/noConfusingVoidType: serve and proxy return nothing (they run until a signal), list and contract an exit code
  run(args: string[], env: NodeJS.ProcessEnv): Promise<number | void> | number | void;
}

const COMMANDS: Record<string, Command> = {
  serve: { usage: serveUsage, run: serve },
  list: { usage: listUsage, run: listOperations },
  contract: { usage: contractUsage, run: contract },
  proxy: { usage: proxyUsage, run: proxy },
};

/** Every command's environment variables, for the warning about the ones nobody reads. */
const COMMAND_ENV: CommandEnv[] = [
  { command: 'serve', prefix: ENV_PREFIX.serve, flags: SERVE_FLAGS },
  { command: 'list', prefix: ENV_PREFIX.list, flags: LIST_FLAGS },
  { command: 'contract', prefix: ENV_PREFIX.contract, flags: CONTRACT_FLAGS },
  { command: 'proxy', prefix: ENV_PREFIX.proxy, flags: PROXY_FLAGS },
];

export const USAGE = `usage: groups-mock serve [options]     serve every API (or --api …) with its demo tenant
       groups-mock list [--api A,B]      print each API's operations
       groups-mock contract --api A --base-url URL [options]   check a live server against the spec
       groups-mock proxy --api A --upstream URL [options]   a validating proxy in front of a server
       groups-mock --version | --help

groups-mock <command> --help lists the command's options; each is also an environment variable
(serve: GROUPS_MOCK_<NAME>; list, contract, proxy: GROUPS_MOCK_<COMMAND>_<NAME>) and a key of --config.
As in Prism, -p is the port, -h the host and -v the log level (serve -v error).

APIs: ${allApis.map((a) => a.name).join(', ')}`;

/** The first lines of a usage text: the synopsis, up to its first blank line. */
const synopsis = (usage: string) => usage.split('\n\n')[0]!;

function fail(message: string, code: 1 | 2, command?: string): never {
  const usage =
    code === 2
      ? command
        ? `${synopsis(COMMANDS[command]!.usage())}\n(groups-mock ${command} --help lists every option)`
        : USAGE
      : '';
  console.error(`groups-mock: ${message}${usage ? `\n\n${usage}` : ''}`);
  process.exit(code);
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === 'help') {
    const about = rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]]! : undefined;
    console.log(about ? about.usage() : USAGE);
    return;
  }
  if (first === '--version' || first === 'version') {
    console.log(version());
    return;
  }
  if (!Object.hasOwn(COMMANDS, first)) {
    if (first === '-v') fail("-v is the log level, as Prism's verbosity (serve -v error); the version is --version", 2);
    if (first === '-h') fail('-h is the host, as in Prism (serve -h 0.0.0.0); help is --help', 2);
    fail(`unknown command "${first}"`, 2);
  }
  const command = COMMANDS[first]!;
  if (rest.includes('--help')) {
    console.log(command.usage());
    return;
  }
  if (rest.includes('--version')) {
    console.log(version());
    return;
  }
  for (const warning of unknownEnvWarnings(env, COMMAND_ENV)) console.error(`groups-mock: warning: ${warning}`);
  try {
    const code = await command.run(rest, env);
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    if (err instanceof UsageError) fail(err.message, 2, first);
    fail(`cannot start: ${(err as Error).message}`, 1);
  }
}
