import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  instantOfWallTime,
  isValidTimeZone,
  localDayKey,
  startOfNextLocalDay,
  wallTimeOf,
} from '../../../src/domain/send-time/index.js';

const at = (iso: string): number => Date.parse(iso);
/** A wall-clock reading, written like an ISO time without an offset. */
const wall = (local: string): number => Date.parse(`${local}Z`);

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'UTC',
  'America/Santiago',
  'Pacific/Chatham',
] as const;
const instant = fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2029-01-01T00:00:00Z') });

describe('isValidTimeZone', () => {
  it.each(['America/New_York', 'Europe/London', 'Asia/Kathmandu', 'UTC', 'Etc/GMT+5'])('knows %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', 'New York', '+05:30', 'GMT+25', undefined, null, 5])('refuses %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('wallTimeOf and instantOfWallTime', () => {
  it.each([
    ['ordinary time in New York', 'America/New_York', '2026-03-02T09:00', '2026-03-02T09:00:00-05:00'],
    ['New York summer time', 'America/New_York', '2026-07-06T09:00', '2026-07-06T09:00:00-04:00'],
    [
      'the skipped 02:30 in New York moves to the jump, 03:00 EDT',
      'America/New_York',
      '2026-03-08T02:30',
      '2026-03-08T03:00:00-04:00',
    ],
    [
      'the skipped 02:00 in New York moves to the jump',
      'America/New_York',
      '2026-03-08T02:00',
      '2026-03-08T03:00:00-04:00',
    ],
    ['03:00 in New York just after the jump', 'America/New_York', '2026-03-08T03:00', '2026-03-08T03:00:00-04:00'],
    [
      'the repeated 01:30 in New York is its first occurrence (EDT)',
      'America/New_York',
      '2026-11-01T01:30',
      '2026-11-01T01:30:00-04:00',
    ],
    [
      'the skipped 01:30 in London moves to 02:00 BST',
      'Europe/London',
      '2026-03-29T01:30',
      '2026-03-29T02:00:00+01:00',
    ],
    [
      'the repeated 01:30 in London is its first occurrence (BST)',
      'Europe/London',
      '2026-10-25T01:30',
      '2026-10-25T01:30:00+01:00',
    ],
    [
      'the repeated 02:30 in Sydney is its first occurrence (AEDT)',
      'Australia/Sydney',
      '2026-04-05T02:30',
      '2026-04-05T02:30:00+11:00',
    ],
    [
      'the skipped 02:30 in Sydney moves to 03:00 AEDT',
      'Australia/Sydney',
      '2026-10-04T02:30',
      '2026-10-04T03:00:00+11:00',
    ],
    ['Kolkata is +05:30', 'Asia/Kolkata', '2026-03-08T09:00', '2026-03-08T09:00:00+05:30'],
    ['Kathmandu is +05:45', 'Asia/Kathmandu', '2026-03-08T09:00', '2026-03-08T09:00:00+05:45'],
    ['UTC', 'UTC', '2026-03-08T02:30', '2026-03-08T02:30:00Z'],
    [
      'a skipped midnight in Santiago moves to 01:00',
      'America/Santiago',
      '2026-09-06T00:00',
      '2026-09-06T01:00:00-03:00',
    ],
  ])('%s', (_, tz, local, iso) => {
    expect(instantOfWallTime(wall(local), tz)).toBe(at(iso));
  });

  it('reads both occurrences of a repeated hour as the same wall-clock time', () => {
    expect(wallTimeOf(at('2026-11-01T01:30:00-04:00'), 'America/New_York')).toBe(wall('2026-11-01T01:30'));
    expect(wallTimeOf(at('2026-11-01T01:30:00-05:00'), 'America/New_York')).toBe(wall('2026-11-01T01:30'));
  });

  it('throws a RangeError for an unknown zone', () => {
    expect(() => wallTimeOf(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => instantOfWallTime(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('round-trips every instant, except the second occurrence of a repeated time, which maps to the first', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, tz) => {
        const w = wallTimeOf(t, tz);
        const d = DateTime.fromMillis(t, { zone: tz });
        expect(w).toBe(Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond));
        const back = instantOfWallTime(w, tz);
        expect(back).toBeLessThanOrEqual(t);
        expect(wallTimeOf(back, tz)).toBe(w);
      }),
      { numRuns: 500 },
    );
  });

  it('never goes back in time as the wall clock goes forward', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 3 * 3_600_000 }), fc.constantFrom(...ZONES), (w, dw, tz) => {
        expect(instantOfWallTime(w + dw, tz)).toBeGreaterThanOrEqual(instantOfWallTime(w, tz));
      }),
      { numRuns: 500 },
    );
  });
});

describe('localDayKey', () => {
  it.each([
    ['2026-03-02T04:59:59Z', 'America/New_York', '2026-03-01'],
    ['2026-03-02T05:00:00Z', 'America/New_York', '2026-03-02'],
    ['2026-03-01T18:29:59Z', 'Asia/Kolkata', '2026-03-01'],
    ['2026-03-01T18:30:00Z', 'Asia/Kolkata', '2026-03-02'],
    ['2026-03-01T18:15:00Z', 'Asia/Kathmandu', '2026-03-02'],
    ['2026-03-01T13:00:00Z', 'Australia/Sydney', '2026-03-02'],
    ['2026-03-01T23:59:59.999Z', 'UTC', '2026-03-01'],
  ])('%s is %s day %s', (iso, tz, key) => {
    expect(localDayKey(at(iso), tz)).toBe(key);
  });

  it('agrees with the local date luxon reads', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, tz) => {
        expect(localDayKey(t, tz)).toBe(DateTime.fromMillis(t, { zone: tz }).toISODate());
      }),
      { numRuns: 500 },
    );
  });
});

describe('startOfNextLocalDay', () => {
  it.each([
    ['2026-03-02T15:00:00Z', 'America/New_York', '2026-03-03T00:00:00-05:00'],
    ['2026-03-07T23:00:00-05:00', 'America/New_York', '2026-03-08T00:00:00-05:00'],
    ['2026-03-08T12:00:00-04:00', 'America/New_York', '2026-03-09T00:00:00-04:00'],
    ['2026-11-01T01:30:00-05:00', 'America/New_York', '2026-11-02T00:00:00-05:00'],
    ['2026-03-02T15:00:00Z', 'Asia/Kolkata', '2026-03-03T00:00:00+05:30'],
    ['2026-03-02T15:00:00Z', 'Asia/Kathmandu', '2026-03-03T00:00:00+05:45'],
    ['2026-03-02T15:00:00Z', 'UTC', '2026-03-03T00:00:00Z'],
    ['2026-09-05T12:00:00-04:00', 'America/Santiago', '2026-09-06T01:00:00-03:00'],
  ])('after %s in %s is %s', (iso, tz, next) => {
    expect(startOfNextLocalDay(at(iso), tz)).toBe(at(next));
  });

  it('is later, on the next local day, and no instant between is on that day', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, tz) => {
        const next = startOfNextLocalDay(t, tz);
        expect(next).toBeGreaterThan(t);
        expect(localDayKey(next, tz)).not.toBe(localDayKey(t, tz));
        expect(localDayKey(next - 1, tz)).toBe(localDayKey(t, tz));
      }),
      { numRuns: 500 },
    );
  });
});
