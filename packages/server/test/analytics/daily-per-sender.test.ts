import type { AnalyticsCounts, DailyAnalyticsDay, MailboxStats } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { expectError } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createSender, getOk, seedWorkspace, V1, ZERO, type Seeded } from './analytics-fixture.js';

// GET /analytics/daily?sender= (v1 §4.8 names no sender filter; `sender` as /reports and the sequence stats
// take it): every series of the days, counted of one sender's mail only.

const RANGE = 'from=2026-03-05&to=2026-03-06';
const COUNT_KEYS = (Object.keys(ZERO) as (keyof AnalyticsCounts)[]).filter((k) => !k.endsWith('_rate'));
const countsOf = (d: AnalyticsCounts) => Object.fromEntries(COUNT_KEYS.map((k) => [k, d[k]]));
const NOTHING = countsOf(ZERO);

describeEachDialect('analytics: daily per sender', (dialect) => {
  const t = useTestServer(dialect);
  let seeded: Seeded;

  beforeAll(async () => {
    seeded = await seedWorkspace(t(), t().admin);
  });

  const daily = async (query: string) =>
    (await getOk<DailyAnalyticsDay[]>(t(), t().admin, `/analytics/daily?${query}`)).data;

  it("counts every series of one sender's mail, named by id or address", async () => {
    const [ann, bob] = [await daily(`${RANGE}&sender=${seeded.ann}`), await daily(`${RANGE}&sender=${seeded.bob}`)];
    expect(ann.map((d) => d.date)).toEqual(['2026-03-05', '2026-03-06']);
    expect(ann[0]).toMatchObject({
      sent: 2,
      opens: 1,
      opens_machine: 2,
      clicks: 1,
      clicks_machine: 1,
      replies: 1,
      auto_replies: 0,
      bounces: 2,
      soft_bounces: 0,
      unsubscribes: 1,
      open_rate: 50,
      bounce_rate: 66.67,
    });
    expect(countsOf(ann[1]!)).toEqual(NOTHING);
    expect(bob[0]).toMatchObject({ sent: 1, opens: 0, replies: 0, auto_replies: 1, bounces: 0, unsubscribes: 0 });
    expect(bob[1]).toMatchObject({ sent: 1, opens: 1, soft_bounces: 1, open_rate: 100 });
    expect(await daily(`${RANGE}&sender=Bob@Acme.Example`)).toEqual(bob);
    // With a sequence too: ann sent nothing for the follow-up.
    const none = await daily(`${RANGE}&sender=${seeded.ann}&sequence_id=${seeded.followUp}`);
    expect(none.map(countsOf)).toEqual([NOTHING, NOTHING]);
  });

  it('adds up, sender by sender, to the days of every sender', async () => {
    const senders = (await getOk<MailboxStats[]>(t(), t().admin, '/analytics/mailbox-stats')).data.map(
      (s) => s.sender_id,
    );
    expect(senders).toHaveLength(2);
    const queries = [
      RANGE,
      `${RANGE}&human=false`,
      `${RANGE}&sequence_id=${seeded.launch}`,
      `${RANGE}&timezone=Pacific/Kiritimati`,
    ];
    for (const query of queries) {
      const all = await daily(query);
      const per = await Promise.all(senders.map((id) => daily(`${query}&sender=${id}`)));
      const summed = all.map((day, i) =>
        Object.fromEntries(COUNT_KEYS.map((k) => [k, per.reduce((n, days) => n + days[i]![k], 0)])),
      );
      expect(summed, query).toEqual(all.map(countsOf));
      expect(
        summed.some((d) => d['sent']! > 0),
        `${query}: something to add up`,
      ).toBe(true);
    }
  });

  it("answers 404 naming sender for another workspace's sender or an unknown one", async () => {
    const other = await t().key('Other');
    const theirs = await createSender(t(), other, 'theirs@other.example');
    for (const sender of [theirs, 'theirs@other.example', 'nobody@acme.example']) {
      const body = expectError(
        await t().call(t().admin, 'GET', `${V1}/analytics/daily?${RANGE}&sender=${encodeURIComponent(sender)}`),
        404,
        'not_found',
      );
      expect(body.message).toBe(`sender ${JSON.stringify(sender)} was not found`);
    }
  });
});
