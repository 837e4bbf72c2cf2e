/**
 * The `groups-mock` command (see cli/main.ts for the commands and cli/flags.ts for the options).
 *
 * @example
 *   groups-mock serve --port 4010 --api kazoo --seed 7
 */
import { main } from './cli/main.js';

await main(process.argv.slice(2));
