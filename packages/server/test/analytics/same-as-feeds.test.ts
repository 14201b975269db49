import type {
  ActivityRecord,
  AnalyticsCounts,
  DailyAnalyticsDay,
  LeadStats,
  OverallAnalytics,
  SequenceStats,
} from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { createSequence, feed, recordActivity, type ActivityInput } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { DAY, getOk, MIN, T0, V1 } from './analytics-fixture.js';

// The analytics count exactly what the feeds list for the same filters: 600 events of every kind, made
// up by a seeded random generator, read both ways under several filters.

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const RECIPIENTS = Array.from({ length: 12 }, (_, i) => `Lead${i}@example.com`);
const SENDERS = ['ann@acme.example', 'bob@acme.example'];

/** The counts the feeds imply: people-only opens and clicks (`?human=true`), the rest of each feed apart. */
async function countsFromFeeds(read: (path: string) => Promise<ActivityRecord[]>, query: string) {
  const [sent, opens, humanOpens, clicks, humanClicks, replies] = await Promise.all([
    read(`/sent?${query}`),
    read(`/opens?${query}`),
    read(`/opens?human=true&${query}`),
    read(`/clicks?${query}`),
    read(`/clicks?human=true&${query}`),
    read(`/replies?${query}`),
  ]);
  const replied = replies.filter((r) => r.message === 'Replied');
  const bounced = replies.filter((r) => r.message === 'Bounced');
  return {
    sent: sent.length,
    opens: humanOpens.length,
    opens_machine: opens.length - humanOpens.length,
    clicks: humanClicks.length,
    clicks_machine: clicks.length - humanClicks.length,
    replies: replied.filter((r) => r.auto_reply === false).length,
    auto_replies: replied.filter((r) => r.auto_reply === true).length,
    // no refusals at send time in this workspace: every bounce is a Bounced record
    bounces: bounced.filter((r) => r.bounce === 'hard').length,
    soft_bounces: bounced.filter((r) => r.bounce === 'soft').length,
  };
}

const FEED_KEYS = [
  'sent',
  'opens',
  'opens_machine',
  'clicks',
  'clicks_machine',
  'replies',
  'auto_replies',
  'bounces',
  'soft_bounces',
] as const;
const feedPart = (c: AnalyticsCounts) => Object.fromEntries(FEED_KEYS.map((k) => [k, c[k]]));

describeEachDialect('analytics: the same numbers as the feeds', (dialect) => {
  const t = useTestServer(dialect);
  const sequences: string[] = [];

  beforeAll(async () => {
    for (const name of ['One', 'Two', 'Three']) sequences.push(await createSequence(t(), t().admin, name));
    const next = random(20260308);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const rows: ActivityInput[] = [];
    for (let i = 0; i < 600; i++) {
      const kind = pick(['sent', 'sent', 'open', 'open', 'click', 'reply', 'bounce'] as const);
      rows.push({
        kind,
        time: T0 + Math.floor(next() * 10 * DAY),
        sequence_id: pick(sequences),
        recipient_email: pick(RECIPIENTS),
        sender_email: pick(SENDERS),
        machine: (kind === 'open' || kind === 'click') && next() < 0.4 ? 1 : 0,
        auto_reply: kind === 'reply' && next() < 0.3 ? 1 : 0,
        bounce: kind === 'bounce' ? pick(['hard', 'soft']) : '',
      });
    }
    await recordActivity(t(), t().admin, rows);
    // Now is after the log, so the daily default (30 days up to now) and an open `to` cover all of it.
    t().clock.ms = T0 + 20 * DAY;
  });

  const read = async (path: string) => (await feed(t(), t().admin, `${V1}${path}`)).data;

  it('overall and daily equal the feeds for the whole log, a range, and each sequence', async () => {
    const filters = [
      '',
      `from=${T0 + 2 * DAY}&to=${T0 + 5 * DAY + 7 * MIN}`,
      ...sequences.map((id) => `sequence_id=${id}`),
      `sequence_id=${sequences[1]}&from=${T0 + 3 * DAY}`,
    ];
    for (const query of filters) {
      const expected = await countsFromFeeds(read, query);
      expect(expected.sent, query).toBeGreaterThan(0);
      const overall = await getOk<OverallAnalytics>(t(), t().admin, `/analytics/overall?${query}`);
      expect(feedPart(overall.data), query).toEqual(expected);

      // The days of a range add up to it, in any zone.
      for (const tz of ['America/New_York', 'Asia/Kolkata']) {
        const days = await getOk<DailyAnalyticsDay[]>(t(), t().admin, `/analytics/daily?${query}&timezone=${tz}`);
        const summed = Object.fromEntries(FEED_KEYS.map((k) => [k, days.data.reduce((n, d) => n + d[k], 0)]));
        expect(summed, `${query} ${tz}`).toEqual(expected);
      }
    }
  });

  it("a sequence's stats and each recipient's lead stats equal the feeds filtered the same way", async () => {
    for (const id of sequences) {
      const stats = await getOk<SequenceStats>(t(), t().admin, `/sequences/${id}/stats`);
      expect(feedPart(stats.data)).toEqual(await countsFromFeeds(read, `sequence_id=${id}`));
    }
    const leads = await getOk<LeadStats[]>(t(), t().admin, '/analytics/lead-stats');
    expect(leads.data).toHaveLength(RECIPIENTS.length);
    for (const row of leads.data) {
      const expected = await countsFromFeeds(read, `recipient_email_address=${encodeURIComponent(row.email)}`);
      expect(feedPart(row), row.email).toEqual(expected);
    }
  });
});
