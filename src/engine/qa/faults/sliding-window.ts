/**
 * The requests a rate limit let through in its sliding window, oldest first. Requests leave from
 * the front as the clock passes them, so each request costs O(1) amortised however many the window
 * holds; the caller adds one only while fewer than its limit are in the window, so it never holds
 * more than the limit.
 *
 * @example
 *   if (w.count(now, 60_000) < limit) w.add(now); else retryAt = w.oldest()! + 60_000;
 */
export class SlidingWindow {
  /** Arrival times, ascending; those before `start` have left the window. */
  private hits: number[] = [];
  private start = 0;

  /** How many requests are in `(now - windowMs, now]`, forgetting the others. */
  count(now: number, windowMs: number): number {
    // The clock was moved back: requests "after" now never happened.
    while (this.hits.length > this.start && this.hits[this.hits.length - 1]! > now) this.hits.pop();
    while (this.start < this.hits.length && this.hits[this.start]! <= now - windowMs) this.start++;
    if (this.start === this.hits.length) {
      this.hits = [];
      this.start = 0;
    } else if (this.start > 1024 && this.start * 2 > this.hits.length) {
      this.hits = this.hits.slice(this.start);
      this.start = 0;
    }
    return this.hits.length - this.start;
  }

  /** Records a request let through at `now` (after `count(now, …)`, so the times stay in order). */
  add(now: number): void {
    this.hits.push(now);
  }

  /** How many arrival times are held, including ones not yet compacted away (bounded by the window). */
  get retained(): number {
    return this.hits.length;
  }

  /** The oldest request still in the window. */
  oldest(): number | undefined {
    return this.start < this.hits.length ? this.hits[this.start] : undefined;
  }
}
