import { invalid } from '../app-error.js';
import { parseTimeFilter } from '../time-filter.js';

/** How a sequence starts: SalesBlink's `launchTimingMode` and `scheduledAt`. */
export interface LaunchSettings {
  launchTimingMode?: string;
  /** Unix milliseconds, as a number or a numeric string; an ISO-8601 string is accepted too */
  scheduledAt?: number | string | null;
}

// Any time before 2001-09-09 in milliseconds is, in practice, a time in seconds sent by mistake.
const EARLIEST_PLAUSIBLE_MS = 1e12;

/** `scheduledAt` in Unix milliseconds, or an `invalid_request` AppError naming `scheduledAt`. */
export function parseScheduledAt(value: number | string): number {
  const ms = typeof value === 'number' ? value : parseTimeFilter('scheduledAt', value.trim());
  if (ms === undefined || !Number.isSafeInteger(ms)) {
    throw invalid('scheduledAt', 'must be Unix milliseconds or an ISO-8601 time');
  }
  const numeric = typeof value === 'number' || /^-?\d+$/.test(value.trim());
  if (numeric && ms < EARLIEST_PLAUSIBLE_MS) {
    throw invalid('scheduledAt', `must be Unix milliseconds; ${ms} looks like seconds`);
  }
  return ms;
}

/**
 * The instant a started sequence may send its first emails: at once for `now` (SalesBlink's "about five
 * minutes later" is its queue's latency, not a promise), `scheduledAt` for `schedule` (or now, if that has
 * passed). Windows, caps and gaps still apply after it.
 */
export function launchInstant(s: LaunchSettings & { now: number }): number {
  const mode = s.launchTimingMode ?? 'now';
  if (mode === 'now') return s.now;
  if (mode !== 'schedule') throw invalid('launchTimingMode', 'must be "now" or "schedule"');
  if (s.scheduledAt === undefined || s.scheduledAt === null || s.scheduledAt === '') {
    throw invalid('scheduledAt', 'is required when launchTimingMode is "schedule"');
  }
  return Math.max(s.now, parseScheduledAt(s.scheduledAt));
}
