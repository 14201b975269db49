import { DAY_MS, instantOfWallTime, wallTimeOf } from './send-time/wall-clock.js';

/** One calendar day of a time zone: its date and the instants it spans (`end` exclusive). */
export interface LocalDay {
  date: string;
  start: number;
  end: number;
}

const dateOf = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

/** The number of the local day (days since 1970-01-01 on `tz`'s clock) that instant `ms` falls on. */
export function localDayNumber(ms: number, tz: string): number {
  return Math.floor(wallTimeOf(ms, tz) / DAY_MS);
}

/** The first instant of local day number `n` of `tz` (its midnight, or the first instant after a skipped one). */
export const startOfLocalDay = (n: number, tz: string): number => instantOfWallTime(n * DAY_MS, tz);

/** Every local day of `tz` from the one holding `from` to the one holding `to`, in order. */
export function localDays(from: number, to: number, tz: string): LocalDay[] {
  const days: LocalDay[] = [];
  for (let n = localDayNumber(from, tz); n <= localDayNumber(to, tz); n++) {
    days.push({ date: dateOf(n), start: startOfLocalDay(n, tz), end: startOfLocalDay(n + 1, tz) });
  }
  return days;
}

/** The local date of instant `ms` in `tz`, `YYYY-MM-DD`. */
export const localDateOf = (ms: number, tz: string): string => dateOf(localDayNumber(ms, tz));

/**
 * The local date of every instant of `[start, end)` when they share one, else `undefined`. The span is
 * one date when the zone's offset is the same at both ends (no clock change inside: none comes twice
 * within minutes) and both ends fall on that date: then the clock runs straight through it.
 */
export function localDateOfSpan(start: number, end: number, tz: string): string | undefined {
  const first = wallTimeOf(start, tz);
  const last = wallTimeOf(end - 1, tz);
  if (first - start !== last - (end - 1)) return undefined;
  const day = Math.floor(first / DAY_MS);
  return day === Math.floor(last / DAY_MS) ? dateOf(day) : undefined;
}
