import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { createList, createSenders, deliveryOf, ONE_STEP, startSequence, tally } from './outreach.js';
import { leadOf, useBench } from './in-process.js';

const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const leads = (n: number) => Array.from({ length: n }, (_, i) => `lead${i}@lead.test`);

describeEachDialect('per-sender caps, gaps and rotation', (dialect) => {
  const bench = useBench(dialect);

  it('a cap of 2 a day sends 2 today and the rest from the start of the sender’s next local day', async () => {
    const b = await bench();
    const sink = await b.sink();
    // 10:00 UTC on Monday is 19:00 in Tokyo: the sender's day ends at 15:00 UTC, not at midnight UTC.
    const senders = await createSenders(b.api, sink.port, 1, { max_emails_per_day: 2, timezone: 'Asia/Tokyo' });
    const seqId = await startSequence(b.api, await createList(b.api, 'Capped', leads(5)), senders, {
      steps: ONE_STEP,
    });
    const tokyoMidnight = Date.parse('2026-03-02T15:00:00Z');

    await b.tick();
    expect(sink.messages).toHaveLength(2);
    const got = new Set(sink.messages.map((m) => m.to[0]));
    for (const email of leads(5).filter((e) => !got.has(e))) {
      const waiting = await leadOf(b.api, seqId, email);
      expect(waiting).toMatchObject({ status: 'active', reason: 'cap', next_send_at: tokyoMidnight });
    }
    await b.after(HOUR);
    await b.tick();
    expect(sink.messages).toHaveLength(2);
    await b.after(tokyoMidnight - 30 * SEC - b.ts.clock.ms);
    expect(sink.messages).toHaveLength(2);
    await b.after(31 * SEC);
    expect(sink.messages).toHaveLength(4);
    await b.after(HOUR);
    expect(sink.messages).toHaveLength(4);
    await b.after(DAY - HOUR);
    expect(sink.messages).toHaveLength(5);
    expect(new Set(sink.messages.map((m) => m.to[0])).size).toBe(5);
  });

  it('delayEnabled 5–10 minutes: consecutive sends of one sender are 5 to 10 minutes apart', async () => {
    const b = await bench();
    const sink = await b.sink();
    const senders = await createSenders(b.api, sink.port, 1);
    const seqId = await startSequence(b.api, await createList(b.api, 'Paced', leads(5)), senders, {
      steps: ONE_STEP,
      delayEnabled: true,
      delayFrom: 5,
      delayTo: 10,
    });
    const sentAt: number[] = [];
    await b.tick();
    expect(sink.messages).toHaveLength(1);
    sentAt.push(b.ts.clock.ms);
    const first = sink.messages[0]!.to[0];
    const held = await leadOf(b.api, seqId, first === 'lead4@lead.test' ? 'lead3@lead.test' : 'lead4@lead.test');
    expect(held).toMatchObject({ status: 'active', reason: 'gap' });
    // Look every 20 s for an hour: each send is recorded at the time the engine made it.
    for (let i = 0; i < 180 && sink.messages.length < 5; i++) {
      const before = sink.messages.length;
      await b.after(20 * SEC);
      expect(sink.messages.length - before).toBeLessThanOrEqual(1);
      if (sink.messages.length > before) sentAt.push(b.ts.clock.ms);
    }
    expect(sink.messages).toHaveLength(5);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(5 * MIN);
      expect(gap).toBeLessThanOrEqual(10 * MIN + 20 * SEC);
    }
  });

  it('rotation spreads leads over both senders, and a lead’s follow-up comes from its first sender', async () => {
    const b = await bench();
    const sink = await b.sink();
    const senders = await createSenders(b.api, sink.port, 2);
    const emails = leads(6);
    const seqId = await startSequence(b.api, await createList(b.api, 'Rotated', emails), senders, {
      steps: [...ONE_STEP, { type: 'delay', days: 1 }, { type: 'email', content: '<p>Following up</p>' }],
    });

    await b.tick();
    expect(sink.messages).toHaveLength(6);
    const firstFrom = new Map(sink.messages.map((m) => [m.to[0]!, m.from]));
    const perSender = tally([...firstFrom.values()], (from) => from);
    expect([...perSender.keys()].sort()).toEqual(['s0@sender.test', 's1@sender.test']);
    expect([...perSender.values()]).toEqual([3, 3]);
    const firstId = new Map(sink.messages.map((m) => [m.to[0]!, deliveryOf(m).messageId]));

    await b.after(DAY + MIN);
    expect(sink.messages).toHaveLength(12);
    for (const m of sink.messages.slice(6)) {
      const to = m.to[0]!;
      expect(m.from, to).toBe(firstFrom.get(to));
      expect(m.raw).toContain(`In-Reply-To: ${firstId.get(to)}`);
      const lead = await leadOf(b.api, seqId, to);
      expect(senders[Number(m.from[1])]).toBe(lead.sender_id);
    }
  });
});
