/**
 * The one place the contract tester asks whether a value it is about to send is valid for the
 * spec — a generated body or parameter (must be), a mutated one (must not be). Today it asks the
 * engine's schema set directly; when the engine's single request check (`checkRequest`,
 * src/engine/spec/check-request.ts) lands, this function is the one edit that switches the tester to it.
 */
import type { ParameterDoc } from '../engine/spec/spec-index.js';
import type { ValidationIssue } from '../engine/types.js';
import type { ContractApi } from './api-spec.js';

export type RequestPart = { body: string } | { param: ParameterDoc };

/** The issues of one request value: a body at its schema pointer, or a parameter's text as sent. */
export function requestValueIssues(api: ContractApi, part: RequestPart, value: unknown): ValidationIssue[] {
  if ('body' in part) return api.schemas.check(part.body, value, 'body');
  const p = part.param;
  if (!p.schemaPointer) return [];
  return api.schemas.checkParam(p.schemaPointer, value as string | string[], p.in, p.name);
}
