import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_NAMES,
  DEFAULT_SENDING_HOURS,
  localDayKey,
  nextSendTime,
  windowAt,
  windowTimeZone,
  type SendTimeInput,
} from '../../../src/domain/send-time/index.js';

const at = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const NY = 'America/New_York';

/** A lead in New York, the default hours, an idle sender in New York with a cap of 30 and a 15-minute gap. */
const base = (over: Partial<SendTimeInput> & { earliest: string }): SendTimeInput => ({
  earliestMs: at(over.earliest),
  hours: DEFAULT_SENDING_HOURS,
  leadTimeZone: NY,
  sequenceTimeZone: NY,
  gapMs: 15 * MIN,
  ...over,
  sender: { timeZone: NY, dailyCap: 30, ...over.sender },
});

describe('nextSendTime', () => {
  it.each<[string, SendTimeInput, string, string | null]>([
    ['nothing holds it: at once', base({ earliest: '2026-03-02T10:00:00-05:00' }), '2026-03-02T10:00:00-05:00', null],
    [
      'the gap is over: at once',
      base({
        earliest: '2026-03-02T10:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, lastSentAtMs: at('2026-03-02T09:40:00-05:00') },
      }),
      '2026-03-02T10:00:00-05:00',
      null,
    ],
    [
      'Saturday: the window opens on Monday',
      base({ earliest: '2026-03-07T10:00:00-05:00' }),
      '2026-03-09T09:00:00-04:00',
      'window',
    ],
    [
      'the sender sent 5 minutes ago: the gap',
      base({
        earliest: '2026-03-02T10:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, lastSentAtMs: at('2026-03-02T09:55:00-05:00') },
      }),
      '2026-03-02T10:10:00-05:00',
      'gap',
    ],
    [
      'a gap that runs past 17:00: tomorrow 09:00, held by the gap (the window alone would have let it go)',
      base({
        earliest: '2026-03-02T16:55:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, lastSentAtMs: at('2026-03-02T16:50:00-05:00') },
      }),
      '2026-03-03T09:00:00-05:00',
      'gap',
    ],
    [
      'the cap is reached today: tomorrow when the window opens, held by the cap',
      base({
        earliest: '2026-03-02T12:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 30 } },
      }),
      '2026-03-03T09:00:00-05:00',
      'cap',
    ],
    [
      'the cap is reached on Friday: Monday',
      base({
        earliest: '2026-03-06T12:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, sentOnDay: { day: '2026-03-06', count: 31 } },
      }),
      '2026-03-09T09:00:00-04:00',
      'cap',
    ],
    [
      'before the window with the cap reached: the cap, since the window would open today',
      base({
        earliest: '2026-03-02T07:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 30 } },
      }),
      '2026-03-03T09:00:00-05:00',
      'cap',
    ],
    [
      'after the window with the cap reached: the window, which holds longer',
      base({
        earliest: '2026-03-02T20:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 30 } },
      }),
      '2026-03-03T09:00:00-05:00',
      'window',
    ],
    [
      'a count from an earlier day does not hold today',
      base({
        earliest: '2026-03-02T10:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, sentOnDay: { day: '2026-03-01', count: 30 } },
      }),
      '2026-03-02T10:00:00-05:00',
      null,
    ],
    [
      'under the cap: at once',
      base({
        earliest: '2026-03-02T10:00:00-05:00',
        sender: { timeZone: NY, dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 29 } },
      }),
      '2026-03-02T10:00:00-05:00',
      null,
    ],
    [
      'a sender in Kolkata starts its next day at 13:30 New York time, inside the lead’s window',
      base({
        earliest: '2026-03-02T10:00:00-05:00',
        sender: { timeZone: 'Asia/Kolkata', dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 30 } },
      }),
      '2026-03-03T00:00:00+05:30',
      'cap',
    ],
    [
      'a sender in Kathmandu whose cap is from yesterday there sends at once, though it is still Monday in New York',
      base({
        earliest: '2026-03-02T15:00:00-05:00',
        sender: { timeZone: 'Asia/Kathmandu', dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 30 } },
      }),
      '2026-03-02T15:00:00-05:00',
      null,
    ],
    [
      'a sender in Honolulu starts its next day at 05:00 New York time: the lead’s window then opens at 09:00',
      base({
        earliest: '2026-03-02T10:00:00-05:00',
        sender: { timeZone: 'Pacific/Honolulu', dailyCap: 30, sentOnDay: { day: '2026-03-02', count: 30 } },
      }),
      '2026-03-03T09:00:00-05:00',
      'cap',
    ],
    [
      'the window is read in the lead’s zone',
      base({ earliest: '2026-03-02T10:00:00-05:00', leadTimeZone: 'Asia/Kolkata' }),
      '2026-03-03T09:00:00+05:30',
      'window',
    ],
    [
      'a lead without a zone uses the sequence’s',
      base({ earliest: '2026-03-02T02:00:00Z', leadTimeZone: undefined, sequenceTimeZone: 'Asia/Kathmandu' }),
      '2026-03-02T09:00:00+05:45',
      'window',
    ],
    [
      'a lead with an unknown zone uses the sequence’s',
      base({ earliest: '2026-03-02T02:00:00Z', leadTimeZone: 'Mars/Base', sequenceTimeZone: 'UTC' }),
      '2026-03-02T09:00:00Z',
      'window',
    ],
  ])('%s', (_, input, expected, heldBy) => {
    expect(nextSendTime(input)).toEqual({ at: at(expected), heldBy });
  });

  it('never sends with a cap of 0, and says the cap holds it', () => {
    expect(nextSendTime(base({ earliest: '2026-03-02T10:00:00Z', sender: { timeZone: NY, dailyCap: 0 } }))).toEqual({
      at: undefined,
      heldBy: 'cap',
    });
  });

  it('never sends with every day off, and says the window holds it', () => {
    const hours = DAY_NAMES.map((name) => ({ name, enabled: false, fromTime: '09:00', toTime: '17:00' }));
    expect(nextSendTime(base({ earliest: '2026-03-02T10:00:00Z', hours }))).toEqual({
      at: undefined,
      heldBy: 'window',
    });
  });

  it('keeps every limit at once, for any load', () => {
    const zones = fc.constantFrom(NY, 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC');
    const instant = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') });
    fc.assert(
      fc.property(
        instant,
        zones,
        zones,
        fc.integer({ min: 0, max: 48 * 60 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 60 }),
        (earliest, leadTz, senderTz, minutesSinceLast, gapMinutes, cap, count) => {
          const lastSentAtMs = earliest - minutesSinceLast * MIN;
          const day = localDayKey(earliest, senderTz);
          const input: SendTimeInput = {
            earliestMs: earliest,
            hours: DEFAULT_SENDING_HOURS,
            leadTimeZone: leadTz,
            sequenceTimeZone: NY,
            gapMs: gapMinutes * MIN,
            sender: { timeZone: senderTz, dailyCap: cap, lastSentAtMs, sentOnDay: { day, count } },
          };
          const { at: when, heldBy } = nextSendTime(input);
          expect(when).toBeDefined();
          const t = when!;
          expect(t).toBeGreaterThanOrEqual(earliest);
          expect(t).toBeGreaterThanOrEqual(lastSentAtMs + gapMinutes * MIN);
          expect(windowAt(t, DEFAULT_SENDING_HOURS, leadTz)).toBeDefined();
          if (count >= cap) expect(localDayKey(t, senderTz)).not.toBe(day);
          expect(heldBy === null).toBe(t === earliest);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('windowTimeZone', () => {
  it.each<[string | undefined, string]>([
    ['Asia/Kolkata', 'Asia/Kolkata'],
    [undefined, NY],
    ['', NY],
    ['Nowhere/Special', NY],
  ])('lead zone %j gives %s', (lead, expected) => {
    expect(windowTimeZone(lead, NY)).toBe(expected);
  });
});
