import type { OverallAnalytics, SequenceStats } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { createSequence, expectError, recordActivity } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestKey } from '../support/test-server.js';
import { DAY, getOk, MIN, seedWorkspace, T0, V1, ZERO, type Seeded } from './analytics-fixture.js';

// GET /analytics/overall and /sequences/:id/stats (v1 §4.8, §4.3): people only by default, machines apart.

describeEachDialect('analytics: overall and sequence stats', (dialect) => {
  const t = useTestServer(dialect);
  let seeded: Seeded;
  let other: TestKey;
  let othersSequence: string;

  beforeAll(async () => {
    seeded = await seedWorkspace(t(), t().admin);
    other = await t().key('Other');
    othersSequence = await createSequence(t(), other, 'Theirs');
    await recordActivity(t(), other, [
      { kind: 'sent', time: T0, sequence_id: othersSequence, recipient_email: 'x@lead.test' },
      { kind: 'open', time: T0 + MIN, sequence_id: othersSequence, recipient_email: 'x@lead.test' },
    ]);
  });

  it('counts people only by default, with machine opens and clicks apart, and computes the rates', async () => {
    const { data } = await getOk<OverallAnalytics>(t(), t().admin, '/analytics/overall');
    expect(data).toEqual({
      from: 0,
      to: 0,
      human: true,
      sequence_id: '',
      sent: 4,
      opens: 2,
      opens_machine: 2,
      clicks: 1,
      clicks_machine: 1,
      replies: 1,
      auto_replies: 1,
      bounces: 2,
      soft_bounces: 1,
      unsubscribes: 1,
      open_rate: 50,
      click_rate: 25,
      reply_rate: 25,
      // one inbound hard bounce and one refusal, over four sent and one refused
      bounce_rate: 40,
      unsubscribe_rate: 25,
    });
  });

  it('adds machine opens and clicks with human=false, still reporting the machine counts apart', async () => {
    const { data } = await getOk<OverallAnalytics>(t(), t().admin, '/analytics/overall?human=false');
    expect(data).toMatchObject({ human: false, opens: 4, opens_machine: 2, clicks: 2, clicks_machine: 1 });
    expect(data).toMatchObject({ open_rate: 100, click_rate: 50, sent: 4 });
  });

  it('counts only the range, and answers zeros (not NaN or null) when nothing happened in it', async () => {
    const day2 = await getOk<OverallAnalytics>(
      t(),
      t().admin,
      `/analytics/overall?from=${T0 + DAY}&to=${T0 + 2 * DAY}`,
    );
    expect(day2.data).toMatchObject({
      from: T0 + DAY,
      to: T0 + 2 * DAY,
      sent: 1,
      opens: 1,
      soft_bounces: 1,
      bounces: 0,
    });
    expect(day2.data.open_rate).toBe(100);

    const iso = await getOk<OverallAnalytics>(t(), t().admin, '/analytics/overall?from=2026-03-06T12:00:00Z');
    expect(iso.data).toMatchObject({ from: T0 + DAY, sent: 1 });

    const empty = await getOk<OverallAnalytics>(
      t(),
      t().admin,
      `/analytics/overall?from=${T0 - 2 * DAY}&to=${T0 - DAY}`,
    );
    expect(empty.data).toEqual({ ...ZERO, from: T0 - 2 * DAY, to: T0 - DAY, human: true, sequence_id: '' });
  });

  it("narrows to one sequence, and answers 404 for an unknown or another workspace's", async () => {
    const launch = await getOk<OverallAnalytics>(t(), t().admin, `/analytics/overall?sequence_id=${seeded.launch}`);
    expect(launch.data).toMatchObject({ sequence_id: seeded.launch, sent: 3, opens: 1, bounces: 2, unsubscribes: 1 });
    expect(launch.data.open_rate).toBe(33.33);

    for (const id of [othersSequence, 'no-such-sequence']) {
      const body = expectError(
        await t().call(t().admin, 'GET', `${V1}/analytics/overall?sequence_id=${id}`),
        404,
        'not_found',
      );
      expect(body.message).toContain(id);
    }
    // The other workspace sees its own numbers only.
    const theirs = await getOk<OverallAnalytics>(t(), other, '/analytics/overall');
    expect(theirs.data).toMatchObject({ sent: 1, opens: 1, bounces: 0, unsubscribes: 0 });
  });

  it('answers 400 naming the parameter for a bad from, to or human, and for from after to', async () => {
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['to=2026-13-45', 'to'],
      [`from=${T0}&to=${T0 - 1}`, 'from'],
      ['human=perhaps', 'human'],
    ];
    for (const [query, field] of cases) {
      const body = expectError(
        await t().call(t().admin, 'GET', `${V1}/analytics/overall?${query}`),
        400,
        'invalid_request',
      );
      expect(body.message, query).toContain(field);
    }
  });

  it('gives a sequence its counts with its leads and messages, for a range and a sender when asked', async () => {
    const all = await getOk<SequenceStats>(t(), t().admin, `/sequences/${seeded.launch}/stats`);
    expect(all.data).toMatchObject({
      sequence_id: seeded.launch,
      name: 'Launch',
      sender: '',
      human: true,
      sent: 3,
      opens: 1,
      opens_machine: 2,
      clicks: 1,
      clicks_machine: 1,
      replies: 1,
      auto_replies: 1,
      bounces: 2,
      unsubscribes: 1,
      bounce_rate: 50,
      messages: { failed: 1 },
    });

    const bobs = await getOk<SequenceStats>(t(), t().admin, `/sequences/${seeded.launch}/stats?sender=${seeded.bob}`);
    expect(bobs.data).toMatchObject({ sender: 'bob@acme.example', sent: 1, auto_replies: 1, opens: 0, bounces: 0 });
    const byAddress = await getOk<SequenceStats>(
      t(),
      t().admin,
      `/sequences/${seeded.launch}/stats?sender=BOB@acme.example`,
    );
    expect(byAddress.data.sent).toBe(1);

    const early = await getOk<SequenceStats>(t(), t().admin, `/sequences/${seeded.launch}/stats?to=${T0 + 15 * MIN}`);
    expect(early.data).toMatchObject({ to: T0 + 15 * MIN, sent: 3, opens: 1, clicks: 0, replies: 0, bounces: 1 });

    expectError(await t().call(t().admin, 'GET', `${V1}/sequences/${othersSequence}/stats`), 404, 'not_found');
    const noSender = expectError(
      await t().call(t().admin, 'GET', `${V1}/sequences/${seeded.launch}/stats?sender=nobody@acme.example`),
      404,
      'not_found',
    );
    expect(noSender.message).toContain('sender');
  });
});
