/**
 * Plaspy's usage counters: every answer that has a user carries its `apiUsage` (calls in total) and
 * `apiDailyUsage` (calls since midnight UTC on the engine clock). A user past its daily limit is
 * refused until the next midnight UTC, which `Retry-After` counts down to.
 */
import { isoSeconds } from '../../engine/kit/index.js';
import type { PlaspyUser } from './state.js';

export interface Usage {
  apiUsage: number;
  apiDailyUsage: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** `2026-03-01`: the UTC day of an engine-clock instant. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The next midnight UTC after `ms`. */
export const nextMidnight = (ms: number): number => (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

/** The user's counters at `now` (a count of another day is no count today). */
export function usageOf(user: PlaspyUser, now: number): Usage {
  return { apiUsage: user.apiUsage, apiDailyUsage: user.usageDay === dayOf(now) ? user.apiDailyUsage : 0 };
}

/** Whether the user has used up today's calls. */
export const overDailyLimit = (user: PlaspyUser, now: number): boolean =>
  usageOf(user, now).apiDailyUsage >= user.dailyLimit;

/** Counts one call at `now`, starting a new daily count on a new day. */
export function countCall(user: PlaspyUser, now: number): void {
  const today = dayOf(now);
  if (user.usageDay !== today) {
    user.usageDay = today;
    user.apiDailyUsage = 0;
  }
  user.apiUsage += 1;
  user.apiDailyUsage += 1;
}

/** The 429's wait: whole seconds to midnight UTC (at least 1), and the midnight itself. */
export function dailyReset(now: number): { retryAfterSeconds: number; at: string } {
  const midnight = nextMidnight(now);
  return { retryAfterSeconds: Math.max(1, Math.ceil((midnight - now) / 1000)), at: isoSeconds(midnight) };
}
