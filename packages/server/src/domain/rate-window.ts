/** The request tiers SalesBlink limits separately. */
export type RateTier = 'read' | 'write' | 'delete';

/** The tier a method counts against: reads; POST/PATCH; PUT/DELETE. */
export function tierOf(method: string): RateTier {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'read';
  if (method === 'POST' || method === 'PATCH') return 'write';
  return 'delete';
}

/** What a rate check decided, with the figures the RateLimit-* headers carry. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window resets */
  resetSeconds: number;
}

/**
 * Fixed one-minute windows per (key, tier). Counting is in memory, so with several
 * API processes each enforces its own share; a window that ended is forgotten.
 */
export class RateWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limits: Record<RateTier, number>,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request of `key` in `tier` at time `now` (ms). */
  take(key: string, tier: RateTier, now: number): RateDecision {
    const limit = this.limits[tier];
    const id = `${tier}:${key}`;
    let w = this.windows.get(id);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.sweep(now);
      w = { start: now - (now % this.windowMs), count: 0 };
      this.windows.set(id, w);
    }
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    if (w.count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    w.count += 1;
    return { allowed: true, limit, remaining: limit - w.count, resetSeconds };
  }

  private sweep(now: number): void {
    for (const [id, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(id);
  }
}
