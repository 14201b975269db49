import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { createList, createSenders, deliveryOf, ok, ONE_STEP, startSequence, statsOf, V1 } from './outreach.js';
import { leadOf, messagesOf, oneStepSequence, receivedBy, useBench } from './in-process.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describeEachDialect('what the engine does with SMTP refusals', (dialect) => {
  const bench = useBench(dialect);

  it('4xx: retried with back-off and the same Message-ID; after five tries the step is given up', async () => {
    const b = await bench();
    const tries = new Map<string, number>();
    const sink = await b.sink({
      rcptReply: (address) => {
        const n = (tries.get(address) ?? 0) + 1;
        tries.set(address, n);
        if (address === 'flaky@lead.test' && n === 1) return { code: 451, message: '4.3.0 Try again later' };
        if (address === 'down@lead.test') return { code: 421, message: '4.3.2 Service not available' };
        return undefined;
      },
    });
    const seqId = await oneStepSequence(b, sink, 'Refusals', ['ok@lead.test', 'flaky@lead.test', 'down@lead.test']);

    await b.tick();
    expect(receivedBy(sink, 'ok@lead.test')).toBe(1);
    const [first] = await messagesOf(b.api, seqId, 'flaky@lead.test');
    expect(first).toMatchObject({ status: 'retry', attempts: 1, error: expect.stringMatching(/451/) as string });
    expect(await messagesOf(b.api, seqId, 'down@lead.test')).toMatchObject([{ status: 'retry', attempts: 1 }]);
    expect(await leadOf(b.api, seqId, 'flaky@lead.test')).toMatchObject({
      status: 'active',
      next_send_at: b.ts.clock.ms + MIN,
    });

    // Not before the back-off is over …
    await b.after(MIN - 1_000);
    expect([tries.get('flaky@lead.test'), tries.get('down@lead.test')]).toEqual([1, 1]);
    // … and then with the Message-ID fixed at the first try.
    await b.after(2_000);
    expect(receivedBy(sink, 'flaky@lead.test')).toBe(1);
    const flaky = sink.messages.map(deliveryOf).find((d) => d.to === 'flaky@lead.test')!;
    expect(flaky.messageId).toBe(first!.message_id);
    expect(await messagesOf(b.api, seqId, 'flaky@lead.test')).toMatchObject([{ status: 'sent', attempts: 2 }]);

    // The server that keeps saying 421 is tried after 1, 5, 15 and 60 minutes, then given up.
    expect(tries.get('down@lead.test')).toBe(2);
    for (const wait of [5, 15, 60]) {
      await b.after((wait - 1) * MIN);
      const before = tries.get('down@lead.test')!;
      await b.after(MIN + 1_000);
      expect(tries.get('down@lead.test')).toBe(before + 1);
    }
    expect(tries.get('down@lead.test')).toBe(5);
    const down = await leadOf(b.api, seqId, 'down@lead.test');
    expect(down).toMatchObject({ status: 'stopped', lead_status: 'not_contacted' });
    expect(down.reason).toMatch(/gave up after 5 tries: 421/);
    expect(await messagesOf(b.api, seqId, 'down@lead.test')).toMatchObject([{ status: 'failed', attempts: 5 }]);

    await b.after(DAY);
    expect(tries.get('down@lead.test')).toBe(5);
    expect(sink.messages).toHaveLength(2);
  });

  it('550: the lead is bounced and stopped, the reason stored, and no later step or sequence mails it', async () => {
    const b = await bench();
    const sink = await b.sink({
      rcptReply: (address) =>
        address === 'gone@lead.test' ? { code: 550, message: '5.1.1 <gone@lead.test>: User unknown' } : undefined,
    });
    const senders = await createSenders(b.api, sink.port, 1);
    const list = await createList(b.api, 'Bounces', ['ok@lead.test', 'gone@lead.test']);
    const seqId = await startSequence(b.api, list, senders, {
      steps: [...ONE_STEP, { type: 'delay', days: 1 }, { type: 'email', content: '<p>Following up</p>' }],
    });

    await b.tick();
    const gone = await leadOf(b.api, seqId, 'gone@lead.test');
    expect(gone).toMatchObject({ status: 'stopped', lead_status: 'bounced' });
    expect(gone.reason).toMatch(/^bounced: 550 .*User unknown/);
    expect(await messagesOf(b.api, seqId, 'gone@lead.test')).toMatchObject([{ status: 'failed' }]);
    expect(await statsOf(b.api, seqId)).toMatchObject({ messages: { sent: 1, failed: 1 } });

    await b.after(DAY + MIN);
    expect(receivedBy(sink, 'ok@lead.test')).toBe(2);
    // A bounced address is not mailed by a new sequence either.
    const other = await startSequence(b.api, list, senders, { steps: ONE_STEP });
    await b.tick();
    expect(receivedBy(sink, 'ok@lead.test')).toBe(3);
    expect(receivedBy(sink, 'gone@lead.test')).toBe(0);
    expect(await leadOf(b.api, other, 'gone@lead.test')).toMatchObject({ status: 'stopped', reason: 'lead bounced' });
  });

  it('refusals after DATA: 451 is retried (the server answered, so it kept nothing), 554 bounces', async () => {
    const b = await bench();
    const later = await b.sink({ dataReply: { code: 451, message: '4.7.1 Greylisted, come back later' } });
    const never = await b.sink({ dataReply: { code: 554, message: '5.7.1 Message refused' } });
    const [laterId] = await createSenders(b.api, later.port, 1);
    const [neverId] = await createSenders(b.api, never.port, 1, { from_email: 'other@sender.test' });
    const a = await startSequence(b.api, await createList(b.api, 'A', ['a@lead.test']), [laterId!], {
      steps: ONE_STEP,
    });
    const z = await startSequence(b.api, await createList(b.api, 'Z', ['z@lead.test']), [neverId!], {
      steps: ONE_STEP,
    });

    await b.tick();
    expect(await messagesOf(b.api, a, 'a@lead.test')).toMatchObject([{ status: 'retry', attempts: 1 }]);
    expect(await leadOf(b.api, a, 'a@lead.test')).toMatchObject({
      status: 'active',
      next_send_at: b.ts.clock.ms + MIN,
    });
    expect(await messagesOf(b.api, z, 'z@lead.test')).toMatchObject([{ status: 'failed' }]);
    const z1 = await leadOf(b.api, z, 'z@lead.test');
    expect(z1).toMatchObject({ status: 'stopped', lead_status: 'bounced' });
    expect(z1.reason).toMatch(/^bounced: 554 .*Message refused/);
    expect(later.messages.length + never.messages.length).toBe(0);
  });

  it('535: the sender is paused and needs attention, so does the sequence; nothing is lost once it is fixed', async () => {
    const b = await bench();
    const sink = await b.sink();
    const [senderId] = await createSenders(b.api, sink.port, 1, { password: 'wrong-password' });
    const emails = ['ann@lead.test', 'bob@lead.test'];
    const seqId = await startSequence(b.api, await createList(b.api, 'Auth', emails), [senderId!], {
      steps: ONE_STEP,
    });

    await b.tick();
    expect(sink.messages).toHaveLength(0);
    const sender = await ok<{ status: string; paused: boolean; status_reason: string }>(
      b.api.call('GET', `${V1}/senders/${senderId}`),
    );
    expect(sender).toMatchObject({ status: 'needs-attention', paused: true });
    expect(sender.status_reason).toMatch(/535/);
    const seq = await ok<{ status: string; status_reason: string }>(b.api.call('GET', `${V1}/sequences/${seqId}`));
    expect(seq.status).toBe('needs-attention');
    expect(seq.status_reason).toMatch(/s0@sender\.test.*535/);
    const reserved = new Map<string, string>();
    for (const email of emails) {
      expect(await leadOf(b.api, seqId, email)).toMatchObject({ status: 'active' });
      for (const m of await messagesOf(b.api, seqId, email)) {
        expect(m).toMatchObject({ status: 'retry', attempts: 0 });
        reserved.set(email, m.message_id);
      }
    }
    expect(reserved.size).toBeGreaterThan(0);

    // Paused, it sends nothing however long it waits; fixed and resumed, each lead gets its step once.
    await b.after(DAY);
    expect(sink.messages).toHaveLength(0);
    const fixed = await ok<{ status: string }>(
      b.api.call('PATCH', `${V1}/senders/${senderId}`, { password: 'right-password', paused: false }),
    );
    expect(fixed.status).toBe('active');
    // Fixing it wakes the waiting leads: the very next pass sends, with no recheck interval to sit out.
    await b.tick();
    for (const email of emails) expect(receivedBy(sink, email)).toBe(1);
    for (const d of sink.messages.map(deliveryOf)) {
      if (reserved.has(d.to)) expect(d.messageId).toBe(reserved.get(d.to));
    }
    await b.after(MIN);
    const after = await ok<{ status: string; status_reason: string }>(b.api.call('GET', `${V1}/sequences/${seqId}`));
    expect(after).toMatchObject({ status: 'completed', status_reason: '' });
    expect(sink.messages).toHaveLength(2);
  });
});
