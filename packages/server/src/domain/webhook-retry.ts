/** Waits after the 1st, 2nd, … failed attempt; the last one repeats until the deadline. */
export const WEBHOOK_RETRY_DELAYS_MS = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  60 * 60_000,
  2 * 3_600_000,
  4 * 3_600_000,
  6 * 3_600_000,
] as const;

/** How long after its first attempt a delivery is given up on. */
export const WEBHOOK_GIVE_UP_AFTER_MS = 24 * 3_600_000;

/**
 * When to try a delivery again after its `attempts`-th attempt failed at `now`; `undefined` to give up.
 * The last try falls on the deadline itself, so a receiver that is down for a day still gets it.
 */
export function nextWebhookAttempt(firstAttemptAt: number, attempts: number, now: number): number | undefined {
  const deadline = firstAttemptAt + WEBHOOK_GIVE_UP_AFTER_MS;
  if (now >= deadline) return undefined;
  const step = Math.min(Math.max(attempts, 1), WEBHOOK_RETRY_DELAYS_MS.length) - 1;
  return Math.min(now + (WEBHOOK_RETRY_DELAYS_MS[step] ?? 0), deadline);
}
