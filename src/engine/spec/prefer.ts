/**
 * The `Prefer` request header, as Prism reads it: `code=404`, `example=badIdentifier`,
 * `dynamic=true`, `seed=7`, comma-separated. A preferred response is one the spec documents for
 * the operation; it never touches state.
 */
import type { Problem } from '../types.js';
import { describeResponses } from './engine-responses.js';
import type { OperationDoc, ResponseDoc } from './spec-index.js';

export interface Preference {
  code?: string;
  example?: string;
  dynamic?: boolean;
  seed?: number;
}

/** Parses the header; undefined when it asks for nothing the mock acts on (e.g. `return=minimal`). */
export function parsePrefer(header: string | string[] | undefined): Preference | undefined {
  if (!header) return undefined;
  const pref: Preference = {};
  let any = false;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(/[,;]/)) {
    const [rawKey, ...rest] = part.split('=');
    const key = rawKey!.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'code') pref.code = value;
    else if (key === 'example') pref.example = value;
    else if (key === 'dynamic') pref.dynamic = value === 'true';
    else if (key === 'seed' && /^\d+$/.test(value)) pref.seed = Number(value);
    else continue;
    any = true;
  }
  return any && (pref.code !== undefined || pref.example !== undefined || pref.dynamic) ? pref : undefined;
}

/** Picks the documented response the preference names, or a problem that lists what exists. */
export function chooseResponse(
  op: OperationDoc,
  pref: Preference,
): { response: ResponseDoc; example?: string } | Problem {
  const available = describeResponses(op);
  let candidates = [...op.responses.values()];
  if (pref.code !== undefined) {
    const r = op.responses.get(pref.code);
    if (!r) return { kind: 'prefer', detail: `${op.operationId} documents no ${pref.code} response`, available };
    candidates = [r];
  } else if (pref.example === undefined) {
    // Like Prism: the lowest documented 2xx.
    candidates = candidates.filter((r) => r.status.startsWith('2')).sort((a, b) => a.status.localeCompare(b.status));
  }
  if (pref.example !== undefined) {
    const r = candidates.find((c) => Object.hasOwn(c.examples, pref.example!));
    if (!r) {
      return {
        kind: 'prefer',
        detail: `${op.operationId} has no example named "${pref.example}"${pref.code ? ` for ${pref.code}` : ''}`,
        available,
      };
    }
    return { response: r, example: pref.example };
  }
  const r = candidates[0];
  if (!r) return { kind: 'prefer', detail: `${op.operationId} documents no success response`, available };
  return { response: r, example: Object.keys(r.examples)[0] };
}
