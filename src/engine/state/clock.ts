/**
 * The engine's clock. Each namespace has one, so a test can move time (session expiry, token
 * lifetimes, daily quotas) without waiting and without disturbing other namespaces.
 * `system` mode follows the wall clock plus an offset; `fixed` mode only moves when told.
 */
export type ClockMode = 'system' | 'fixed';

/**
 * The times a clock can show: four-digit years, 0000-01-01 to 9999-12-31 — what an RFC 3339
 * `date-time` (and so every vendor's timestamps) can write. Admin moves outside are refused; a wall
 * clock that runs past the end stays at the end.
 */
export const MIN_CLOCK_MS = Date.parse('0000-01-01T00:00:00.000Z');
export const MAX_CLOCK_MS = Date.parse('9999-12-31T23:59:59.999Z');

export function inClockRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_CLOCK_MS && ms <= MAX_CLOCK_MS;
}

export class Clock {
  private offsetMs = 0;
  private fixedAt: number;

  constructor(
    private mode: ClockMode = 'system',
    start: number = Date.now(),
  ) {
    this.fixedAt = start;
  }

  /** Milliseconds since the Unix epoch. */
  now(): number {
    const ms = this.mode === 'fixed' ? this.fixedAt + this.offsetMs : Date.now() + this.offsetMs;
    return Math.min(MAX_CLOCK_MS, Math.max(MIN_CLOCK_MS, ms));
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Sets the current time; in system mode time keeps running from there. */
  set(epochMs: number): void {
    this.offsetMs = this.mode === 'fixed' ? epochMs - this.fixedAt : epochMs - Date.now();
  }

  freeze(): void {
    if (this.mode === 'fixed') return;
    this.fixedAt = this.now();
    this.offsetMs = 0;
    this.mode = 'fixed';
  }

  /** Lets a frozen clock run again: on from the instant it shows, at the wall clock's pace. */
  unfreeze(): void {
    if (this.mode === 'system') return;
    this.offsetMs = this.now() - Date.now();
    this.mode = 'system';
  }

  describe(): { mode: ClockMode; now: string; epochMs: number } {
    return { mode: this.mode, now: this.iso(), epochMs: this.now() };
  }
}
