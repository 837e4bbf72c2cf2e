/** `groups-mock list [--api A,B]`: each API's operations as the spec declares them, method and path under the mount prefix. */
import { allApis } from '../apis/index.js';
import { compileSpec } from '../engine/spec/compiled.js';
import { ENV_PREFIX, UsageError, describeFlags, envName, resolveFlags, type FlagSpec } from './flags.js';

export const LIST_FLAGS: FlagSpec[] = [{ name: 'api', kind: 'list', value: 'A,B', help: 'only these APIs' }];

export const listUsage = () => `usage: groups-mock list [--api A,B]

Prints each API's operations as its spec declares them: operationId, method and path under the mock.

options (each also an environment variable ${ENV_PREFIX.list}<NAME>, e.g. ${envName('api', ENV_PREFIX.list)}):
${describeFlags(LIST_FLAGS)}`;

export function listOperations(args: string[], env: NodeJS.ProcessEnv): void {
  const flags = resolveFlags(args, env, LIST_FLAGS, ENV_PREFIX.list);
  const wanted = (flags.api as string[] | undefined) ?? allApis.map((a) => a.name);
  const unknown = wanted.filter((n) => !allApis.some((a) => a.name === n));
  if (unknown.length)
    throw new UsageError(`unknown api ${unknown.join(', ')}; known: ${allApis.map((a) => a.name).join(', ')}`);
  for (const mod of allApis.filter((a) => wanted.includes(a.name))) {
    const { spec } = compileSpec(mod.specFile, mod.name);
    console.log(`${mod.name} — ${mod.title} (${spec.operations.length} operations)`);
    const width = Math.max(...spec.operations.map((o) => o.operationId.length));
    for (const op of spec.operations)
      console.log(
        `  ${op.operationId.padEnd(width)}  ${op.method.toUpperCase().padEnd(6)} /${mod.name}${op.pathTemplate}`,
      );
    console.log('');
  }
}
