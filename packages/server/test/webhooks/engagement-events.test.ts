import { verifyWebhookSignature } from '@blinkpost/sdk';
import { afterEach, expect, it } from 'vitest';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { startReceiver, type Receiver } from './receiver.js';

const V1 = '/api/public/v1.0.0';
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

interface Delivery {
  event: string;
  data: Record<string, unknown>;
}

// The engine and the tracking endpoints announce what happened; a receiver checks each signature.
describeEachDialect('webhooks hear about sends, opens, clicks and unsubscribes', (dialect) => {
  const t = useTestServer(dialect, { webhooks: { allowPrivate: true }, publicUrl: 'https://track.test' });
  let o: Outreach | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await o?.sink.close();
    await receiver?.close();
    o = undefined;
  });

  it('sent, opened (flagged machine or not), clicked and unsubscribed arrive signed, each once', async () => {
    const ts = t();
    receiver = await startReceiver();
    const hook = await ts.call(ts.admin, 'POST', `${V1}/webhooks`, {
      url: receiver.url,
      events: ['sent', 'opened', 'clicked', 'unsubscribed'],
    });
    expect(hook.statusCode, hook.body).toBe(200);
    const secret = hook.json<{ data: { secret: string } }>().data.secret;

    o = await setUpOutreach(ts, [{ Email: 'wes@lead.test', First_Name: 'Wes' }]);
    await startSequence(ts, o, {
      steps: [
        {
          type: 'email',
          subject: 'Hi',
          content: '<p>See <a href="https://example.com/x">this</a> or <a href="{{unsubscribe_link}}">stop</a></p>',
        },
      ],
      checkEmailOpen: true,
      checkEmailClick: true,
    });
    await ts.server.engine.tick();
    const html = String((await parsed(o.sink))[0]!.html);
    const at = (kind: string) =>
      new URL(new RegExp(`"(https://track\\.test/t/${kind}/[^"]+)"`).exec(html)![1]!).pathname;
    ts.clock.advance(120_000);
    await ts.app.inject({ method: 'GET', url: at('o'), headers: { 'user-agent': CHROME } });
    await ts.app.inject({ method: 'GET', url: at('o'), headers: { 'user-agent': 'Mozilla/5.0' } });
    await ts.app.inject({ method: 'GET', url: at('c'), headers: { 'user-agent': CHROME } });
    await ts.app.inject({
      method: 'POST',
      url: at('u'),
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await ts.server.services.tracking.flush();
    await ts.server.webhookDispatcher.tick();

    const deliveries = receiver.received.map((r) => {
      const ok = verifyWebhookSignature(secret, String(r.headers['blinkpost-signature']), r.body, { now: ts.clock.ms });
      expect(ok).toBe(true);
      return JSON.parse(r.body) as Delivery;
    });
    const byEvent = (e: string) => deliveries.filter((d) => d.event === e);
    const data = (e: string) => byEvent(e).map((d) => d.data);
    expect(data('sent')).toHaveLength(1);
    expect(data('sent')[0]).toMatchObject({ email: 'wes@lead.test', subject: 'Hi' });
    expect(
      data('opened')
        .map((d) => d['machine'])
        .sort(),
    ).toEqual([false, true]);
    expect(data('clicked')).toHaveLength(1);
    expect(data('clicked')[0]).toMatchObject({ url: 'https://example.com/x', machine: false });
    expect(data('unsubscribed')).toHaveLength(1);
    expect(data('unsubscribed')[0]).toMatchObject({ email: 'wes@lead.test' });
    expect(deliveries).toHaveLength(5);
  });
});
