import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addStepDelay, type StepDelay } from '../../../src/domain/send-time/index.js';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const NY = 'America/New_York';

describe('addStepDelay', () => {
  it.each<[string, string, string, StepDelay, string]>([
    [
      'a day keeps 09:30 over spring-forward (23 real hours)',
      NY,
      '2026-03-07T09:30:00-05:00',
      { days: 1 },
      '2026-03-08T09:30:00-04:00',
    ],
    [
      'a day keeps 09:30 over fall-back (25 real hours)',
      NY,
      '2026-10-31T09:30:00-04:00',
      { days: 1 },
      '2026-11-01T09:30:00-05:00',
    ],
    ['three days over a change', 'Europe/London', '2026-03-27T10:00:00Z', { days: 3 }, '2026-03-30T10:00:00+01:00'],
    ['London in October', 'Europe/London', '2026-10-24T10:00:00+01:00', { days: 1 }, '2026-10-25T10:00:00Z'],
    [
      'Sydney in April (clocks back)',
      'Australia/Sydney',
      '2026-04-04T09:00:00+11:00',
      { days: 1 },
      '2026-04-05T09:00:00+10:00',
    ],
    [
      'Sydney in October (clocks forward)',
      'Australia/Sydney',
      '2026-10-03T09:00:00+10:00',
      { days: 2 },
      '2026-10-05T09:00:00+11:00',
    ],
    [
      'onto a skipped time: the instant the clock jumps',
      NY,
      '2026-03-07T02:30:00-05:00',
      { days: 1 },
      '2026-03-08T03:00:00-04:00',
    ],
    [
      'onto a repeated time: its first occurrence',
      NY,
      '2026-10-31T01:30:00-04:00',
      { days: 1 },
      '2026-11-01T01:30:00-04:00',
    ],
    [
      'from the second occurrence of a repeated time',
      NY,
      '2026-11-01T01:30:00-05:00',
      { days: 1 },
      '2026-11-02T01:30:00-05:00',
    ],
    [
      'hours are elapsed time: 24 hours over spring-forward is 10:30',
      NY,
      '2026-03-07T09:30:00-05:00',
      { hours: 24 },
      '2026-03-08T10:30:00-04:00',
    ],
    ['minutes are elapsed time', NY, '2026-03-08T01:50:00-05:00', { minutes: 20 }, '2026-03-08T03:10:00-04:00'],
    [
      'days, then hours and minutes',
      NY,
      '2026-03-07T09:30:00-05:00',
      { days: 1, hours: 2, minutes: 15 },
      '2026-03-08T11:45:00-04:00',
    ],
    ['no delay', NY, '2026-11-01T01:30:00-05:00', {}, '2026-11-01T01:30:00-05:00'],
    [
      'zero days keeps a second occurrence as it is',
      NY,
      '2026-11-01T01:30:00-05:00',
      { days: 0, minutes: 5 },
      '2026-11-01T01:35:00-05:00',
    ],
    ['Kathmandu', 'Asia/Kathmandu', '2026-03-02T09:00:00+05:45', { days: 7 }, '2026-03-09T09:00:00+05:45'],
    [
      'a day in the sequence’s zone, not UTC',
      'Asia/Kolkata',
      '2026-03-01T20:00:00Z',
      { days: 1 },
      '2026-03-02T20:00:00Z',
    ],
  ])('%s', (_, tz, from, delay, expected) => {
    expect(addStepDelay(at(from), delay, tz)).toBe(at(expected));
  });

  it.each<[StepDelay, string]>([
    [{ days: -1 }, 'delay days must be a whole number of 0 or more'],
    [{ days: 1.5 }, 'delay days must be a whole number of 0 or more'],
    [{ hours: Number.NaN }, 'delay hours must be a whole number of 0 or more'],
    [{ minutes: -5 }, 'delay minutes must be a whole number of 0 or more'],
  ])('refuses %j', (delay, message) => {
    expect(() => addStepDelay(0, delay, 'UTC')).toThrow(new RangeError(message));
  });

  it('keeps the local wall-clock time over whole days whenever that time exists on the day it lands', () => {
    const zones = fc.constantFrom(NY, 'Europe/London', 'Australia/Sydney', 'Asia/Kathmandu', 'UTC');
    const instant = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-01-01T00:00:00Z') });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 }), zones, (t, days, tz) => {
        const FORMAT = 'yyyy-MM-dd HH:mm:ss.SSS';
        const from = DateTime.fromMillis(t, { zone: tz });
        const day = DateTime.fromISO(from.toISODate()!, { zone: 'UTC' }).plus({ days }).toISODate()!;
        const wanted = `${day} ${from.toFormat('HH:mm:ss.SSS')}`;
        const probe = DateTime.fromFormat(wanted, FORMAT, { zone: tz });
        const result = addStepDelay(t, { days }, tz);
        if (probe.toFormat(FORMAT) === wanted) {
          // The reading exists: the result shows it, at its first occurrence.
          expect(DateTime.fromMillis(result, { zone: tz }).toFormat(FORMAT)).toBe(wanted);
          expect(result).toBeLessThanOrEqual(probe.toMillis());
        } else {
          // It was skipped: the result is the jump, the first instant whose reading is past it.
          expect(DateTime.fromMillis(result, { zone: tz }).toFormat(FORMAT) > wanted).toBe(true);
          expect(DateTime.fromMillis(result - 1, { zone: tz }).toFormat(FORMAT) < wanted).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('adds hours and minutes as elapsed time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.nat(1000), fc.nat(100_000), (t, hours, minutes) => {
        expect(addStepDelay(t, { hours, minutes }, NY)).toBe(t + hours * HOUR + minutes * 60_000);
      }),
    );
  });
});
