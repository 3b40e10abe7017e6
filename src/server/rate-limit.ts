/**
 * A small in-memory fixed-window rate limiter (one process; each instance counts its own requests).
 * `hit` counts and answers in one synchronous step, so parallel requests cannot slip past the limit.
 * Expired windows are swept as the map grows, so made-up keys (random cookies) cannot pile up.
 */
export interface RateDecision {
  ok: boolean;
  /** seconds until the key's window resets (for Retry-After) */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether one more request under `key` is within the limit, without counting it. */
  allows(key: string): RateDecision {
    const w = this.current(key);
    return { ok: !w || w.count < this.max, retryAfterSeconds: w ? Math.max(1, Math.ceil((w.resetAt - this.now()) / 1000)) : 0 };
  }

  /** Counts one request under `key`; ok is false (and nothing counted) once the window's limit is reached. */
  hit(key: string): RateDecision {
    return this.hitAll([key]);
  }

  /** Counts one request under every key, or under none when any of them is at its limit. */
  hitAll(keys: string[], limiters: RateLimiter[] = keys.map(() => this)): RateDecision {
    const decisions = keys.map((k, i) => limiters[i]!.allows(k));
    const refused = decisions.filter((d) => !d.ok);
    if (refused.length) return { ok: false, retryAfterSeconds: Math.max(...refused.map((d) => d.retryAfterSeconds)) };
    keys.forEach((k, i) => limiters[i]!.count(k));
    return { ok: true, retryAfterSeconds: 0 };
  }

  /** Forgets `key` (a successful sign-in clears its failed attempts). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private count(key: string): void {
    this.sweep();
    const w = this.current(key);
    if (w) w.count++;
    else this.windows.set(key, { count: 1, resetAt: this.now() + this.windowMs });
  }

  private current(key: string): { count: number; resetAt: number } | undefined {
    const w = this.windows.get(key);
    if (w && w.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private sweep(): void {
    const now = this.now();
    if (this.windows.size < 10_000 || now < this.nextSweep) return;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + Math.min(this.windowMs, 60_000);
  }

  get size(): number {
    return this.windows.size;
  }
}
