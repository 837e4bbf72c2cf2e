/**
 * Plaspy groups as the API shows and changes them: a user sees only its own groups (another's is
 * "not found", like one that does not exist), devices must be the user's own, ids are `grp-<n>`
 * numbered in order as in Plaspy's examples (grp-123, grp-124, then grp-125), times are ISO 8601
 * UTC without milliseconds, as the docs print them.
 */
import { counted, freshId, hasOwn, isoSeconds, own, setOwn, type NamespaceView } from '../../engine/kit/index.js';
import type { components } from '../../generated/plaspy.js';
import { GROUP_ID, type PlaspyState, type PlaspyUser, type StoredGroup } from './state.js';

export type Group = components['schemas']['Group'];
export type GroupInput = components['schemas']['GroupInput'];

/** The fields a client decides: what PUT replaces and PATCH changes. */
export interface GroupFields {
  name: string;
  description: string | null;
  devices: string[];
}

export function view(id: string, g: StoredGroup): Group {
  return {
    id,
    name: g.name,
    description: g.description,
    devices: [...g.devices],
    creation: g.creation,
    lastModified: g.lastModified,
  };
}

/** The group with this id if it is the user's. */
export function ownGroup(state: PlaspyState, userName: string, id: string): StoredGroup | undefined {
  const g = own(state.groups, id);
  return g && g.owner === userName ? g : undefined;
}

const numberOf = (id: string) => Number(GROUP_ID.exec(id)?.[1] ?? 0);

/** The user's groups, in the order they were created. */
export function groupsOf(state: PlaspyState, userName: string): Array<[string, StoredGroup]> {
  return Object.entries(state.groups)
    .filter(([, g]) => g.owner === userName)
    .sort(([a], [b]) => numberOf(a) - numberOf(b));
}

/** The fields of a create or replace body; what it leaves out is empty. Other fields are ignored. */
export const fieldsOf = (body: GroupInput): GroupFields => ({
  name: body.name,
  description: body.description ?? null,
  devices: [...(body.devices ?? [])],
});

/** Devices listed that are not the user's, each once. */
export function foreignDevices(user: PlaspyUser, devices: readonly string[]): string[] {
  const mine = new Set(user.devices);
  return [...new Set(devices.filter((d) => !mine.has(d)))];
}

/** Creates a group under the next free `grp-<n>`. */
export function createGroup(ns: NamespaceView<PlaspyState>, owner: string, fields: GroupFields): string {
  const { state } = ns;
  const id = freshId(
    (id) => hasOwn(state.groups, id),
    () => `grp-${state.nextGroupNumber++}`,
  );
  const now = isoSeconds(ns.clock.now());
  setOwn(state.groups, id, { owner, ...fields, creation: now, lastModified: now });
  counted(state.groups, +1);
  return id;
}

/** Replaces a group's fields; `lastModified` becomes now. */
export function saveGroup(ns: NamespaceView<PlaspyState>, g: StoredGroup, fields: GroupFields): void {
  g.name = fields.name;
  g.description = fields.description;
  g.devices = [...fields.devices];
  g.lastModified = isoSeconds(ns.clock.now());
}
