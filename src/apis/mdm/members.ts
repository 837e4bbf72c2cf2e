/**
 * Membership rules: a device group holds devices, a user group users; every id must name one of the
 * customer's devices or users of the group's kind; ids arrive as numbers or (past 2^53) bigints and
 * are compared as exact decimal strings. Every check runs before anything changes, so a refused
 * request changes no group.
 */
import { freshId, hasOwn, idKey, isInt64, own, type Int64Like } from '../../engine/kit/index.js';
import { errors } from './errors.js';
import { DEVICE_GROUP, type MdmState, type StoredGroup } from './state.js';

/**
 * An id of a request as exact decimal digits. An integer past the signed 64-bit range (which the
 * validator, reading doubles, cannot always tell from 2^63 - 1) gets its digits too and then names
 * nothing, so it is refused as an unknown id rather than failing.
 */
export function keyOf(id: number): string {
  const value = id as Int64Like;
  if (isInt64(value)) return idKey(value);
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))
    ? BigInt(value).toString()
    : String(value);
}

/** Ids of a request as exact keys, each once, in the order sent. */
export function keysOf(ids: readonly number[] | undefined): string[] {
  return [...new Set((ids ?? []).map(keyOf))];
}

/** The group with this id (from the path: a number or a bigint). */
export function findGroup(state: MdmState, id: number): { key: string; group: StoredGroup } | undefined {
  const key = keyOf(id);
  const group = own(state.groups, key);
  return group ? { key, group } : undefined;
}

/**
 * The ids checked against the group's kind: an id that is no device or user of the customer is
 * COM0008 (`status` 400 for a body, 404 for the path); a user in a device group or a device in a
 * user group COM0015.
 */
export function checkMembers<S extends 400 | 404>(state: MdmState, g: StoredGroup, keys: readonly string[], status: S) {
  const pool = g.group_type === DEVICE_GROUP ? state.devices : state.users;
  const other = g.group_type === DEVICE_GROUP ? state.users : state.devices;
  const wrongKind = keys.find((k) => !hasOwn(pool, k) && hasOwn(other, k));
  if (wrongKind) return errors.wrongMemberType(wrongKind, g.group_type);
  const unknown = keys.filter((k) => !hasOwn(pool, k));
  if (unknown.length) return errors.memberNotFound(status, unknown, g.group_type);
  return undefined;
}

/** Adds members not yet in the group. */
export function addMembers(g: StoredGroup, keys: readonly string[]): void {
  const have = new Set(g.members);
  for (const k of keys) {
    if (have.has(k)) continue;
    g.members.push(k);
    have.add(k);
  }
}

export function removeMembers(g: StoredGroup, keys: readonly string[]): void {
  const gone = new Set(keys);
  g.members = g.members.filter((m) => !gone.has(m));
}

/**
 * A new group id: past the high-water mark (the largest id ever issued) by a seeded step, so ids
 * grow like MDM's, a demo tenant whose ids are past 2^53 keeps making such ids, and the id of a
 * deleted group never comes back. The mark moves to the new id.
 */
export function newGroupId(state: MdmState, rng: { int(min: number, max: number): number }): string {
  let next = BigInt(state.highestGroupId);
  const id = freshId(
    (k) => hasOwn(state.groups, k),
    () => {
      next += BigInt(rng.int(1, 999));
      return next.toString();
    },
  );
  state.highestGroupId = id;
  return id;
}
