/** How many failed sign-ins a key (IP and email) may make within `windowMs` before it must wait. */
export interface ThrottleLimits {
  failures: number;
  windowMs: number;
}

/** Ten failures in fifteen minutes: plenty for a person mistyping, far too few to guess a password. */
export const SIGN_IN_LIMITS: ThrottleLimits = { failures: 10, windowMs: 15 * 60_000 };

/**
 * Counts failed sign-ins per key over a sliding window, in memory (each API process keeps its own).
 * A key that reached the limit is refused until its oldest counted failure leaves the window.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits = SIGN_IN_LIMITS) {}

  /** Seconds `key` must wait before trying again at `now`, or 0 when it may try. */
  waitSeconds(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limits.failures) return 0;
    const oldest = recent[recent.length - this.limits.failures]!;
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
  }

  /** Counts a failed attempt of `key` at `now`. */
  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    if (recent.length > this.limits.failures) recent.splice(0, recent.length - this.limits.failures);
    if (this.failures.size > 100_000) this.sweep(now);
    this.failures.set(key, recent);
  }

  /** Forgets `key`'s failures (after a successful sign-in). */
  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((t) => now - t >= this.limits.windowMs)) this.failures.delete(key);
    }
  }
}
