import { DAY_MS, MINUTE_MS, instantOfWallTime, wallTimeOf } from './wall-clock.js';

/** A delay step: whole calendar days, then elapsed hours and minutes (hours and minutes are ours). */
export interface StepDelay {
  days?: number;
  hours?: number;
  minutes?: number;
}

function amount(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`delay ${name} must be a whole number of 0 or more`);
  return value;
}

/**
 * When a delay that starts at `fromMs` ends. Days are calendar days in `tz`: 09:30 plus one day is 09:30
 * the next day even across a DST change (23 or 25 real hours; a skipped time moves to the first instant
 * after, a repeated one takes its first occurrence). Hours and minutes are then added as elapsed time.
 */
export function addStepDelay(fromMs: number, delay: StepDelay, tz: string): number {
  const days = amount(delay.days, 'days');
  const elapsed = (amount(delay.hours, 'hours') * 60 + amount(delay.minutes, 'minutes')) * MINUTE_MS;
  const afterDays = days === 0 ? fromMs : instantOfWallTime(wallTimeOf(fromMs, tz) + days * DAY_MS, tz);
  return afterDays + elapsed;
}
