/**
 * How long to wait before retry number `attempt` (from 0) of a 429 or 503: `Retry-After` in whole
 * seconds or as an HTTP date; without a usable one, 1 s, 2 s, 4 s…
 */
export function retryDelayMs(retryAfter: string | null, attempt: number, now: number): number {
  const value = retryAfter?.trim() ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = value === '' ? NaN : Date.parse(value);
  return Number.isNaN(at) ? 1000 * 2 ** attempt : Math.max(0, at - now);
}
