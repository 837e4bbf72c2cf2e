/**
 * PATCH as Plaspy takes it: an RFC 6902 JSON Patch (the kit's, over fast-json-patch: add, remove,
 * replace, move, copy, test) applied to the group's `name`, `description` and `devices` only, all or
 * nothing. The result must still be a valid group; a description removed becomes null and devices
 * removed an empty list, as PUT would store them.
 */
import { applyJsonPatch, type HandlerContext, type ValidationIssue } from '../../engine/kit/index.js';
import type { GroupFields } from './groups.js';

/** The paths (and `from`s) a patch may name. */
export const PATCHABLE = /^\/(name|description|devices(\/(0|[1-9][0-9]*|-))?)$/;

type Outcome =
  | { ok: true; fields: GroupFields }
  | { ok: false; detail: string }
  | { ok: false; issues: ValidationIssue[] };

export function patchFields(
  ctx: Pick<HandlerContext<unknown, unknown, unknown>, 'validate'>,
  current: GroupFields,
  ops: unknown,
): Outcome {
  const out = applyJsonPatch<Record<string, unknown>>({ ...current, devices: [...current.devices] }, ops, (path) =>
    PATCHABLE.test(path),
  );
  if (!out.ok) {
    const op = Array.isArray(ops) ? (ops[out.index] as { op?: unknown; path?: unknown } | undefined) : undefined;
    const which = op && typeof op.op === 'string' && typeof op.path === 'string' ? ` (${op.op} ${op.path})` : '';
    return { ok: false, detail: out.index >= 0 ? `operation ${out.index}${which}: ${out.message}` : out.message };
  }
  const doc = out.document;
  const result = {
    name: doc.name,
    description: doc.description === undefined ? null : doc.description,
    devices: doc.devices === undefined ? [] : doc.devices,
  };
  const issues = ctx.validate('#/components/schemas/GroupInput', result);
  if (issues.length) return { ok: false, issues: issues.map((i) => ({ ...i, in: 'value' })) };
  return { ok: true, fields: result as GroupFields };
}
