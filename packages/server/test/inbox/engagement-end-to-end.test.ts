// Issue 4's "done when", in one flow: a sequence goes out with tracking; a person opens and clicks, a
// scanner opens and walks every link; one lead replies, one is out of office, one bounces (read from a
// real Dovecot). Each shows in the feeds, the counters, the stop rules and the webhooks, with reasons.
import { verifyWebhookSignature } from '@blinkpost/sdk';
import { afterAll, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { describeEachDialect } from '../support/dialects.js';
import { describeWithDovecot } from '../support/dovecot.js';
import { useTestServer } from '../support/test-server.js';
import {
  exchangeOutOfOffice,
  getData,
  leadsOf,
  ours,
  plainReply,
  postfixDsn,
  setUpInbox,
  V1,
} from './inbox-fixture.js';

const USERS = ['sqlite', 'postgres'].map((d) => ({ user: `e2e-${d}@sender.test`, password: `e2e-${d}` }));
const PERSON =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const BODY =
  '<p>Hi {{first_name}}, <a href="https://example.com/pricing">pricing</a> and <a href="https://example.com/demo">a demo</a>.</p>' +
  '<p><a href="{{unsubscribe_link}}">Unsubscribe</a></p>';

interface Feed {
  recipient_email_address: string;
  machine?: boolean;
  machine_reason?: string;
  auto_reply?: boolean;
  bounce?: string;
  message: string;
  snippet?: string;
}

describeWithDovecot(
  'tracking, the inbox and webhooks together',
  (dovecot) => {
    describeEachDialect('a sequence from send to reply', (dialect) => {
      const ts = useTestServer(dialect, { publicUrl: 'https://track.test', webhooks: { allowPrivate: true } });
      let receiver: Receiver | undefined;
      afterAll(async () => receiver?.close());

      it('person and scanner, reply, out-of-office and bounce: feeds, counters, stops and webhooks agree', async () => {
        receiver = await startReceiver();
        const leads = ['pat@lead.test', 'sam@scan.test', 'rae@lead.test', 'oto@away.test', 'bob@gone.test'];
        const s = await setUpInbox(ts(), dovecot(), `e2e-${dialect}@sender.test`, leads, {
          steps: [
            { type: 'email', subject: 'Hello {{first_name}}', content: BODY },
            { type: 'delay', days: 2 },
            { type: 'email', content: '<p>Following up.</p>' },
          ],
          checkEmailOpen: true,
          checkEmailClick: true,
        });
        const t = s.t;
        const hook = await t.call(t.admin, 'POST', `${V1}/webhooks`, { url: receiver.url });
        expect(hook.statusCode, hook.body).toBe(200);
        const secret = hook.json<{ data: { secret: string } }>().data.secret;
        // The webhook was made after step 1 went out; from here on every event reaches it.
        const html = new Map(
          s.o.sink.messages.map((m) => [
            /^To: (.+)$/m.exec(m.raw)![1]!.trim(),
            m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
          ]),
        );
        const urls = (email: string, kind: 'o' | 'c') =>
          [...html.get(email)!.matchAll(new RegExp(`https://track\\.test(/t/${kind}/[A-Za-z0-9_-]+)`, 'g'))].map(
            (m) => m[1]!,
          );

        t.clock.advance(10 * 60_000);
        const get = (url: string, ua: string) => t.app.inject({ method: 'GET', url, headers: { 'user-agent': ua } });
        await get(urls('pat@lead.test', 'o')[0]!, PERSON);
        expect((await get(urls('pat@lead.test', 'c')[0]!, PERSON)).headers['location']).toBe(
          'https://example.com/pricing',
        );
        await get(urls('sam@scan.test', 'o')[0]!, PROXY);
        for (const u of urls('sam@scan.test', 'c')) await get(u, PERSON);

        const d = dovecot();
        const user = `e2e-${dialect}@sender.test`;
        await d.append(
          user,
          plainReply(
            'Rae <rae@lead.test>',
            ours(s, 'rae@lead.test'),
            'Hello rae',
            'Tell me more.',
            '<rae-1@lead.test>',
          ),
        );
        await d.append(user, exchangeOutOfOffice('oto@away.test', ours(s, 'oto@away.test'), 'Hello oto'));
        await d.append(user, postfixDsn('bob@gone.test', ours(s, 'bob@gone.test'), true));
        await t.server.inboxPoller.pollOnce(s.o.senderId);
        await t.server.services.tracking.flush();

        // Feeds, with the machine flags and the reasons.
        const opens = await getData<Feed[]>(t, `/api/public/opens?sequence_id=${s.seqId}`);
        expect(opens.map((o) => [o.recipient_email_address, o.machine]).sort()).toEqual([
          ['pat@lead.test', false],
          ['sam@scan.test', true],
        ]);
        expect(opens.find((o) => o.machine)?.machine_reason).toMatch(/Google Image Proxy/);
        const clicks = await getData<Feed[]>(t, `/api/public/clicks?sequence_id=${s.seqId}`);
        expect(clicks.filter((c) => !c.machine).map((c) => c.recipient_email_address)).toEqual(['pat@lead.test']);
        expect(clicks.filter((c) => c.machine).every((c) => /every link/.test(c.machine_reason ?? ''))).toBe(true);
        const replies = await getData<Feed[]>(t, `/api/public/replies?sequence_id=${s.seqId}`);
        const reply = (email: string) => replies.find((r) => r.recipient_email_address === email);
        expect(reply('rae@lead.test')).toMatchObject({ auto_reply: false, snippet: 'Tell me more.' });
        expect(reply('oto@away.test')).toMatchObject({ auto_reply: true });
        expect(reply('bob@gone.test')).toMatchObject({ message: 'Bounced', bounce: 'hard' });

        // Counters: people only, one reply (the out-of-office and the bounce do not count).
        const seq = await getData<{ opens: number; clicks: number; replies: number }>(t, `${V1}/sequences/${s.seqId}`);
        expect(seq).toMatchObject({ opens: 1, clicks: 1, replies: 1 });

        // Stop rules: the reply and the bounce stop their leads; the out-of-office does not.
        const where = await leadsOf(s);
        expect(where.get('rae@lead.test')).toMatchObject({ status: 'stopped', lead_status: 'replied' });
        expect(where.get('bob@gone.test')).toMatchObject({ status: 'stopped', lead_status: 'bounced' });
        expect(where.get('oto@away.test')?.status).toBe('active');
        t.clock.advance(3 * 86_400_000);
        await t.server.engine.tick();
        const followUps = s.o.sink.messages.slice(leads.length).map((m) => /^To: (.+)$/m.exec(m.raw)![1]!.trim());
        expect(followUps.sort()).toEqual(['oto@away.test', 'pat@lead.test', 'sam@scan.test']);

        // Webhooks: each event once, signed, with the machine flag where it applies.
        await t.server.webhookDispatcher.tick();
        const events = receiver.received.map((r) => {
          expect(
            verifyWebhookSignature(secret, String(r.headers['blinkpost-signature']), r.body, { now: t.clock.ms }),
          ).toBe(true);
          return JSON.parse(r.body) as { event: string; data: { email: string; machine?: boolean } };
        });
        const count = (e: string) => events.filter((x) => x.event === e).length;
        expect(count('opened')).toBe(2);
        expect(events.filter((x) => x.event === 'opened' && x.data.machine === false).map((x) => x.data.email)).toEqual(
          ['pat@lead.test'],
        );
        expect(count('clicked')).toBe(1 + urls('sam@scan.test', 'c').length);
        expect(count('replied')).toBe(1);
        expect(count('auto_replied')).toBe(1);
        expect(count('bounced')).toBe(1);
        expect(count('sent')).toBe(3);
      });
    });
  },
  { users: USERS },
);
