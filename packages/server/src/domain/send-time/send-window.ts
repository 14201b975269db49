import { windowsByWeekday, type SendingHours } from './sending-hours.js';
import { DAY_MS, MINUTE_MS, instantOfWallTime, wallTimeOf } from './wall-clock.js';

/** A span of time `[start, end)` in Unix milliseconds. */
export interface Span {
  start: number;
  end: number;
}

// 1970-01-01, local day number 0, was a Thursday (weekday 4, Sunday = 0).
const weekdayOf = (dayNumber: number): number => (((dayNumber + 4) % 7) + 7) % 7;

/**
 * The windows that local day `dayNumber` opens in `tz`, in order of start. A window's ends are wall-clock
 * times resolved as `instantOfWallTime` does, so a window that falls wholly in a skipped hour is empty.
 */
function windowsOfDay(dayNumber: number, byWeekday: ReturnType<typeof windowsByWeekday>, tz: string): Span[] {
  const spans: Span[] = [];
  for (const w of byWeekday[weekdayOf(dayNumber)] ?? []) {
    const start = instantOfWallTime(dayNumber * DAY_MS + w.from * MINUTE_MS, tz);
    const end = instantOfWallTime(dayNumber * DAY_MS + w.to * MINUTE_MS, tz);
    if (start < end) spans.push({ start, end });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The earliest instant ≥ `afterMs` inside an enabled window of `hours` in `tz`; undefined when no window ever opens. */
export function nextOpenInstant(afterMs: number, hours: SendingHours, tz: string): number | undefined {
  const byWeekday = windowsByWeekday(hours);
  if (byWeekday.every((day) => day.length === 0)) return undefined;
  const today = Math.floor(wallTimeOf(afterMs, tz) / DAY_MS);
  // Yesterday's overnight window may still be open; a week and a day ahead always reaches an enabled day.
  // Days start in order and each window starts before the next day does, so the first start found is the
  // earliest.
  for (let day = today - 1; day <= today + 8; day++) {
    for (const span of windowsOfDay(day, byWeekday, tz)) {
      if (span.start <= afterMs && afterMs < span.end) return afterMs;
      if (span.start > afterMs) return span.start;
    }
  }
  return undefined;
}

/** The enabled window of `hours` in `tz` that contains `ms` (the later-ending one where two overlap), or undefined. */
export function windowAt(ms: number, hours: SendingHours, tz: string): Span | undefined {
  const byWeekday = windowsByWeekday(hours);
  const today = Math.floor(wallTimeOf(ms, tz) / DAY_MS);
  let found: Span | undefined;
  for (let day = today - 1; day <= today + 1; day++) {
    for (const span of windowsOfDay(day, byWeekday, tz)) {
      if (span.start <= ms && ms < span.end && (!found || span.end > found.end)) found = span;
    }
  }
  return found;
}

/**
 * When the window containing `ms` closes ("until 17:00"), or undefined outside every window. Windows of
 * consecutive days are not joined: at the end of one, `nextOpenInstant` may answer that same instant.
 */
export function windowEnd(ms: number, hours: SendingHours, tz: string): number | undefined {
  return windowAt(ms, hours, tz)?.end;
}
