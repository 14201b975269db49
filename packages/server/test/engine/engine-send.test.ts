import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { parsed, setUpOutreach, startSequence, type Outreach } from './engine-fixture.js';

const DAY = 86_400_000;

describeEachDialect('the engine sends a sequence over real SMTP', (dialect) => {
  const t = useTestServer(dialect);
  let o: Outreach | undefined;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  it('sends each step once, threaded, holds a lead missing a variable, and records it all', async () => {
    const ts = t();
    o = await setUpOutreach(ts, [
      { Email: 'bob@lead.test', First_Name: 'Bob', Company: 'Bobco' },
      { Email: 'cy@lead.test', First_Name: 'Cy', Company: 'Cyco' },
      { Email: 'dee@lead.test', First_Name: 'Dee' },
    ]);
    const seqId = await startSequence(ts, o);

    await ts.server.engine.tick();
    const first = await parsed(o.sink);
    expect(first.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual(['bob@lead.test', 'cy@lead.test']);
    const bob = first.find((m) => m.subject === 'Hello Bob')!;
    expect(bob.from?.text).toBe('"Ann Sender" <ann@sender.test>');
    expect(bob.html).toContain('<p>Hi Bob, how is Bobco?</p>');
    expect(bob.text).toContain('Hi Bob, how is Bobco?');

    const leads = await ts.call(ts.admin, 'GET', `/api/public/v1.0.0/sequences/${seqId}/leads`);
    const dee = leads
      .json<{ data: { Email: string; status: string; reason: string }[] }>()
      .data.find((l) => l.Email === 'dee@lead.test');
    expect(dee).toMatchObject({ status: 'held' });
    expect(dee?.reason).toMatch(/company/i);

    const sent = await ts.call(ts.admin, 'GET', `/api/public/sent?sequence_id=${seqId}`);
    const records = sent.json<{
      data: {
        recipient_email_address: string;
        message_id: string;
        subject: string;
        template_name: string;
        step: number;
      }[];
    }>().data;
    expect(records).toHaveLength(2);
    const bobRecord = records.find((r) => r.recipient_email_address === 'bob@lead.test')!;
    expect(bobRecord).toMatchObject({
      subject: 'Hello Bob',
      template_name: 'Intro',
      step: 1,
      message_id: bob.messageId,
    });

    // Nothing more is due until the delay passes, however often the engine looks.
    await ts.server.engine.tick();
    ts.clock.advance(DAY);
    await ts.server.engine.tick();
    expect(o.sink.messages).toHaveLength(2);

    ts.clock.advance(DAY + 60_000);
    await ts.server.engine.tick();
    const all = await parsed(o.sink);
    expect(all).toHaveLength(4);
    const followUp = all.find((m) => m.subject === 'Re: Hello Bob')!;
    expect(followUp.inReplyTo).toBe(bob.messageId);
    expect(followUp.references).toContain(bob.messageId);
    expect(followUp.text).toContain('Just following up, Bob.');

    await ts.server.engine.tick();
    ts.clock.advance(7 * DAY);
    await ts.server.engine.tick();
    expect(o.sink.messages).toHaveLength(4);
    const list = await ts.call(ts.admin, 'GET', '/api/public/sequences');
    expect(list.json<{ data: { id: string; sent: number }[] }>().data.find((s) => s.id === seqId)?.sent).toBe(4);
  });
});

describeEachDialect('the engine keeps to the lead’s sending window', (dialect) => {
  const t = useTestServer(dialect);
  let o: Outreach | undefined;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  it('waits for the sending window in the lead’s own time zone', async () => {
    const ts = t();
    o = await setUpOutreach(ts, [{ Email: 'kai@lead.test', First_Name: 'Kai', Company: 'K', Timezone: 'Asia/Tokyo' }]);
    await startSequence(ts, o);
    // 10:00 UTC on Monday is 19:00 in Tokyo: outside 09:00–17:00 there, so nothing goes yet.
    await ts.server.engine.tick();
    expect(o.sink.messages).toHaveLength(0);
    // 00:30 UTC Tuesday is 09:30 in Tokyo.
    ts.clock.advance(14.5 * 3_600_000);
    await ts.server.engine.tick();
    expect(o.sink.messages).toHaveLength(1);
  });
});
