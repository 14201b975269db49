import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DAY_NAMES,
  DEFAULT_SENDING_HOURS,
  nextOpenInstant,
  windowAt,
  windowEnd,
  windowsByWeekday,
  type DayName,
  type MinuteWindow,
  type SendingHours,
} from '../../../src/domain/send-time/index.js';

const at = (iso: string): number => Date.parse(iso);
const NY = 'America/New_York';

/** Sending hours with the given days open and every other day off. */
const week = (open: Partial<Record<DayName, string>>): SendingHours =>
  DAY_NAMES.map((name) => {
    const [fromTime = '09:00', toTime = '17:00'] = open[name]?.split('-') ?? [];
    return { name, enabled: name in open, fromTime, toTime };
  });
const everyDay = (span: string): SendingHours => week(Object.fromEntries(DAY_NAMES.map((d) => [d, span])));

describe('nextOpenInstant', () => {
  it.each<[string, string, SendingHours, string, string]>([
    ['inside the window: at once', NY, DEFAULT_SENDING_HOURS, '2026-03-02T10:00:00-05:00', '2026-03-02T10:00:00-05:00'],
    ['at fromTime: at once', NY, DEFAULT_SENDING_HOURS, '2026-03-02T09:00:00-05:00', '2026-03-02T09:00:00-05:00'],
    [
      'before the window: when it opens',
      NY,
      DEFAULT_SENDING_HOURS,
      '2026-03-02T07:00:00-05:00',
      '2026-03-02T09:00:00-05:00',
    ],
    [
      'at toTime: the window has closed',
      NY,
      DEFAULT_SENDING_HOURS,
      '2026-03-02T17:00:00-05:00',
      '2026-03-03T09:00:00-05:00',
    ],
    [
      'a millisecond before toTime',
      NY,
      DEFAULT_SENDING_HOURS,
      '2026-03-02T16:59:59.999-05:00',
      '2026-03-02T16:59:59.999-05:00',
    ],
    [
      'Friday evening: Monday, weekends off',
      NY,
      DEFAULT_SENDING_HOURS,
      '2026-03-06T17:30:00-05:00',
      '2026-03-09T09:00:00-04:00',
    ],
    ['Saturday: Monday', NY, DEFAULT_SENDING_HOURS, '2026-03-07T12:00:00-05:00', '2026-03-09T09:00:00-04:00'],
    [
      '09:00 stays 09:00 local over spring-forward',
      NY,
      everyDay('09:00-17:00'),
      '2026-03-07T18:00:00-05:00',
      '2026-03-08T09:00:00-04:00',
    ],
    [
      '09:00 stays 09:00 local over fall-back',
      NY,
      everyDay('09:00-17:00'),
      '2026-10-31T18:00:00-04:00',
      '2026-11-01T09:00:00-05:00',
    ],
    [
      'a start in the skipped hour opens when the clock jumps',
      NY,
      everyDay('02:30-05:00'),
      '2026-03-08T00:00:00-05:00',
      '2026-03-08T03:00:00-04:00',
    ],
    [
      'the day after, 02:30 exists again',
      NY,
      everyDay('02:30-05:00'),
      '2026-03-08T06:00:00-04:00',
      '2026-03-09T02:30:00-04:00',
    ],
    [
      'a window wholly in the skipped hour stays shut that day',
      NY,
      everyDay('02:10-02:50'),
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T02:10:00-04:00',
    ],
    [
      'a repeated start opens at its first occurrence',
      NY,
      everyDay('01:30-05:00'),
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:30:00-04:00',
    ],
    [
      'the window runs on through the repeated hour',
      NY,
      everyDay('01:30-05:00'),
      '2026-11-01T01:10:00-05:00',
      '2026-11-01T01:10:00-05:00',
    ],
    [
      'a window in the repeated hour opens once',
      NY,
      everyDay('01:00-01:30'),
      '2026-11-01T01:45:00-04:00',
      '2026-11-02T01:00:00-05:00',
    ],
    [
      'London: a start in the skipped hour',
      'Europe/London',
      everyDay('01:30-03:00'),
      '2026-03-29T00:00:00Z',
      '2026-03-29T02:00:00+01:00',
    ],
    [
      'London: a repeated start',
      'Europe/London',
      everyDay('01:30-03:00'),
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T01:30:00+01:00',
    ],
    [
      'London: 09:00 local after the change',
      'Europe/London',
      DEFAULT_SENDING_HOURS,
      '2026-03-27T18:00:00Z',
      '2026-03-30T09:00:00+01:00',
    ],
    [
      'Sydney in summer (AEDT)',
      'Australia/Sydney',
      DEFAULT_SENDING_HOURS,
      '2026-01-04T21:00:00Z',
      '2026-01-05T09:00:00+11:00',
    ],
    [
      'Sydney in winter (AEST)',
      'Australia/Sydney',
      DEFAULT_SENDING_HOURS,
      '2026-07-05T21:00:00Z',
      '2026-07-06T09:00:00+10:00',
    ],
    [
      'Sydney: a start in the October skipped hour',
      'Australia/Sydney',
      everyDay('02:30-04:00'),
      '2026-10-03T14:00:00Z',
      '2026-10-04T03:00:00+11:00',
    ],
    [
      'Sydney: a repeated start in April',
      'Australia/Sydney',
      everyDay('02:30-04:00'),
      '2026-04-04T14:00:00Z',
      '2026-04-05T02:30:00+11:00',
    ],
    ['Kolkata, +05:30', 'Asia/Kolkata', DEFAULT_SENDING_HOURS, '2026-03-02T03:00:00Z', '2026-03-02T09:00:00+05:30'],
    ['Kathmandu, +05:45', 'Asia/Kathmandu', DEFAULT_SENDING_HOURS, '2026-03-02T03:00:00Z', '2026-03-02T09:00:00+05:45'],
    [
      'Kathmandu: Monday there while Sunday in UTC',
      'Asia/Kathmandu',
      DEFAULT_SENDING_HOURS,
      '2026-03-01T22:00:00Z',
      '2026-03-02T09:00:00+05:45',
    ],
    ['UTC', 'UTC', DEFAULT_SENDING_HOURS, '2026-03-06T17:00:00Z', '2026-03-09T09:00:00Z'],
    [
      'an overnight window still open the next morning',
      NY,
      week({ Friday: '22:00-06:00' }),
      '2026-03-07T03:00:00-05:00',
      '2026-03-07T03:00:00-05:00',
    ],
    [
      'an overnight window opens on its own day only',
      NY,
      week({ Friday: '22:00-06:00' }),
      '2026-03-07T06:00:00-05:00',
      '2026-03-13T22:00:00-04:00',
    ],
    [
      'a window to 24:00 runs to midnight',
      'UTC',
      week({ Monday: '18:00-24:00' }),
      '2026-03-02T23:59:00Z',
      '2026-03-02T23:59:00Z',
    ],
    [
      'a lunch break between two windows',
      'UTC',
      week({ Monday: '09:00-12:00' }).concat({ name: 'Monday', enabled: true, fromTime: '13:00', toTime: '17:00' }),
      '2026-03-02T12:15:00Z',
      '2026-03-02T13:00:00Z',
    ],
  ])('%s (%s)', (_, tz, hours, after, expected) => {
    expect(nextOpenInstant(at(after), hours, tz)).toBe(at(expected));
  });

  it.each<[string, SendingHours]>([
    ['every day disabled', DAY_NAMES.map((name) => ({ name, enabled: false, fromTime: '09:00', toTime: '17:00' }))],
    ['no days at all', []],
  ])('is undefined with %s', (_, hours) => {
    expect(nextOpenInstant(at('2026-03-02T10:00:00Z'), hours, NY)).toBeUndefined();
  });
});

describe('windowEnd and windowAt', () => {
  it.each<[string, string, SendingHours, string, string | undefined]>([
    ['until 17:00', NY, DEFAULT_SENDING_HOURS, '2026-03-02T10:00:00-05:00', '2026-03-02T17:00:00-05:00'],
    ['outside the window: none', NY, DEFAULT_SENDING_HOURS, '2026-03-02T17:00:00-05:00', undefined],
    ['on a day off: none', NY, DEFAULT_SENDING_HOURS, '2026-03-07T10:00:00-05:00', undefined],
    [
      'an overnight window ends the next morning',
      NY,
      week({ Friday: '22:00-06:00' }),
      '2026-03-06T23:00:00-05:00',
      '2026-03-07T06:00:00-05:00',
    ],
    [
      'an end in the skipped hour is the jump',
      NY,
      everyDay('00:00-02:30'),
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T03:00:00-04:00',
    ],
    [
      'a 25-hour day’s window is an hour longer',
      NY,
      everyDay('00:00-24:00'),
      '2026-11-01T12:00:00-05:00',
      '2026-11-02T00:00:00-05:00',
    ],
    [
      'the later end where two windows overlap',
      'UTC',
      week({ Monday: '22:00-06:00', Tuesday: '05:00-10:00' }),
      '2026-03-03T05:30:00Z',
      '2026-03-03T10:00:00Z',
    ],
  ])('%s', (_, tz, hours, ms, end) => {
    expect(windowEnd(at(ms), hours, tz)).toBe(end === undefined ? undefined : at(end));
  });

  it('answers the whole window', () => {
    expect(windowAt(at('2026-11-01T12:00:00-05:00'), everyDay('00:00-24:00'), NY)).toEqual({
      start: at('2026-11-01T00:00:00-04:00'),
      end: at('2026-11-02T00:00:00-05:00'),
    });
  });
});

// ---- properties ----

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const day = fc
  .record({
    name: fc.constantFrom(...DAY_NAMES),
    enabled: fc.boolean(),
    from: fc.integer({ min: 0, max: 1439 }),
    to: fc.integer({ min: 1, max: 1440 }),
  })
  .filter((d) => d.from !== d.to)
  .map((d) => ({ name: d.name, enabled: d.enabled, fromTime: hhmm(d.from), toTime: hhmm(d.to) }));
const anyHours = fc.array(day, { maxLength: 9 });
const instant = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-01-01T00:00:00Z') });

/** Whether the wall-clock reading (day number, minute of day) lies in an enabled window: an oracle built apart from the code. */
function openAtWallTime(byDay: MinuteWindow[][], dayNumber: number, minute: number): boolean {
  const weekday = (dayNumber + 4) % 7;
  const today = byDay[weekday]!.some((w) => w.from <= minute && minute < w.to);
  const lastNight = byDay[(weekday + 6) % 7]!.some((w) => minute + 1440 < w.to);
  return today || lastNight;
}

function localReading(ms: number, tz: string): { dayNumber: number; minute: number } {
  const d = DateTime.fromMillis(ms, { zone: tz });
  const wall = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond);
  return { dayNumber: Math.floor(wall / 86_400_000), minute: (wall % 86_400_000) / 60_000 };
}

describe('nextOpenInstant, for any sending hours', () => {
  it('in a zone without DST, is exactly the first minute at or after the time whose wall clock is in a window', () => {
    const fixed = fc.constantFrom(['UTC', 0], ['Asia/Kolkata', 330], ['Asia/Kathmandu', 345]);
    fc.assert(
      fc.property(instant, anyHours, fixed, (t, hours, [tz, offset]) => {
        const byDay = windowsByWeekday(hours);
        const openAt = (ms: number) => {
          const wall = ms + offset * 60_000;
          return openAtWallTime(byDay, Math.floor(wall / 86_400_000), (wall % 86_400_000) / 60_000);
        };
        let expected: number | undefined;
        if (openAt(t)) expected = t;
        else {
          for (let m = Math.ceil(t / 60_000) * 60_000; m < t + 9 * 86_400_000; m += 60_000) {
            if (openAt(m)) {
              expected = m;
              break;
            }
          }
        }
        expect(nextOpenInstant(t, hours, tz)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('in zones with DST, is at or after the time, inside a window, and nothing earlier after the time is', () => {
    const dst = fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Sydney');
    fc.assert(
      fc.property(instant, anyHours, dst, (t, hours, tz) => {
        const next = nextOpenInstant(t, hours, tz);
        if (next === undefined) {
          expect(windowsByWeekday(hours).flat()).toEqual([]);
          return;
        }
        expect(next).toBeGreaterThanOrEqual(t);
        expect(windowAt(next, hours, tz)).toBeDefined();
        if (next > t) expect(windowAt(next - 1, hours, tz)).toBeUndefined();
        // Away from a clock change, the local reading itself is in a window (near one, the tables above speak).
        const z = DateTime.fromMillis(next, { zone: tz });
        const nearChange = z.minus({ hours: 2 }).offset !== z.plus({ hours: 2 }).offset;
        if (!nearChange) {
          const { dayNumber, minute } = localReading(next, tz);
          expect(openAtWallTime(windowsByWeekday(hours), dayNumber, minute)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ends a window after it opens: windowEnd of the answer is later than the answer', () => {
    fc.assert(
      fc.property(instant, anyHours, fc.constantFrom(NY, 'Australia/Sydney', 'Asia/Kathmandu'), (t, hours, tz) => {
        const next = nextOpenInstant(t, hours, tz);
        if (next !== undefined) expect(windowEnd(next, hours, tz)).toBeGreaterThan(next);
      }),
      { numRuns: 200 },
    );
  });
});
