/**
 * `groups-mock <command>`: `serve` (the mock), `list` (each API's operations), `contract` (a live
 * server against a spec), `proxy` (a validating proxy), `--help`, `--version`.
 * Every message is `groups-mock: …` on stderr; a usage error exits 2 (with the usage), a failure to
 * start exits 1.
 */
import { allApis } from '../apis/index.js';
import { contract, contractUsage } from './contract.js';
import { SERVE_FLAGS, UsageError, describeFlags, envName } from './flags.js';
import { listOperations } from './list.js';
import { proxy, proxyUsage } from './proxy.js';
import { serve } from './serve.js';
import { version } from './version.js';

export const USAGE = `usage: groups-mock serve [options]     serve every API (or --api …) with its demo tenant
       groups-mock list [--api A,B]      print each API's operations
       groups-mock contract --api A --base-url URL [options]   check a live server against the spec (contract --help)
       groups-mock proxy --api A --upstream URL [options]   a validating proxy in front of a server (proxy --help)
       groups-mock --version | --help

serve options (each also an environment variable GROUPS_MOCK_<NAME>, e.g. ${envName('port')}, and a key of --config):
${describeFlags(SERVE_FLAGS)}

APIs: ${allApis.map((a) => a.name).join(', ')}`;

function fail(message: string, code: 1 | 2): never {
  console.error(`groups-mock: ${message}${code === 2 ? `\n\n${USAGE}` : ''}`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // The commands with options of their own explain them.
  const own: Record<string, () => string> = { contract: contractUsage, proxy: proxyUsage };
  if (command !== undefined && Object.hasOwn(own, command) && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(own[command]!());
    return;
  }
  if (
    command === undefined ||
    command === 'help' ||
    command === '--help' ||
    command === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    console.log(USAGE);
    return;
  }
  if (command === '--version' || command === '-v' || command === 'version' || rest.includes('--version')) {
    console.log(version());
    return;
  }
  try {
    if (command === 'serve') return await serve(rest, process.env);
    if (command === 'list') return listOperations(rest, process.env);
    if (command === 'proxy') return await proxy(rest, process.env);
    if (command === 'contract') {
      process.exitCode = await contract(rest, process.env);
      return;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError) fail(err.message, 2);
    fail(`cannot start: ${(err as Error).message}`, 1);
  }
}
