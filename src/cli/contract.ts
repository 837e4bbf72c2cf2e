/**
 * `groups-mock contract`: checks a live server against one API's spec (src/contract/), or replays a
 * recorded HAR against it (`--replay`). Options as every command takes them (flags.ts): flag,
 * `GROUPS_MOCK_CONTRACT_<NAME>`, `--config`. Prints a progress line on stderr while it runs, then the summary
 * with a curl per failure; `--report` writes JUnit XML. Exit 0: no failure, 1: failures (or the
 * target could not be logged in to), 2: a usage error.
 */
import { writeFileSync } from 'node:fs';
import { allApis } from '../apis/index.js';
import { contractApi, type ContractApi } from '../contract/api-spec.js';
import { ALL_CHECKS, type CheckName } from '../contract/checks.js';
import { send, type WireRequest, type WireResponse } from '../contract/http.js';
import { ownNamespace } from '../contract/namespace.js';
import { answersAreTheMocks, detectTarget } from '../contract/target.js';
import { LoginError, loginFor, parseCredentials } from '../contract/logins/index.js';
import { contractJUnit, summary } from '../contract/report.js';
import { replayHar } from '../contract/replay.js';
import { runContract } from '../contract/runner.js';
import { describeFlags, ENV_PREFIX, envName, resolveFlags, UsageError, type FlagSpec } from './flags.js';

export const CONTRACT_FLAGS: FlagSpec[] = [
  {
    name: 'api',
    kind: 'string',
    value: 'NAME',
    help: `the API whose spec the server implements (${allApis.map((a) => a.name).join(', ')})`,
  },
  {
    name: 'base-url',
    kind: 'string',
    value: 'URL',
    help: "the API's base URL on the server under test (e.g. http://127.0.0.1:4010/kazoo)",
  },
  {
    name: 'auth-header',
    kind: 'multi',
    value: "'H: V'",
    help: 'a credential header sent with every request (repeatable); left out by ignored_auth, never printed',
  },
  {
    name: 'other-tenant-auth-header',
    kind: 'multi',
    value: "'H: V'",
    help: "another tenant's credential header (repeatable): ignored_auth checks it cannot reach this tenant's resources",
  },
  {
    name: 'header',
    kind: 'multi',
    value: "'H: V'",
    help: 'another header sent with every request (repeatable), e.g. X-Mock-Namespace',
  },
  {
    name: 'login',
    kind: 'string',
    value: 'CREDENTIALS',
    implicit: 'demo',
    help: 'run the API\'s auth flow first: "demo" (the mock\'s demo tenant; the default) or key=value,… (see below)',
  },
  { name: 'report', kind: 'string', value: 'FILE', help: 'write a JUnit XML report there' },
  {
    name: 'seed',
    kind: 'integer',
    value: 'N',
    default: '1',
    min: 0,
    help: 'seed of the generated requests: the same seed sends the same requests',
  },
  {
    name: 'max-examples',
    kind: 'integer',
    value: 'N',
    default: '10',
    min: 0,
    max: 10000,
    help: 'generated requests per operation, after its documented examples',
  },
  { name: 'checks', kind: 'list', value: 'C,C', help: `checks to run (default all): ${ALL_CHECKS.join(', ')}` },
  { name: 'operations', kind: 'list', value: 'ID,ID', help: 'only these operationIds' },
  { name: 'exclude-operations', kind: 'list', value: 'ID,ID', help: 'not these operationIds' },
  {
    name: 'require-coverage',
    kind: 'boolean',
    help: 'fail when an operation never reached a documented success (2xx) with a real answer',
  },
  {
    name: 'destructive',
    kind: 'boolean',
    help: 'also make deletes with example and generated ids (default: delete only what the run created)',
  },
  {
    name: 'max-failures',
    kind: 'integer',
    value: 'N',
    min: 1,
    help: 'stop after N distinct failures (the clean-up still runs)',
  },
  {
    name: 'rate-limit',
    kind: 'string',
    value: 'N/s',
    help: "at most N requests a second (e.g. 10/s); a 429's Retry-After is waited out and the request made again",
  },
  {
    name: 'max-response-time',
    kind: 'integer',
    value: 'MS',
    min: 1,
    help: 'max_response_time: an answer slower than MS milliseconds fails',
  },
  {
    name: 'replay',
    kind: 'string',
    value: 'FILE.har',
    help: 'replay a HAR (GET /__admin/requests?format=har) instead of generating requests',
  },
  { name: 'timeout', kind: 'integer', value: 'MS', default: '10000', min: 1, help: 'time allowed for each answer' },
  {
    name: 'config',
    kind: 'string',
    value: 'FILE',
    help: 'a JSON file of these options ({"api": "kazoo", "baseUrl": "…", "maxExamples": 20})',
  },
];

const loginHelp = () =>
  allApis
    .map((a) => {
      const l = loginFor(a.name);
      return `  ${a.name}: ${
        l
          ? Object.entries(l.fields)
              .map(([k, f]) => `${k}${f.optional ? '?' : ''} (${f.help})`)
              .join(', ')
          : 'no --login'
      }`;
    })
    .join('\n');

export const contractUsage = () => `usage: groups-mock contract --api NAME --base-url URL [options]
       groups-mock contract --replay session.har --base-url URL [--api NAME] [options]

Sends requests generated from the spec (its examples, then schema-valid values), follows the spec's
links (create → read → change → delete → read again), and checks every answer; exit 1 on any failure.

options (each also an environment variable ${ENV_PREFIX.contract}<NAME>, e.g. ${envName('base-url', ENV_PREFIX.contract)}, and a key of --config):
${describeFlags(CONTRACT_FLAGS)}

--login fields:
${loginHelp()}`;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `'Name: value'` → [name, value]; refuses what is no header (a newline would smuggle a second one). */
export function parseHeader(text: string, flag: string): [string, string] {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (colon < 1 || !HEADER_NAME.test(name))
    throw new UsageError(`--${flag} must be 'Name: value', not ${JSON.stringify(text)}`);
  if (/[\r\n\0]/.test(value)) throw new UsageError(`--${flag} ${name}: the value may not hold a line break`);
  return [name, value];
}

const headersOf = (list: unknown, flag: string) =>
  Object.fromEntries(((list as string[] | undefined) ?? []).map((h) => parseHeader(h, flag)));

function baseUrlOf(raw: unknown): string {
  if (typeof raw !== 'string')
    throw new UsageError("--base-url is required (the API's base URL on the server under test)");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL, not ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--base-url must be an http(s) URL, not ${JSON.stringify(raw)}`);
  if (url.search || url.hash) throw new UsageError('--base-url takes no query or fragment');
  return raw.replace(/\/+$/, '');
}

function apiOf(name: unknown): ContractApi {
  const known = allApis.map((a) => a.name);
  if (typeof name !== 'string') throw new UsageError(`--api is required: one of ${known.join(', ')}`);
  const mod = allApis.find((a) => a.name === name);
  if (!mod) throw new UsageError(`unknown api ${JSON.stringify(name)}; known: ${known.join(', ')}`);
  return contractApi(mod);
}

function otherTenant(f: Record<string, unknown>): Record<string, string> | undefined {
  const h = headersOf(f['other-tenant-auth-header'], 'other-tenant-auth-header');
  return Object.keys(h).length ? h : undefined;
}

function rateOf(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*s)?$/.exec(String(raw).trim());
  const n = m ? Number(m[1]) : Number.NaN;
  if (!(n > 0)) throw new UsageError(`--rate-limit must be requests a second, like 10/s, not ${JSON.stringify(raw)}`);
  return n;
}

function checksOf(list: unknown): Set<CheckName> {
  const wanted = (list as string[] | undefined) ?? [...ALL_CHECKS];
  const unknown = wanted.filter((c) => c !== 'all' && !(ALL_CHECKS as readonly string[]).includes(c));
  if (unknown.length) throw new UsageError(`unknown check(s) ${unknown.join(', ')}; known: ${ALL_CHECKS.join(', ')}`);
  return new Set(wanted.includes('all') ? ALL_CHECKS : (wanted as CheckName[]));
}

/** A progress line: rewritten in place on a terminal, one line per step otherwise (CI logs). */
function progressWriter(stream: NodeJS.WriteStream) {
  return (done: number, total: number, label: string, failures: number) => {
    const line = `[${done}/${total}] ${label}${failures ? ` — ${failures} failure(s) so far` : ''}`;
    if (stream.isTTY) stream.write(`\r\x1b[2K${line}${done === total ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}

/** Logs in when `--login` asks, else the credential headers as given. */
async function credentials(
  api: ContractApi,
  f: Record<string, unknown>,
  baseUrl: string,
  headers: Record<string, string>,
  timeoutMs: number,
) {
  const auth = headersOf(f['auth-header'], 'auth-header');
  const prelude: Array<{ request: WireRequest; response: WireResponse }> = [];
  if (f.login === undefined) return { auth, params: {} as Record<string, string>, prelude };
  const login = loginFor(api.name);
  if (!login) throw new UsageError(`--login: no login flow for ${api.name}; give --auth-header instead`);
  let creds: Record<string, string>;
  try {
    creds = parseCredentials(login, f.login as string);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // The login's own requests are real exchanges of the auth flow's operations: checked and counted like the run's.
  const result = await login.login(
    {
      baseUrl,
      headers,
      send: async (r) => {
        const response = await send(r, api.codec, timeoutMs);
        prelude.push({ request: r, response });
        return response;
      },
    },
    creds,
  );
  return { auth: { ...result.headers, ...auth }, params: result.params ?? {}, prelude };
}

/** Runs the command; the exit code. */
export async function contract(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const f = resolveFlags(args, env, CONTRACT_FLAGS, ENV_PREFIX.contract);
  const baseUrl = baseUrlOf(f['base-url']);
  const headers = headersOf(f.header, 'header');
  const timeoutMs = f.timeout as number;
  const progress = progressWriter(process.stderr);
  try {
    if (f.replay !== undefined) {
      const result = await replayHar({
        file: f.replay as string,
        apiName: f.api as string | undefined,
        baseUrl,
        headers,
        timeoutMs,
        authFor: (api) => credentials(api, f, baseUrl, headers, timeoutMs),
        onProgress: (done, total, label, r) => progress(done, total, label, r.failures.length),
      });
      console.log(
        summary(`${result.api.name} (replay of ${f.replay})`, baseUrl, result.results, Object.keys(result.auth)),
      );
      if (f.report) writeFileSync(f.report as string, contractJUnit(result.api.name, baseUrl, result.results));
      return result.results.failed ? 1 : 0;
    }
    const api = apiOf(f.api);
    const checks = checksOf(f.checks);
    const operations = f.operations as string[] | undefined;
    const unknownOps = (operations ?? []).filter((o) => !api.spec.byId.has(o));
    if (unknownOps.length)
      throw new UsageError(
        `unknown operation(s) ${unknownOps.join(', ')} of ${api.name}; known: ${[...api.spec.byId.keys()].join(', ')}`,
      );
    const excluded = f['exclude-operations'] as string[] | undefined;
    const unknownExcluded = (excluded ?? []).filter((o) => !api.spec.byId.has(o));
    if (unknownExcluded.length)
      throw new UsageError(`--exclude-operations: unknown operation(s) ${unknownExcluded.join(', ')} of ${api.name}`);
    const rateLimit = rateOf(f['rate-limit']);
    const target = await detectTarget(baseUrl, Math.min(timeoutMs, 5000));
    // Against the mock with --login and no namespace: a namespace of the run's own, reset at the end,
    // so that the demo tenant everyone else sees is left as it was.
    const own = await ownNamespace(target, f.login !== undefined, headers, f.seed as number, timeoutMs);
    try {
      const { auth, params, prelude } = await credentials(api, f, baseUrl, own.headers, timeoutMs);
      const results = await runContract({
        api,
        baseUrl,
        auth,
        otherTenantAuth: otherTenant(f),
        headers: own.headers,
        seed: f.seed as number,
        maxExamples: f['max-examples'] as number,
        checks,
        target: answersAreTheMocks(target) ? 'mock' : target.kind,
        known: params,
        runLast: loginFor(api.name)?.authOperations,
        operations,
        excludeOperations: excluded,
        destructive: f.destructive === true,
        requireCoverage: f['require-coverage'] === true,
        maxFailures: f['max-failures'] as number | undefined,
        rateLimit,
        maxResponseTimeMs: f['max-response-time'] as number | undefined,
        prelude,
        timeoutMs,
        onProgress: (done, total, label, r) => progress(done, total, label, r.failures.length),
      });
      const where = own.namespace ? `${baseUrl} (namespace ${own.namespace}, reset at the end)` : baseUrl;
      console.log(summary(api.name, where, results, Object.keys(auth), target.kind));
      if (f.report) writeFileSync(f.report as string, contractJUnit(api.name, baseUrl, results));
      return results.failed ? 1 : 0;
    } finally {
      await own.release();
    }
  } catch (err) {
    if (err instanceof LoginError) {
      console.error(`groups-mock: cannot log in to ${baseUrl}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
