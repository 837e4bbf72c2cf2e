/**
 * The engine's clock. Each namespace has one, so a test can move time (session expiry, token
 * lifetimes, daily quotas) without waiting and without disturbing other namespaces.
 * `system` mode follows the wall clock plus an offset; `fixed` mode only moves when told.
 */
export type ClockMode = 'system' | 'fixed';

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
    return this.mode === 'fixed' ? this.fixedAt + this.offsetMs : Date.now() + this.offsetMs;
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

  describe(): { mode: ClockMode; now: string; epochMs: number } {
    return { mode: this.mode, now: this.iso(), epochMs: this.now() };
  }
}
