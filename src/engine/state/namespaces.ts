/**
 * In-memory state, per namespace and per API. A namespace (the `X-Mock-Namespace` header, default
 * `default`) is created on first use from each API's fixture; two namespaces never share data.
 * Each namespace has its own clock, shared by its APIs, and one seeded generator per API.
 */
import { Clock, type ClockMode } from './clock.js';
import { Rng, hashSeed } from './random.js';
import { DEFAULT_LIMITS } from '../kit/limits.js';
import type { NamespaceLimits, NamespaceView } from '../types.js';

export const DEFAULT_NAMESPACE = 'default';
export const NAMESPACE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Namespaces kept at once by default; the least recently used one goes when a new one would pass it. */
export const DEFAULT_MAX_NAMESPACES = 1000;

export interface StoreOptions {
  seed: number;
  /** At most this many namespaces at once (default 1000); `default` is never evicted. */
  maxNamespaces?: number;
  clockMode: ClockMode;
  /** Start of a `fixed` clock (ms since epoch). */
  clockStart?: number;
  /** What each namespace may hold (docs/memory.md); defaults: `DEFAULT_LIMITS`. */
  limits?: Partial<NamespaceLimits>;
}

/** Run on an API's view before each use (the vendor's background jobs on the namespace's clock). */
type Housekeeping = (view: NamespaceView<unknown>) => void;

interface Namespace {
  clock: Clock;
  apis: Map<string, NamespaceView<unknown>>;
}

export class NamespaceStore {
  /** In order of last use, least recent first. */
  private namespaces = new Map<string, Namespace>();
  private fixtures = new Map<string, unknown>();
  /**
   * How many times each API's state of each namespace was started anew (reset, import, eviction).
   * It goes into the seed, so credentials and ids issued after a reset never repeat those issued
   * before it: a client's stale token cannot log it in as whoever received the same token anew.
   */
  private generations = new Map<string, number>();
  /**
   * The generation of every API state the map no longer remembers. The map is bounded (two entries
   * per namespace kept), least recently bumped first out; a forgotten key, and any key never seen,
   * starts at the floor, which is above every generation forgotten — so a seed is still never reused,
   * and a server that never forgets (fewer resets than the bound) stays fully deterministic.
   */
  private generationFloor = 0;
  private evicted: Array<(namespace: string) => void> = [];
  private housekeeping = new Map<string, Housekeeping>();
  readonly limits: NamespaceLimits;

  constructor(private readonly opts: StoreOptions) {
    const given = Object.fromEntries(Object.entries(opts.limits ?? {}).filter(([, v]) => v !== undefined));
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...given });
  }

  /** Registers the state an API's namespaces start from, and its housekeeping (run on each `view`). */
  addApi(api: string, fixture: unknown, housekeeping?: Housekeeping): void {
    this.fixtures.set(api, structuredClone(fixture));
    if (housekeeping) this.housekeeping.set(api, housekeeping);
    else this.housekeeping.delete(api);
  }

  apis(): string[] {
    return [...this.fixtures.keys()];
  }

  names(): string[] {
    return [...this.namespaces.keys()];
  }

  clock(namespace: string): Clock {
    return this.namespace(namespace).clock;
  }

  view<S>(api: string, namespace: string): NamespaceView<S> {
    const ns = this.namespace(namespace);
    let view = ns.apis.get(api);
    if (!view) {
      view = this.fresh(api, namespace, ns.clock, this.fixtures.get(api));
      ns.apis.set(api, view);
    }
    this.housekeeping.get(api)?.(view);
    return view as NamespaceView<S>;
  }

  /**
   * The state of an API in a namespace if it has one, without making it, touching the namespace's
   * recency or running housekeeping (for `/__admin/health`).
   */
  peek(api: string, namespace: string): unknown {
    return this.namespaces.get(namespace)?.apis.get(api)?.state;
  }

  /** Back to the fixture: one API of one namespace, one API everywhere, one namespace, or everything. */
  reset(api?: string, namespace?: string): void {
    for (const [name, ns] of this.namespaces) {
      if (namespace && name !== namespace) continue;
      for (const apiName of ns.apis.keys()) if (!api || apiName === api) this.bumpGeneration(apiName, name);
      if (api) ns.apis.delete(api);
      else this.namespaces.delete(name);
    }
  }

  exportState(api: string, namespace: string): unknown {
    return structuredClone(this.view(api, namespace).state);
  }

  /**
   * Replaces a namespace's state; the caller has validated it. `take`: the caller hands the value
   * over (a parsed request body nobody else holds) and it becomes the state itself, its objects
   * moved onto the state prototype in place — at 100,000 groups a second copy would be hundreds of MB.
   */
  importState(api: string, namespace: string, state: unknown, opts: { take?: boolean } = {}): void {
    const ns = this.namespace(namespace);
    if (ns.apis.has(api)) this.bumpGeneration(api, namespace);
    ns.apis.set(api, this.fresh(api, namespace, ns.clock, state, opts.take));
  }

  /**
   * Called with each namespace evicted to stay under `maxNamespaces`: a CI run that used its own
   * namespace and never reset it should not keep its state and journal for the life of the server.
   */
  onEvict(listener: (namespace: string) => void): void {
    this.evicted.push(listener);
  }

  private namespace(name: string): Namespace {
    let ns = this.namespaces.get(name);
    if (ns) {
      // Most recently used last.
      this.namespaces.delete(name);
      this.namespaces.set(name, ns);
      return ns;
    }
    this.evictFor(1);
    ns = { clock: new Clock(this.opts.clockMode, this.opts.clockStart), apis: new Map() };
    this.namespaces.set(name, ns);
    return ns;
  }

  private evictFor(room: number): void {
    const max = this.opts.maxNamespaces ?? DEFAULT_MAX_NAMESPACES;
    for (const name of this.namespaces.keys()) {
      if (this.namespaces.size + room <= max) return;
      if (name === DEFAULT_NAMESPACE) continue;
      for (const apiName of this.namespaces.get(name)!.apis.keys()) this.bumpGeneration(apiName, name);
      this.namespaces.delete(name);
      for (const listener of this.evicted) listener(name);
    }
  }

  /** Entries the store holds for namespaces (live ones and remembered generations): bounded. */
  bookkeepingSize(): number {
    return this.namespaces.size + this.generations.size;
  }

  private generation(key: string): number {
    return this.generations.get(key) ?? this.generationFloor;
  }

  private bumpGeneration(api: string, namespace: string): void {
    const key = `${api}\u0000${namespace}`;
    const next = this.generation(key) + 1;
    this.generations.delete(key);
    this.generations.set(key, next);
    const bound = 2 * Math.max(this.opts.maxNamespaces ?? DEFAULT_MAX_NAMESPACES, 1) * Math.max(this.fixtures.size, 1);
    for (const [oldest, generation] of this.generations) {
      if (this.generations.size <= bound) break;
      this.generations.delete(oldest);
      this.generationFloor = Math.max(this.generationFloor, generation + 1);
    }
  }

  private fresh(api: string, namespace: string, clock: Clock, state: unknown, take = false): NamespaceView<unknown> {
    const generation = this.generation(`${api}\u0000${namespace}`);
    return {
      name: namespace,
      clock,
      rng: new Rng(hashSeed(this.opts.seed, api, namespace, generation)),
      state: take ? adopted(state) : withoutPrototypes(state),
      limits: this.limits,
    };
  }
}

/**
 * The one prototype of every state object: empty, frozen, itself without a prototype. Objects on it
 * find nothing they were not given (no `constructor`, no `__proto__` setter), exactly like
 * null-prototype objects, but V8 keeps them in fast mode: `Object.create(null)` objects are hash
 * tables from birth, about three times the memory of a small record (measured: 194 vs 66 bytes for
 * a two-field object), which at 100,000 groups was most of the heap.
 */
const NO_MEMBERS: object = Object.freeze(Object.create(null));

/**
 * State maps are keyed by what clients send (tokens, user names, ids). As plain objects, a key such
 * as `constructor` or `__proto__` would find Object.prototype's members — a token that always
 * "exists", or a write that pollutes every object in the process. Objects on `NO_MEMBERS` have no
 * such members, whatever a vendor's lookups look like.
 *
 * It also is the copy of the state the namespace keeps: every object and array is new, so the
 * fixture or the import body it came from is never shared and no second deep copy is needed.
 */
function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPrototypes) as T;
  if (value === null || typeof value !== 'object') return value;
  const out = Object.create(NO_MEMBERS) as Record<string, unknown>;
  for (const k of Object.keys(value)) out[k] = withoutPrototypes((value as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * `withoutPrototypes` without the copy: the same value, every object of it moved onto `NO_MEMBERS`
 * in place (V8 keeps them in fast mode). No property is assigned, so a key named `__proto__` stays
 * the plain own property JSON.parse made it. Strings in arrays — memberships, lists of ids, which
 * repeat across records and which JSON.parse keeps one copy of per occurrence — are shared: one
 * string per distinct id (500,000 memberships of 24 devices are 24 strings, not 500,000).
 */
function adopted<T>(value: T, strings = new Map<string, string>()): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string' && v.length <= MAX_SHARED_STRING) {
        const shared = strings.get(v);
        if (shared === undefined) strings.set(v, v);
        else value[i] = shared;
      } else adopted(v, strings);
    }
    return value;
  }
  Object.setPrototypeOf(value, NO_MEMBERS);
  for (const v of Object.values(value)) adopted(v, strings);
  return value;
}

/** Longer strings in arrays are rarely repeated ids; they are left alone. */
const MAX_SHARED_STRING = 64;
