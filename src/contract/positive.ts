/**
 * `positive_data_acceptance`, as Schemathesis counts it: a request whose values the spec accepts
 * must not be refused as malformed. 2xx, 401, 403, 404, 409 and 429 are fine (a valid request may
 * name nothing, lack a right, collide or be metered); a 415 never is (the media type is the spec's);
 * a 400 or 422 is a failure unless the operation documents it and the request carried ids the
 * server never showed (example or generated ids: "no such member" is a business rule, not a refusal
 * of the data's shape). And `ensure_resource_availability`'s comparison: what a create answered
 * (its ids) and sent (its text fields) is what the first read shows.
 */
import type { OperationDoc } from '../engine/spec/spec-index.js';
import { responseFor, type ContractApi } from './api-spec.js';
import type { RequestCase } from './cases.js';
import type { CheckContext } from './checks.js';
import type { WireResponse } from './http.js';
import { idKey } from './id-pool.js';
import type { LinkSource } from './stateful.js';

const FINE = new Set([401, 403, 404, 409, 429]);

/** Id values a case carries (path parameters and id fields of its body, one level into arrays of objects). */
export function idsOf(c: RequestCase): unknown[] {
  const out: unknown[] = Object.entries(c.pathParams)
    .filter(([k]) => idKey(k))
    .map(([, v]) => v);
  const walk = (v: unknown, key?: string, depth = 0): void => {
    if (depth > 4 || v === null || v === undefined) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key, depth + 1));
    if (typeof v === 'object') return Object.entries(v).forEach(([k, x]) => walk(x, k, depth + 1));
    if (key && idKey(key)) out.push(v);
  };
  walk(c.body);
  return out;
}

/** Null: not judged (a server error or no answer is another check's). */
export function positiveDataVerdict(
  api: ContractApi,
  op: OperationDoc,
  c: RequestCase,
  res: WireResponse,
  ctx: CheckContext,
  fromServer: (id: unknown) => boolean,
): string | undefined | null {
  const s = res.status;
  if (s === 0 || s >= 500) return null;
  if ((s >= 200 && s < 400) || FINE.has(s)) return undefined;
  const what = `a request the spec accepts (${c.origin}) was refused with ${s}`;
  if (s === 415) return `${what}: its media type is the one the spec documents`;
  if (s !== 400 && s !== 422) return undefined;
  const foreign = idsOf(c).filter((v) => !fromServer(v));
  // A documented 400 on a write may be a business rule (a name taken, a member already in, nothing
  // to change): the specs do not say which of their 400s are. A read has no such rule: a documented
  // example or an enumerated value, with ids the server gave, refused with 400 is valid input refused.
  // (Generated values are not judged there: the specs' patterns are looser than some servers' parsers.)
  if (op.responses.has(String(s)) || (ctx.engineStatuses && responseFor(api, op, s, true))) {
    const chosen = !c.origin.startsWith('generated');
    if (op.method !== 'get' || !chosen || foreign.length) return null;
    return `${what}: ${c.origin} is valid for the spec and names only ids the server gave`;
  }
  return `${what}, which ${op.operationId} does not document${foreign.length ? '' : ' (every id in it came from the server)'}`;
}

/** Scalars of an answer at its top and one object level down (`data`, `group`), by key. */
function scalars(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const add = (o: unknown) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    for (const [k, x] of Object.entries(o))
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'bigint') out.set(k, String(x));
  };
  // One level down first, so that the top's own keys win.
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const x of Object.values(v)) add(x);
  add(v);
  return out;
}

/** Why the read does not show what was created (undefined: it does). */
export function sameValues(src: LinkSource, read: unknown): string | undefined {
  const got = scalars(read);
  const made = src.response.json;
  const diffs: string[] = [];
  if (typeof made === 'number' || typeof made === 'bigint' || typeof made === 'string') {
    // A create that answers the bare id (Bold): the read's id is that id.
    const id = got.get('id');
    if (id !== undefined && id !== String(made)) diffs.push(`id is ${id}, the create answered ${String(made)}`);
  }
  for (const [k, v] of scalars(made)) {
    // The envelope's own ids (a request or trace id) name the exchange, not the thing.
    if (!idKey(k) || /request|trace|correlation|session|token/i.test(k)) continue;
    const g = got.get(k);
    if (g !== undefined && g !== v) diffs.push(`${k} is ${g}, the create answered ${v}`);
  }
  const sent = src.case.body;
  if (sent && typeof sent === 'object' && !Array.isArray(sent))
    for (const [k, v] of Object.entries(sent)) {
      if (typeof v !== 'string' || idKey(k)) continue;
      const g = got.get(k);
      if (g !== undefined && g !== v) diffs.push(`${k} is ${JSON.stringify(g)}, the create sent ${JSON.stringify(v)}`);
    }
  return diffs.length ? diffs.join('; ') : undefined;
}
