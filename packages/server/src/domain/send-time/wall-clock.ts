import { IANAZone } from 'luxon';

/** One minute and one day, in milliseconds. */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Whether `tz` is a time zone this process knows (IANA names such as `America/New_York`, and `UTC`). */
export function isValidTimeZone(tz: unknown): tz is string {
  return typeof tz === 'string' && tz !== '' && IANAZone.isValidZone(tz);
}

/** A zone's offsets over one UTC year: `offsets[0]` from its start, `offsets[i + 1]` from `changes[i]` on. */
interface OffsetYear {
  changes: number[];
  offsets: number[];
}

// Asking the ICU time-zone data costs microseconds a call and the engine asks often, so each zone's offset
// changes are found once per year (a probe a day, then bisection to the millisecond) and kept; this memo
// changes no answer. It assumes a zone changes its offset at most once a day, which every zone does.
const offsetYears = new Map<string, Map<number, OffsetYear>>();

function scanYear(zone: IANAZone, year: number): OffsetYear {
  const raw = (ms: number): number => zone.offset(ms) * MINUTE_MS;
  const end = Date.UTC(year + 1, 0, 1);
  const table: OffsetYear = { changes: [], offsets: [] };
  let before = raw(Date.UTC(year, 0, 1));
  table.offsets.push(before);
  for (let lo = Date.UTC(year, 0, 1); lo < end; lo += DAY_MS) {
    let hi = Math.min(lo + DAY_MS, end);
    const after = raw(hi);
    if (after === before) continue;
    for (let l = lo; hi - l > 1;) {
      const mid = Math.floor((l + hi) / 2);
      if (raw(mid) === before) l = mid;
      else hi = mid;
    }
    table.changes.push(hi);
    table.offsets.push(after);
    before = after;
  }
  return table;
}

function offsetYear(tz: string, year: number): OffsetYear {
  let years = offsetYears.get(tz);
  if (!years) {
    if (!IANAZone.isValidZone(tz)) throw new RangeError(`unknown time zone ${JSON.stringify(tz)}`);
    years = new Map();
    offsetYears.set(tz, years);
  }
  let table = years.get(year);
  if (!table) {
    table = scanYear(IANAZone.create(tz), year);
    years.set(year, table);
  }
  return table;
}

/** The offset of `tz` from UTC at instant `ms`, in milliseconds; a RangeError for an unknown zone. */
function offsetMs(tz: string, ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${ms}`);
  const { changes, offsets } = offsetYear(tz, new Date(ms).getUTCFullYear());
  let i = 0;
  while (i < changes.length && (changes[i] as number) <= ms) i++;
  return offsets[i] as number;
}

/**
 * The wall-clock reading of instant `ms` in `tz`, as milliseconds since 1970-01-01T00:00 of that clock
 * (so `Math.floor(wall / DAY_MS)` is the local day number and `wall % DAY_MS` the time of day).
 */
export function wallTimeOf(ms: number, tz: string): number {
  return ms + offsetMs(tz, ms);
}

/**
 * The instant at which `tz`'s clock reads `wall`. A reading that happens twice (the hour repeated when
 * clocks go back) resolves to its first occurrence; a reading that never happens (the hour skipped when
 * clocks go forward) resolves to the first instant after it, the moment the clock jumps.
 */
export function instantOfWallTime(wall: number, tz: string): number {
  // The true instant lies within 14 hours of `wall`, so the offsets a day either side cover it, as long as a
  // zone does not change its offset twice within two days (none does).
  const before = offsetMs(tz, wall - DAY_MS);
  const after = offsetMs(tz, wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((t) => offsetMs(tz, t) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // A skipped reading: the clock jumps over it somewhere between the two candidates; find the jump.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  const offsetBefore = offsetMs(tz, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(tz, mid) === offsetBefore) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The local calendar day of `ms` in `tz` as `YYYY-MM-DD`, the key a sender's daily cap is counted under. */
export function localDayKey(ms: number, tz: string): string {
  return new Date(Math.floor(wallTimeOf(ms, tz) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of the local day after the one containing `ms` in `tz` (its midnight, or the first instant after a skipped midnight). */
export function startOfNextLocalDay(ms: number, tz: string): number {
  return instantOfWallTime((Math.floor(wallTimeOf(ms, tz) / DAY_MS) + 1) * DAY_MS, tz);
}
