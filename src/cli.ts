/**
 * The `groups-mock` command.
 *
 * @example
 *   groups-mock serve --port 4010 --api kazoo --seed 7
 */
import { parseArgs } from 'node:util';
import { allApis } from './apis/index.js';
import { createMockServer } from './engine/app.js';

const USAGE = `usage: groups-mock serve [--port 4010] [--host 127.0.0.1] [--api kazoo,...] [--fixtures DIR] [--seed N] [--clock ISO-TIME]

  --port      port to listen on (default 4010)
  --host      address to listen on (default 127.0.0.1)
  --api       comma-separated APIs to serve (default: all of ${allApis.map((a) => a.name).join(', ')})
  --fixtures  folder of <api>.json demo tenants replacing the built-in ones
  --seed      seed of ids, tokens and fake data (default 1)
  --clock     freeze the clock at this time (ISO 8601); it then moves only through the admin API`;

function fail(message: string): never {
  console.error(`groups-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

export function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command !== 'serve') fail(`unknown command "${command}"`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        api: { type: 'string' },
        fixtures: { type: 'string' },
        seed: { type: 'string', default: '1' },
        clock: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${values.port}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, not "${values.seed}"`);
  const wanted = values.api ? values.api.split(',').map((s) => s.trim()).filter(Boolean) : allApis.map((a) => a.name);
  const unknown = wanted.filter((n) => !allApis.some((a) => a.name === n));
  if (unknown.length) fail(`unknown api ${unknown.join(', ')}; known: ${allApis.map((a) => a.name).join(', ')}`);
  let clockStart: number | undefined;
  if (values.clock) {
    clockStart = Date.parse(values.clock);
    if (Number.isNaN(clockStart)) fail(`--clock must be an ISO 8601 time, not "${values.clock}"`);
  }
  const apis = allApis.filter((a) => wanted.includes(a.name));
  let server;
  try {
    server = createMockServer({ apis, seed, fixturesDir: values.fixtures, clockMode: clockStart === undefined ? 'system' : 'fixed', clockStart });
  } catch (err) {
    console.error(`groups-mock: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const listener = server.app.listen(port, values.host, () => {
    const addr = listener.address();
    const base = `http://${values.host}:${typeof addr === 'object' && addr ? addr.port : port}`;
    console.log(`groups-mock listening on ${base}`);
    for (const api of apis) {
      console.log(`\n  ${api.title}\n  ${base}/${api.name}`);
      for (const line of api.describe()) console.log(`    ${line}`);
    }
    console.log(`\n  admin: ${base}/__admin/health`);
  });
  listener.on('error', (err) => {
    console.error(`groups-mock: cannot listen on ${values.host}:${port}: ${err.message}`);
    process.exit(1);
  });
  const stop = () => listener.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2));
