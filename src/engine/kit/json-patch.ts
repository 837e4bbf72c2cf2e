/**
 * JSON Patch (RFC 6902) with fast-json-patch: all operations (add, remove, replace, move, copy,
 * test) applied to a copy, all or nothing, and only to the paths a vendor allows — a patch that is
 * malformed, fails a `test`, or touches another path changes nothing and says which operation broke.
 *
 * @example
 *   const out = applyJsonPatch(group, ops, (path) => /^\/(name|description|devices(\/(\d+|-))?)$/.test(path));
 *   if (!out.ok) return badRequest(`operation ${out.index}: ${out.message}`);
 *   Object.assign(group, out.document);
 */
import fastJsonPatch from 'fast-json-patch';

const { applyPatch, validate } = fastJsonPatch;

export interface PatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export type PatchResult<T> =
  | { ok: true; document: T }
  | { ok: false; index: number; message: string; failedTest?: boolean };

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** Checks the shape of one operation before fast-json-patch sees it. */
function shapeProblem(op: unknown): string | undefined {
  if (!op || typeof op !== 'object' || Array.isArray(op)) return 'must be an object { op, path, value?, from? }';
  const o = op as Record<string, unknown>;
  if (typeof o.op !== 'string' || !OPS.includes(o.op)) return `op must be one of ${OPS.join(', ')}`;
  if (typeof o.path !== 'string' || !(o.path === '' || o.path.startsWith('/')))
    return 'path must be a JSON Pointer such as "/name"';
  if (
    (o.op === 'move' || o.op === 'copy') &&
    (typeof o.from !== 'string' || !(o.from === '' || o.from.startsWith('/')))
  )
    return `${o.op} needs from, a JSON Pointer`;
  if ((o.op === 'add' || o.op === 'replace' || o.op === 'test') && !('value' in o)) return `${o.op} needs a value`;
  return undefined;
}

/**
 * Applies `ops` to a copy of `document`. `allowed(path)` is asked for every `path` and `from` the
 * patch names; one it refuses fails the whole patch.
 */
export function applyJsonPatch<T>(
  document: T,
  ops: unknown,
  allowed: (path: string) => boolean = () => true,
): PatchResult<T> {
  if (!Array.isArray(ops)) return { ok: false, index: -1, message: 'a JSON Patch is an array of operations' };
  for (const [index, op] of ops.entries()) {
    const problem = shapeProblem(op);
    if (problem) return { ok: false, index, message: problem };
    const o = op as PatchOperation;
    for (const path of [o.path, ...(o.from !== undefined ? [o.from] : [])]) {
      if (!allowed(path)) return { ok: false, index, message: `path ${JSON.stringify(path)} cannot be changed` };
    }
  }
  const copy = structuredClone(document);
  try {
    // validate() runs the patch on a scratch copy: shape, paths, array indexes and tests.
    const invalid = validate(ops as never, copy as never);
    if (invalid) return failure(invalid);
    return { ok: true, document: applyPatch(copy as never, ops as never, false, true, true).newDocument as T };
  } catch (err) {
    return failure(err as PatchError);
  }
}

interface PatchError {
  index?: number;
  name?: string;
  message?: string;
}

function failure(e: PatchError): { ok: false; index: number; message: string; failedTest?: boolean } {
  return {
    ok: false,
    index: e.index ?? -1,
    message: describe(e),
    ...(e.name === 'TEST_OPERATION_FAILED' ? { failedTest: true } : {}),
  };
}

function describe(e: PatchError): string {
  if (e.name === 'TEST_OPERATION_FAILED') return 'test failed: the value at the path is not the one given';
  if (e.name === 'OPERATION_PATH_UNRESOLVABLE') return 'the path does not exist in the document';
  if (e.name === 'OPERATION_FROM_UNRESOLVABLE') return 'from does not exist in the document';
  if (e.name === 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX') return 'the path has an array index that is not a number or -';
  if (e.name === 'OPERATION_VALUE_OUT_OF_BOUNDS') return 'the array index is past the end of the array';
  if (/__proto__|constructor\/prototype/.test(e.message ?? ''))
    return 'the path names a prototype, which cannot be changed';
  // fast-json-patch's messages repeat the whole document after a newline: keep the first line.
  return (e.message ?? 'invalid patch').split('\n')[0]!;
}
