/**
 * Which documented response answers a status, in one place: an operation's own response (the exact
 * status, then its class `4XX`, then `default`), else the spec's engine responses — the root
 * `x-mock-responses` entries the engine gives outside any operation (unknown path, wrong method, too
 * large, media type, 429, 500, and the transport's refusals: headers too large, malformed HTTP),
 * each at the status its `x-mock-status` gives.
 */
import type { ProblemKind } from '../types.js';
import type { OperationDoc, ResponseDoc, SpecIndex } from './spec-index.js';

/**
 * The default HTTP status of each engine response a spec may document in its root
 * `x-mock-responses`; an entry's own `x-mock-status` wins (ThingSpace's unknownPath is a 400).
 */
export const ENGINE_RESPONSE_STATUS: Record<string, number> = {
  unknownPath: 404,
  methodNotAllowed: 405,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  rateLimited: 429,
  internalError: 500,
  headersTooLarge: 431,
  malformedRequest: 400,
};

/** The engine response that documents each problem kind (validation and the like belong to operations). */
const PROBLEM_RESPONSE: Record<ProblemKind, string | undefined> = {
  validation: undefined,
  parse: undefined,
  prefer: undefined,
  rateLimited: 'rateLimited',
  unknownPath: 'unknownPath',
  methodNotAllowed: 'methodNotAllowed',
  payloadTooLarge: 'payloadTooLarge',
  unsupportedMediaType: 'unsupportedMediaType',
  internal: 'internalError',
  headersTooLarge: 'headersTooLarge',
  malformedRequest: 'malformedRequest',
};

export const engineKindOf = (problem: ProblemKind): string | undefined => PROBLEM_RESPONSE[problem];

/** The operation's documented response for a status: exact, then `4XX`, then `default`. */
export function documentedResponse(op: OperationDoc, status: number | string): ResponseDoc | undefined {
  const s = String(status);
  return op.responses.get(s) ?? op.responses.get(`${s[0]}XX`) ?? op.responses.get('default');
}

/** The spec's engine responses (`x-mock-responses`) with the status each is answered with. */
export function engineResponsesOf(spec: SpecIndex): Array<{ kind: string; status: number; response: ResponseDoc }> {
  return [...spec.engineResponses].flatMap(([kind, response]) => {
    const status =
      response.mockStatus ?? (Object.hasOwn(ENGINE_RESPONSE_STATUS, kind) ? ENGINE_RESPONSE_STATUS[kind] : undefined);
    return status === undefined ? [] : [{ kind, status, response }];
  });
}

/**
 * The engine response a status stands for, if the spec documents one; when several have the
 * status, the one with the example named.
 */
export function engineResponseFor(
  spec: SpecIndex,
  status: number,
  example?: string,
): { kind: string; response: ResponseDoc } | undefined {
  const candidates = engineResponsesOf(spec).filter((e) => e.status === status);
  return (
    (example !== undefined ? candidates.find((e) => Object.hasOwn(e.response.examples, example)) : undefined) ??
    candidates[0]
  );
}

/**
 * The schema a reply must match: the operation's documented response for its status, or the engine
 * response of its kind (`engineKind`, e.g. `rateLimited`). Undefined: the status is not documented.
 */
export function responseSchemaFor(
  spec: SpecIndex,
  op: OperationDoc | undefined,
  status: number,
  engineKind?: string,
): { documented: boolean; pointer?: string } {
  const own = op && documentedResponse(op, status);
  if (own) return { documented: true, pointer: own.schemaPointer };
  const engine = engineKind !== undefined ? spec.engineResponses.get(engineKind) : undefined;
  return engine ? { documented: true, pointer: engine.schemaPointer } : { documented: false };
}

/** Whether a 429 can be rendered for the operation: the spec's `rateLimited` engine response, or its own 429. */
export function canRateLimit(spec: SpecIndex, op: OperationDoc | undefined): boolean {
  return spec.engineResponses.has('rateLimited') || !!op?.responses.get('429');
}

/** `404 (examples: badIdentifier, gone)`: how refusals list what a response offers. */
export function describeResponse(r: ResponseDoc, label: string = r.status): string {
  const names = Object.keys(r.examples);
  return `${label}${names.length ? ` (examples: ${names.join(', ')})` : ''}`;
}

/** Every response an operation documents, as refusals list them. */
export const describeResponses = (op: OperationDoc): string[] =>
  [...op.responses.values()].map((r) => describeResponse(r));

/** The engine responses a rule may answer with; with `op`: those its own documented statuses do not shadow. */
export function describeEngineResponses(spec: SpecIndex, op?: OperationDoc): string[] {
  return engineResponsesOf(spec)
    .filter(({ status }) => !(op && documentedResponse(op, status)))
    .map(({ kind, status, response }) =>
      describeResponse(response, `${status} ${kind}, any operation (x-mock-responses)`),
    );
}
