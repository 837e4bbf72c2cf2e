/**
 * Ids the server itself has shown, for the happy path: a request whose ids are the spec's example
 * values (`member_ids: [12, 213123, 21312]`) or random ones reaches only a 404 on a real server, and
 * its success response is never checked. Every successful exchange teaches the pool: the values of
 * id-like keys (`id`, `group_id`, `member_ids`, `deviceId`) in the answer and in the request that
 * was accepted (its path parameters and body). A case is then filled with them: path parameters,
 * and id fields of the body, matched by name (`member_id` ← `member_ids`, `target_group_ids` ←
 * `group_id`). Ids of things this run created are kept apart: only those may be deleted.
 */

/** `member_ids`, `memberId`, `MEMBER_ID` → `memberid`; undefined for a key that names no id. */
export function idKey(name: string): string | undefined {
  const k = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const single = k.endsWith('ids') ? k.slice(0, -1) : k;
  return single.endsWith('id') ? single : undefined;
}

const isScalarId = (v: unknown) =>
  (typeof v === 'string' && v !== '' && v.length <= 200) ||
  (typeof v === 'number' && Number.isInteger(v)) ||
  typeof v === 'bigint';

export class IdPool {
  /** id key → values, most recently seen first. */
  private readonly seen = new Map<string, unknown[]>();
  /** Values of ids this run created (whatever their key), as text. */
  private readonly made = new Set<string>();

  private add(key: string, value: unknown): void {
    if (!isScalarId(value)) return;
    const list = (this.seen.get(key) ?? []).filter((v) => String(v) !== String(value));
    list.unshift(value);
    this.seen.set(key, list.slice(0, 50));
  }

  /** Every id-like key of a value (objects and arrays walked, at most a few levels deep). */
  learn(value: unknown, key?: string, depth = 0): void {
    if (depth > 6 || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      // In order: the first of a list ends up most recent.
      for (const v of [...value].reverse()) this.learn(v, key, depth + 1);
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.learn(v, k, depth + 1);
      return;
    }
    const k = key && idKey(key);
    if (k) this.add(k, value);
  }

  /** A path parameter (or query) value the server accepted. */
  learnParam(name: string, value: string): void {
    const k = idKey(name);
    if (k) this.add(k, value);
  }

  /** A created thing's id (a bare answer, or the values a create's links read). */
  noteCreated(value: unknown): void {
    if (isScalarId(value)) this.made.add(String(value));
  }

  /** The server has shown this value as an id (under any key). */
  has(value: unknown): boolean {
    const text = String(value);
    for (const list of this.seen.values()) if (list.some((v) => String(v) === text)) return true;
    return false;
  }

  created(value: unknown): boolean {
    return this.made.has(String(value));
  }

  /**
   * Known values for a key: its own, else those of the longest known key it ends with
   * (`targetgroupid` ← `groupid`); `createdOnly`: only ids this run created (for a delete).
   */
  candidates(name: string, createdOnly = false): unknown[] {
    const k = idKey(name);
    if (!k) return [];
    const keep = (list: unknown[]) => (createdOnly ? list.filter((v) => this.created(v)) : list);
    const own = keep(this.seen.get(k) ?? []);
    if (own.length) return own;
    const suffix = [...this.seen.keys()].filter((s) => s !== 'id' && k.endsWith(s)).sort((a, b) => b.length - a.length);
    return suffix.length ? keep(this.seen.get(suffix[0]!)!) : [];
  }
}

/** The value `to` in the type of `like` (a number stays a number when the id is numeric; bigints past 2^53). */
export function sameType(like: unknown, to: unknown): unknown {
  if (typeof like === 'string') return String(to);
  if ((typeof like === 'number' || typeof like === 'bigint') && /^-?\d+$/.test(String(to))) {
    const n = BigInt(String(to));
    return n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER) ? n : Number(n);
  }
  return to;
}

/**
 * A body with its id fields (top level, and in objects of arrays one level down) replaced by the
 * `pick`-th known value of their key; undefined when no field could be filled.
 */
export function fillBodyIds(
  body: unknown,
  pool: IdPool,
  pick: number,
  createdOnly = false,
  /** Values a field of another name must not take (the resource the path names: a move's target is another group). */
  avoid: Record<string, string> = {},
): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  let changed = false;
  const fill = (obj: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...obj };
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
        out[k] = v.map((x) => fill(x as Record<string, unknown>));
        continue;
      }
      const own = idKey(k);
      const taken = new Set(
        Object.entries(avoid)
          .filter(([n]) => idKey(n) !== own)
          .map(([, v]) => v),
      );
      const known = pool.candidates(k, createdOnly).filter((x) => !taken.has(String(x)));
      if (!known.length) continue;
      const value = known[pick % known.length];
      if (Array.isArray(v) && v.length && v.every(isScalarId)) out[k] = [sameType(v[0], value)];
      else if (isScalarId(v)) out[k] = sameType(v, value);
      else continue;
      changed = true;
    }
    return out;
  };
  const filled = fill(body as Record<string, unknown>);
  return changed ? filled : undefined;
}
