/**
 * How late the event loop runs, measured the cheap way: a 10 ms timer notes how much later than due it
 * fires. The inbox uses it to make answering give way to acknowledging: both share this one thread, and
 * a webhook request waits for whatever the loop is doing when it arrives.
 */
export class LoopLag {
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  /** the worst lateness seen in the current window, and in the window before it */
  private current = 0;
  private previous = 0;
  private windowStart = 0;

  constructor(
    private readonly intervalMs = 10,
    private readonly windowMs = 100,
  ) {}

  start(): void {
    if (this.timer) return;
    this.due = performance.now() + this.intervalMs;
    this.windowStart = performance.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The worst lateness (ms) over the last one or two windows (about 100–200 ms). */
  recentMs(): number {
    return Math.max(this.current, this.previous);
  }

  private tick(): void {
    const now = performance.now();
    const late = Math.max(0, now - this.due);
    this.due = now + this.intervalMs;
    if (now - this.windowStart > this.windowMs) {
      this.previous = this.current;
      this.current = 0;
      this.windowStart = now;
    }
    this.current = Math.max(this.current, late);
  }
}
