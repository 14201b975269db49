import { afterEach, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { setUpOutreach, startSequence, type Outreach } from './engine-fixture.js';

const V1 = '/api/public/v1.0.0';

// A 5xx at send time is a hard bounce: it counts toward bounceThreshold and is announced, like one
// read from the mailbox.
describeEachDialect('bounces refused at send time', (dialect) => {
  const t = useTestServer(dialect, { webhooks: { allowPrivate: true } });
  let o: Outreach | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await o?.sink.close();
    await receiver?.close();
  });

  it('with bouncePause, the sequence pauses once its bounces reach bounceThreshold; each is announced', async () => {
    const ts = t();
    receiver = await startReceiver();
    await ts.call(ts.admin, 'POST', `${V1}/webhooks`, { url: receiver.url, events: ['bounced'] });
    const gone = (a: string) => (a.startsWith('gone') ? { code: 550, message: '5.1.1 User unknown' } : undefined);
    o = await setUpOutreach(
      ts,
      ['gone1@lead.test', 'gone2@lead.test', 'here@lead.test'].map((Email) => ({
        Email,
        First_Name: 'X',
        Company: 'Co',
      })),
      { rcptReply: gone },
    );
    const seqId = await startSequence(ts, o, { bouncePause: true, bounceThreshold: 2 });
    await ts.server.engine.tick();
    const seq = await ts.call(ts.admin, 'GET', `${V1}/sequences/${seqId}`);
    expect(seq.json<{ data: { status: string; status_reason: string } }>().data).toMatchObject({
      status: 'paused',
      status_reason: '2 hard bounces reached bounceThreshold 2',
    });
    await ts.server.webhookDispatcher.tick();
    const bounced = receiver.received.map((r) => JSON.parse(r.body) as { event: string; data: { email: string } });
    expect(bounced.map((b) => [b.event, b.data.email]).sort()).toEqual([
      ['bounced', 'gone1@lead.test'],
      ['bounced', 'gone2@lead.test'],
    ]);
  });
});
