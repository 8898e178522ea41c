/**
 * Background activity: applies `changesPerMinute` lifecycle changes spread over real time. The timer
 * runs on real time (a test may pin the sandbox clock, activity still happens); the changes are
 * stamped with the sandbox clock. Fractions carry over between ticks, so 3 per minute means 3 per
 * minute, not 0.
 */
export class Activity {
  private timer: NodeJS.Timeout | null = null;
  private perMinute: number | null = null;
  private carried = 0;
  private lastTick = 0;

  constructor(private readonly applyChanges: (count: number) => void) {}

  get changesPerMinute(): number | null {
    return this.perMinute;
  }

  /** Starts, retunes or (with null or 0) stops the activity. */
  set(changesPerMinute: number | null): void {
    this.stop();
    if (changesPerMinute === null || changesPerMinute <= 0) return;
    this.perMinute = changesPerMinute;
    this.carried = 0;
    this.lastTick = performance.now();
    const interval = Math.min(1000, Math.max(50, 60_000 / changesPerMinute));
    this.timer = setInterval(() => {
      this.tick();
    }, interval);
    // Activity alone must not keep a process (or a test run) alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.perMinute = null;
  }

  private tick(): void {
    if (this.perMinute === null) return;
    const now = performance.now();
    this.carried += ((now - this.lastTick) * this.perMinute) / 60_000;
    this.lastTick = now;
    const due = Math.floor(this.carried);
    if (due <= 0) return;
    this.carried -= due;
    // A stalled event loop must not turn into a burst of thousands of changes at once.
    this.applyChanges(Math.min(due, 10_000));
  }
}
