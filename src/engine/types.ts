/**
 * The contract between the vendor-agnostic engine and one vendor's module (`src/apis/<name>`).
 * Handler types are derived from openapi-typescript's `operations`, so a field renamed in a spec
 * breaks the build of the handler that uses it. Vendors do not import this file: they get all of
 * it, and `defineApi` to put it together, from `engine/kit`.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** What a handler, a security check or an error renderer answers. */
export interface MockReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/** Every documented (status, body) pair of an operation, as a discriminated union. */
export type ReplyOf<O> = O extends { responses: infer R }
  ? { [S in keyof R]: { status: S; body: JsonContent<R[S]>; headers?: Record<string, string> } }[keyof R]
  : never;

/** The documented JSON request body of an operation. */
export type BodyOf<O> = O extends { requestBody: { content: infer C } }
  ? C extends { 'application/json': infer B }
    ? B
    : C extends { 'application/x-www-form-urlencoded': infer F }
      ? F
      : never
  : O extends { requestBody?: { content: infer C } }
    ? (C extends { 'application/json': infer B } ? B : never) | undefined
    : undefined;

type Param<O, K extends string> = O extends { parameters: infer P }
  ? K extends keyof P
    ? NonNullable<P[K]>
    : never
  : never;
export type PathOf<O> = Param<O, 'path'>;
export type QueryOf<O> = Param<O, 'query'>;

/** The engine clock of a namespace: handlers never read `Date.now()`. */
export interface EngineClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** `now()` as an ISO 8601 UTC string with milliseconds. */
  iso(): string;
}

/** The seeded generator of one API in one namespace: handlers never call `Math.random()`. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  /** `n` lowercase hex characters. */
  hex(n: number): string;
  /** A version-4 style UUID. */
  uuid(): string;
  /** A seed for a child generator. */
  seed(): number;
}

/**
 * What one namespace may hold (`--max-resources`, `--deleted-retention`, `--max-deleted`): the
 * same for every namespace of a server. See docs/memory.md.
 */
export interface NamespaceLimits {
  /** Resources a client creates (groups), per API per namespace; a create past it is refused with a 4xx. */
  maxResources: number;
  /** How long a soft-deleted document is kept (ms on the namespace's clock) before it is purged for good. */
  deletedRetentionMs: number;
  /** Soft-deleted documents kept per API per namespace, whatever the clock: past it the oldest go first. */
  maxDeleted: number;
  /** Live tokens (or sessions) kept per token map of a namespace: past it the oldest issued go first. */
  maxTokens: number;
}

/** Per-request view of one namespace of one API. */
export interface NamespaceView<State> {
  name: string;
  state: State;
  clock: EngineClock;
  rng: SeededRandom;
  /** The server's limits (defaults when the view was made outside a store). */
  limits?: NamespaceLimits;
}

/**
 * The most issues one check lists. A body can break its schema once per value (a megabyte of
 * `[0,0,…]` is half a million issues): past this many the list stops, and says so (`incomplete`).
 */
export const MAX_ISSUES = 100;

/** One failed check of a request or a value against the spec. */
export interface ValidationIssue {
  /** Where: body, query, path, header (or 'value' for handler checks). */
  in: string;
  /** Path to the failing field inside that place, e.g. ['data', 'name']. */
  path: string[];
  /** The JSON Schema keyword that failed: required, maxLength, type, ... */
  keyword: string;
  message: string;
  /** Keyword parameters from the validator (limit, allowedValues, ...). */
  params: Record<string, unknown>;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** Everything the engine itself may have to answer, for the vendor to put in its own words. */
export type Problem =
  /** `incomplete`: more issues may exist than are listed (the list is capped, or only the first was looked for). */
  | { kind: 'validation'; issues: ValidationIssue[]; incomplete?: boolean }
  | { kind: 'parse'; detail: string }
  | { kind: 'unknownPath' }
  | { kind: 'methodNotAllowed'; allow: string[] }
  | { kind: 'payloadTooLarge'; limit: string }
  | { kind: 'unsupportedMediaType'; contentType: string }
  | { kind: 'prefer'; detail: string; available: string[] }
  /** A `rateLimit` fault rule was exceeded; the engine adds the `Retry-After` header itself. */
  | { kind: 'rateLimited'; retryAfterSeconds: number }
  /**
   * Refused by Node's HTTP parser before any routing (see pipeline/transport-refusals.ts): the
   * request line and headers are over `limitBytes` (431). The vendor's envelope is all there is to
   * it: the request's headers are unknown, `req.headers` is empty.
   */
  | { kind: 'headersTooLarge'; limitBytes: number }
  /**
   * Refused by Node's HTTP parser: the bytes are not HTTP/1.1 (a bad request line, header or body
   * framing). `detail` says what is wrong, never quoting the request (400).
   */
  | { kind: 'malformedRequest'; detail: string }
  /**
   * The mock itself failed. `detail` is what the client may read: never an exception's message (it
   * can quote the request, a path, a secret); the log has the stack, the journal the request.
   */
  | { kind: 'internal'; detail: string };

export type ProblemKind = Problem['kind'];

/** Request facts an error renderer or security check may use (ids to echo, the token sent, ...). */
export interface RequestInfo<State> {
  method: string;
  path: string;
  operationId?: string;
  /** Path parameters as matched (strings), before validation. */
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: unknown;
  ns: NamespaceView<State>;
}

/** What the engine knows about the request when a handler runs. */
export interface HandlerContext<O, State, Principal> {
  operationId: string;
  method: string;
  /** The vendor path the request used, without the API's mount prefix. */
  path: string;
  /** Where the mock serves this API (`/thingspace`): the prefix of a path the handler sends back for a client to follow (a `Location`). */
  mountPath: string;
  /** The scheme the client used (`https` on the `--https-port`): of a URL the handler sends back for a client to follow. */
  scheme: 'http' | 'https';
  /** Path parameters, typed by the spec: integers are numbers (bigints past 2^53 with a lossless codec). */
  params: PathOf<O>;
  query: QueryOf<O>;
  /** Query parameters as sent, for vendor features the spec cannot name (e.g. Kazoo's filter_*). */
  rawQuery: Record<string, string | string[]>;
  body: BodyOf<O>;
  headers: IncomingHttpHeaders;
  ns: NamespaceView<State>;
  principal: Principal;
  /** Validates a value against a schema of the spec (`#/components/schemas/X`); [] when valid. */
  validate(schemaPointer: string, value: unknown): ValidationIssue[];
  /** Renders an engine problem in the vendor's envelope (e.g. a validation error found by a handler). */
  problem(p: Problem): MockReply;
}

export type Handler<O, State, Principal> = (
  ctx: HandlerContext<O, State, Principal>,
) => ReplyOf<O> | Promise<ReplyOf<O>>;

/** One handler per operationId: a missing one, or one returning an undocumented status, does not compile. */
export type HandlerTable<Ops, State, Principal> = { [K in keyof Ops]: Handler<Ops[K], State, Principal> };

/** Renders each engine problem in the vendor's envelope; a kind left out does not compile. */
export type ErrorTable<State = unknown> = {
  [K in ProblemKind]: (problem: Extract<Problem, { kind: K }>, req: RequestInfo<State>) => MockReply;
};

/**
 * A documented response the engine answers with because the request asked for it (`Prefer`) or a
 * fault rule fired: the spec's named example (or, where the response has none, a body generated
 * from its schema), as the spec shows it.
 */
export interface DocumentedReply {
  /** The HTTP status answered. */
  status: number;
  /** The named example the body is; undefined when the response documents none. */
  example?: string;
  /** The spec's engine response (`x-mock-responses`: `rateLimited`, `unknownPath`…) when the reply is one. */
  engineKind?: string;
  reply: MockReply;
}

/**
 * Puts a documented reply in the request's own words, as the vendor's own answers would carry
 * them: the ids the request names (path, body), its token, its request id, the namespace's engine
 * clock — keeping the example only for what the request cannot supply. It reads the namespace's
 * state at most (the caller's counters, a group's type) and never changes it. Each vendor renders
 * its own (`defineApi`'s `examples`): a vendor without one does not compile.
 *
 * @example
 *   // MDM: the example named alreadyMember, for the members this request sent
 *   const examples: ExampleRenderer<MdmState> = (documented, req) => {
 *     const ids = documented.example === 'alreadyMember' ? bodyIds(req, 'member_ids') : undefined;
 *     return ids ? { ...documented.reply, body: errors.alreadyMember(ids).body } : documented.reply;
 *   };
 */
export type ExampleRenderer<State = unknown> = (documented: DocumentedReply, req: RequestInfo<State>) => MockReply;

/**
 * The result of one security scheme's check. `absent`: the credential this scheme reads was not
 * sent at all — when an operation accepts several schemes, the refusal of one that was sent wins.
 */
export type AuthResult<Principal> =
  | { ok: true; principal: Principal }
  | { ok: false; reply: MockReply; absent?: boolean };

/**
 * The check of one `securitySchemes` entry: given the request and the scopes the operation's
 * `security` asks of that scheme, who is calling (a part of the principal), or the vendor's refusal.
 */
export type SecurityCheck<State, Principal> = (
  req: RequestInfo<State>,
  scopes: readonly string[],
) => AuthResult<Partial<Principal>>;

/** Reads and writes JSON bodies; the default is `JSON`. A lossless codec keeps 64-bit integers exact. */
export interface JsonCodec {
  parse(text: string): unknown;
  stringify(value: unknown): string;
  /** The same value as plain JSON data (what validators can check): e.g. bigints as numbers. */
  toPlain(value: unknown): unknown;
}

/** A vendor, as the engine runs it (made by `defineApi`). */
export interface ApiModule<State = unknown, Principal = unknown> {
  /** Short name, used in URLs (`/<name>`), the admin API and the CLI's `--api`. */
  name: string;
  title: string;
  /** Absolute path of the OpenAPI document. */
  specFile: string;
  /** Absolute path of the demo tenant (the state each namespace starts from). */
  fixtureFile: string;
  /** JSON Schema of the state; fixtures and imports are checked with it. */
  stateSchema: object;
  /** Consistency checks a schema cannot express (dangling references, duplicates); messages name the path. */
  checkState?(state: State): string[];
  /** Some vendors (Kazoo) read the body as JSON whatever its Content-Type says. */
  jsonBodyWhateverContentType?: boolean;
  /** How this API's JSON bodies are read and written (default: `JSON`). */
  json?: JsonCodec;
  errors: ErrorTable<State>;
  /** Documented examples (`Prefer`, fault rules) in the request's own words. */
  examples: ExampleRenderer<State>;
  /** One check per `securitySchemes` entry of the spec, by the scheme's name. */
  security: Record<string, SecurityCheck<State, Principal>>;
  /** Headers added to every response of this API (CORS, request ids, ...). */
  responseHeaders?(req: RequestInfo<State>): Record<string, string>;
  /** One handler per operationId of the spec. */
  handlers: Record<string, Handler<any, State, Principal>>;
  /** Lines the CLI prints under the API's base URL: demo credentials and the like. */
  describe(): string[];
  /**
   * Run on the namespace's view before each request of this API is handled (and before its state is
   * exported): the vendor's own background jobs, on the namespace's clock — Crossbar's purge of
   * soft-deleted documents. It must be cheap when there is nothing to do.
   */
  housekeeping?(ns: NamespaceView<State>): void;
  /**
   * What a namespace's state holds, by kind (`/__admin/health`); `resources` is the count
   * `--max-resources` bounds (the resources clients create), checked on import too.
   */
  sizes?(state: State): ResourceSizes;
}

/** Counts of what one API's state holds in one namespace. */
export interface ResourceSizes {
  /** What `--max-resources` bounds. */
  resources: number;
  [kind: string]: number;
}

/** Renders a problem with the module's error table (the one place that dispatches on the kind). */
export function renderProblem<State>(
  mod: Pick<ApiModule<State, unknown>, 'errors'>,
  problem: Problem,
  req: RequestInfo<State>,
): MockReply {
  const render = mod.errors[problem.kind] as (p: Problem, r: RequestInfo<State>) => MockReply;
  return render(problem, req);
}

/**
 * A documented reply through the module's `examples`, in the request's own words. A renderer that
 * throws is a bug of the mock: the reply goes out as the spec shows it, and the bug is logged.
 */
export function renderExample<State>(
  mod: Pick<ApiModule<State, unknown>, 'examples' | 'name'>,
  documented: DocumentedReply,
  req: RequestInfo<State>,
): MockReply {
  try {
    return mod.examples(documented, req);
  } catch (err) {
    console.error(
      `[groups-mock] ${mod.name}: rendering example ${documented.example ?? '(generated)'} of ${req.operationId ?? req.path} failed: ${String(err)}`,
    );
    return documented.reply;
  }
}
