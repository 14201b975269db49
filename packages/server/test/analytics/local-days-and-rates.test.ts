import { describe, expect, it } from 'vitest';
import { countsOf, emptyTally, percentOf } from '../../src/domain/engagement-counts.js';
import { localDateOfSpan, localDays } from '../../src/domain/local-days.js';

const at = (iso: string) => Date.parse(iso);
const Q = 15 * 60_000;

describe('localDateOfSpan: the one local date of a 15-minute bucket, if it has one', () => {
  it.each([
    ['America/New_York', '2026-03-08T06:45:00Z', '2026-03-08'], // 01:45–02:00 EST, just before the jump
    ['America/New_York', '2026-03-08T07:00:00Z', '2026-03-08'], // 03:00 EDT, just after
    ['America/New_York', '2026-03-08T04:45:00Z', '2026-03-07'], // 23:45 EST
    ['America/New_York', '2026-11-01T05:45:00Z', '2026-11-01'], // 01:45 EDT, before the hour repeats
    ['Asia/Kolkata', '2026-03-07T18:15:00Z', '2026-03-07'], // 23:45 IST
    ['Asia/Kolkata', '2026-03-07T18:30:00Z', '2026-03-08'], // 00:00 IST
    ['Asia/Kathmandu', '2026-03-07T18:00:00Z', '2026-03-07'], // 23:45 +0545
    ['Australia/Lord_Howe', '2026-04-04T14:45:00Z', '2026-04-05'], // a half-hour clock change (+11 → +10:30)
    ['Africa/Monrovia', '1970-06-02T00:30:00Z', undefined], // -0:44:30: local midnight falls inside
  ])('%s %s → %s', (tz, start, date) => {
    expect(localDateOfSpan(at(start), at(start) + Q, tz)).toBe(date);
  });
});

describe('localDays', () => {
  it('gives the short and long days of the clock changes their real length', () => {
    const spring = localDays(at('2026-03-08T12:00:00Z'), at('2026-03-08T12:00:00Z'), 'America/New_York')[0]!;
    const autumn = localDays(at('2026-11-01T12:00:00Z'), at('2026-11-01T12:00:00Z'), 'America/New_York')[0]!;
    expect([spring.date, (spring.end - spring.start) / 3_600_000]).toEqual(['2026-03-08', 23]);
    expect([autumn.date, (autumn.end - autumn.start) / 3_600_000]).toEqual(['2026-11-01', 25]);
  });
});

describe('rates', () => {
  it.each([
    [1, 3, 33.33],
    [2, 3, 66.67],
    [5, 4, 125],
    [0, 0, 0],
    [3, 0, 0],
  ])('%i of %i is %d%%', (part, whole, percent) => {
    expect(percentOf(part, whole)).toBe(percent);
  });

  it('answers zeros for nothing, and measures bounces against every attempt', () => {
    expect(Object.values(countsOf(emptyTally(), true)).every((n) => n === 0)).toBe(true);
    const t = { ...emptyTally(), sent: 3, refused: 1, bounce: 1, open: 1, open_machine: 2 };
    expect(countsOf(t, true)).toMatchObject({ bounces: 2, bounce_rate: 50, opens: 1, open_rate: 33.33 });
    expect(countsOf(t, false)).toMatchObject({ opens: 3, opens_machine: 2, open_rate: 100 });
  });
});
