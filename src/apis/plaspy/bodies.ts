/**
 * Plaspy's answer bodies: `{success, error, apiUsage, apiDailyUsage}` around every answer that has a
 * user, `success: false` with a message for errors (List Groups' errors add `groups: null`), and the
 * messages the docs show — "Invalid input", "Unauthorized access", "Group not found", "Invalid API
 * key or username." — with the inferred ones beside them.
 */
import type { components } from '../../generated/plaspy.js';
import type { Usage } from './usage.js';

export type ErrorResponse = components['schemas']['ErrorResponse'];

/** The operation whose errors carry `groups: null`. */
export const LIST_GROUPS = 'listGroups';

export const MESSAGES = {
  unauthorized: 'Unauthorized access',
  groupNotFound: 'Group not found',
  invalidCredentials: 'Invalid API key or username.',
  unsupportedMediaType: 'An unsupported media type was sent. The server expected JSON.',
  unknownPath: 'Resource not found',
  methodNotAllowed: 'Method not allowed',
  tooManyRequests: 'Too many requests. Try again later.',
  internal: 'Internal Server Error',
};

/** An error reply: the message, the caller's counters when there is a caller, `groups: null` on List Groups. */
export function plaspyError<S extends number>(
  status: S,
  error: string,
  opts: { usage?: Usage; operationId?: string; headers?: Record<string, string> } = {},
) {
  const body: ErrorResponse = {
    success: false,
    error,
    ...(opts.usage ?? {}),
    ...(opts.operationId === LIST_GROUPS ? { groups: null } : {}),
  };
  return { status, body, ...(opts.headers ? { headers: opts.headers } : {}) };
}

/** `Invalid input: <detail>.` — the docs' message, then what was wrong (inferred). */
export const invalidInput = (detail: string) => `Invalid input: ${detail.replace(/\.$/, '')}.`;

/** The success fields every answer with data starts with. */
export const success = (usage: Usage) => ({ success: true as const, error: null, ...usage });
