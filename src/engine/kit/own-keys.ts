/**
 * Maps keyed by what clients send (tokens, user names, ids, group names). As plain objects such a
 * map also "has" `constructor`, `toString` or `__proto__`, and writing `map['__proto__']` changes a
 * prototype instead of adding an entry. These helpers look up and write own keys only, and make
 * fresh ids that are not taken yet.
 *
 * @example
 *   const user = own(state.users, ctx.body.userName);      // undefined for "constructor"
 *   const id = freshId((id) => hasOwn(state.groups, id), () => ctx.ns.rng.hex(32));
 *   setOwn(state.groups, id, group);
 */

/** The entry the map holds under `key` as its own, or undefined. */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function hasOwn(map: object, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** Adds or replaces an entry; `__proto__` becomes an entry like any other key. */
export function setOwn<T>(map: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A map without a prototype: nothing is found in it that was not put there. */
export function ownMap<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const map = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) map[k] = v;
  return map;
}

/** How many draws `freshId` makes before it gives up (a generator that only repeats itself). */
const MAX_DRAWS = 1000;

/** A new id from `make` that `taken` does not know yet. */
export function freshId<T>(taken: (id: T) => boolean, make: () => T): T {
  for (let i = 0; i < MAX_DRAWS; i++) {
    const id = make();
    if (!taken(id)) return id;
  }
  throw new Error(`no free id after ${MAX_DRAWS} draws`);
}
