/**
 * JSON Merge Patch (RFC 7386): objects merge recursively, `null` removes a field, anything else
 * (arrays included) replaces. Kazoo's `PATCH` works this way. Keys come from clients, so they are
 * defined as own properties: a `__proto__` field stays a field.
 *
 * @example
 *   mergePatch({ name: 'a', flags: ['x'] }, { flags: null, music_on_hold: { media_id: 'm' } })
 *   // → { name: 'a', music_on_hold: { media_id: 'm' } }
 */
import { setOwn } from './own-keys.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A new document: `target` with `patch` applied (neither is changed). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = {};
  if (isObject(target)) for (const [k, v] of Object.entries(target)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setOwn(out, k, mergePatch(Object.hasOwn(out, k) ? out[k] : undefined, v));
  }
  return out;
}
