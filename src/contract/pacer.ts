/**
 * `--rate-limit N/s`: requests spaced so that at most N go out a second, and a 429 that says when
 * to come back (`Retry-After`, seconds or an HTTP date) waited out — at most a minute — before the
 * same request is made once more, as Schemathesis' rate limiter does for a server that meters.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { WireResponse } from './http.js';

/** The longest `Retry-After` waited out; past it the 429 stands as the answer. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` in milliseconds (delay-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Pacer {
  private next = 0;

  constructor(private readonly perSecond?: number) {}

  /** Runs `fn` no sooner than the rate allows. */
  async send<T>(fn: () => Promise<T>): Promise<T> {
    if (this.perSecond && this.perSecond > 0) {
      const now = Date.now();
      if (this.next > now) await sleep(this.next - now);
      this.next = Math.max(now, this.next) + 1000 / this.perSecond;
    }
    return fn();
  }

  /** Waits out a 429's `Retry-After`; false when it has none (or asks for more than a minute). */
  async waitRetryAfter(res: WireResponse): Promise<boolean> {
    const ms = retryAfterMs(res.headers['retry-after']);
    if (ms === undefined || ms > MAX_RETRY_AFTER_MS) return false;
    await sleep(ms);
    this.next = Date.now();
    return true;
  }
}
