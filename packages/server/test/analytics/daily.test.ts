import type { DailyAnalyticsDay } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { createSequence, expectError, recordActivity } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { getOk, V1 } from './analytics-fixture.js';

// GET /analytics/daily (v1 §4.8): local days of the zone asked for, across clock changes and in zones
// offset by half and quarter hours; idle days answered as zeros.

const at = (iso: string) => Date.parse(iso);

// One `sent` each. New York's clocks go from 02:00 EST to 03:00 EDT at 07:00 UTC on 8 March 2026.
const SENDS = [
  '2026-03-08T04:59:59.999Z', // 7 Mar 23:59:59.999 EST; already 8 Mar in UTC
  '2026-03-08T05:00:00.000Z', // 8 Mar 00:00 EST
  '2026-03-08T06:59:00.000Z', // 8 Mar 01:59 EST
  '2026-03-08T07:00:00.000Z', // 8 Mar 03:00 EDT
  '2026-03-09T03:59:59.000Z', // 8 Mar 23:59:59 EDT; 9 Mar in UTC
  '2026-03-09T04:00:00.000Z', // 9 Mar 00:00 EDT
  '2026-03-07T18:14:59.000Z', // 7 Mar 23:59:59 in Kathmandu (+5:45)
  '2026-03-07T18:15:00.000Z', // 8 Mar 00:00 in Kathmandu (+5:45); 7 Mar 23:45 in Kolkata
  '2026-03-07T18:29:59.000Z', // 7 Mar 23:59:59 in Kolkata
  '2026-03-07T18:30:00.000Z', // 8 Mar 00:00 in Kolkata
  '1970-06-02T00:44:29.000Z', // 1 Jun 23:59:59 in Monrovia (then -0:44:30, not a quarter hour)
  '1970-06-02T00:44:30.000Z', // 2 Jun 00:00:00 in Monrovia
];

describeEachDialect('analytics: daily', (dialect) => {
  const t = useTestServer(dialect);

  beforeAll(async () => {
    const seq = await createSequence(t(), t().admin, 'Daily');
    await recordActivity(
      t(),
      t().admin,
      SENDS.map((iso, i) => ({ kind: 'sent', time: at(iso), sequence_id: seq, recipient_email: `r${i}@lead.test` })),
    );
    // A machine open that must not count by default.
    await recordActivity(t(), t().admin, [
      { kind: 'open', time: at('2026-03-08T12:00:00Z'), sequence_id: seq, recipient_email: 'r0@lead.test', machine: 1 },
    ]);
  });

  const daily = async (query: string) => {
    const body = await getOk<DailyAnalyticsDay[]>(t(), t().admin, `/analytics/daily?${query}`);
    return body as typeof body & { timezone: string };
  };
  const sentByDay = (days: DailyAnalyticsDay[]) => Object.fromEntries(days.map((d) => [d.date, d.sent]));

  it('counts New York days across the March clock change, the short day 23 hours long', async () => {
    const body = await daily('from=2026-03-07&to=2026-03-09&timezone=America/New_York');
    expect(body.timezone).toBe('America/New_York');
    expect(body.count).toBe(3);
    expect(body.data.map((d) => [d.date, d.start, d.end, d.sent])).toEqual([
      ['2026-03-07', at('2026-03-07T05:00:00Z'), at('2026-03-08T05:00:00Z'), 5],
      ['2026-03-08', at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z'), 4],
      ['2026-03-09', at('2026-03-09T04:00:00Z'), at('2026-03-10T04:00:00Z'), 1],
    ]);
    // The machine open is kept apart.
    expect(body.data[1]).toMatchObject({ opens: 0, opens_machine: 1, open_rate: 0 });
  });

  it('counts the same instants by UTC days when no zone is given', async () => {
    const body = await daily('from=2026-03-07&to=2026-03-09');
    expect(body.timezone).toBe('UTC');
    expect(sentByDay(body.data)).toEqual({ '2026-03-07': 4, '2026-03-08': 4, '2026-03-09': 2 });
  });

  it('splits days at half- and quarter-hour offsets (Kolkata, Kathmandu)', async () => {
    const range = `from=${at('2026-03-07T12:00:00Z')}&to=${at('2026-03-07T23:00:00Z')}`;
    const kolkata = await daily(`${range}&timezone=Asia/Kolkata`);
    expect(sentByDay(kolkata.data)).toEqual({ '2026-03-07': 3, '2026-03-08': 1 });
    expect(kolkata.data[1]!.start).toBe(at('2026-03-07T18:30:00Z'));
    const kathmandu = await daily(`${range}&timezone=Asia/Kathmandu`);
    expect(sentByDay(kathmandu.data)).toEqual({ '2026-03-07': 1, '2026-03-08': 3 });
  });

  it('reads an instant to the millisecond where an old offset is not a whole quarter hour', async () => {
    const body = await daily('from=1970-06-01&to=1970-06-02&timezone=Africa/Monrovia');
    expect(body.data.map((d) => [d.date, d.sent])).toEqual([
      ['1970-06-01', 1],
      ['1970-06-02', 1],
    ]);
  });

  it('answers every day of a range as zeros when nothing happened, 30 days up to now by default', async () => {
    const quiet = await daily('from=2026-04-01&to=2026-04-03&timezone=Europe/Paris');
    expect(quiet.data.map((d) => [d.date, d.sent, d.open_rate])).toEqual([
      ['2026-04-01', 0, 0],
      ['2026-04-02', 0, 0],
      ['2026-04-03', 0, 0],
    ]);
    const byDefault = await daily('timezone=America/New_York');
    expect(byDefault.count).toBe(30);
    // The test clock reads 2 March 2026, 10:00 UTC: 05:00 in New York.
    expect(byDefault.data.at(-1)!.date).toBe('2026-03-02');
    expect(byDefault.data[0]!.date).toBe('2026-02-01');
  });

  it('answers 400 naming the parameter for a bad zone, date or range', async () => {
    const cases: [string, string][] = [
      ['timezone=Mars/Olympus_Mons', 'timezone'],
      ['timezone=', 'timezone'],
      ['from=2026-02-30', 'from'],
      ['to=soon', 'to'],
      ['from=2026-03-09&to=2026-03-07', 'from'],
      ['from=2020-01-01&to=2026-01-01', 'to'],
    ];
    for (const [query, field] of cases) {
      const body = expectError(
        await t().call(t().admin, 'GET', `${V1}/analytics/daily?${query}`),
        400,
        'invalid_request',
      );
      expect(body.message, query).toContain(field);
    }
  });
});
