// Replies, auto-replies and bounces read from a real Dovecot INBOX after the engine sent step 1:
// what /replies, the leads, the enrollments and the counters show; idempotency; corrections.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { describeWithDovecot } from '../support/dovecot.js';
import { useTestServer } from '../support/test-server.js';
import {
  DAY,
  exchangeOutOfOffice,
  getData,
  gmailReply,
  gmailVacation,
  leadsOf,
  ours,
  outlookReply,
  plainReply,
  postfixDsn,
  rfc822,
  setUpInbox,
  V1,
  type InboxSetup,
} from './inbox-fixture.js';

const USERS = ['sqlite', 'postgres'].map((d) => ({ user: `ann-${d}@sender.test`, password: `secret-${d}` }));

interface Reply {
  message: string;
  recipient_email_address: string;
  auto_reply?: boolean;
  snippet?: string;
  bounce?: string;
  reply_message_id?: string;
  message_id: string;
}
interface Inbound {
  id: string;
  kind: string;
  original_kind: string;
  corrected: boolean;
  lead_email: string;
  reason: string;
  matched: string;
  effects: string;
  from: string;
}

describeWithDovecot(
  'replies, auto-replies and bounces over IMAP',
  (dovecot) => {
    describeEachDialect('the inbox', (dialect) => {
      const ts = useTestServer(dialect);
      const imapUser = `ann-${dialect}@sender.test`;
      const LEADS = [
        'bob@lead.test',
        'cy@lead.test',
        'dee@northwind.test',
        'eve@prospect.test',
        'fay@travel.test',
        'gus@gone.test',
        'hal@slow.test',
        'ida@quiet.test',
      ];
      let s: InboxSetup;
      const repliesOf = () => getData<Reply[]>(s.t, `/api/public/replies?sequence_id=${s.seqId}`);
      const byLead = (rows: Reply[]) => new Map(rows.map((r) => [r.recipient_email_address, r]));
      const sequence = async () =>
        (await getData<{ id: string; replies: number }[]>(s.t, '/api/public/sequences')).find((x) => x.id === s.seqId)!;

      beforeAll(async () => {
        s = await setUpInbox(ts(), dovecot(), imapUser, LEADS);
        const d = dovecot();
        const put = (raw: string) => d.append(imapUser, raw);
        await put(
          plainReply(
            'Bob <bob@lead.test>',
            ours(s, 'bob@lead.test'),
            'Hello bob',
            "Sounds interesting, let's talk Thursday.",
            '<bob-1@lead.test>',
          ),
        );
        await put(gmailReply('Cy <cy@lead.test>', ours(s, 'cy@lead.test'), 'Hello cy', 'Yes please, send pricing.'));
        await put(outlookReply('Dee <dee@northwind.test>', 'Hello dee', 'Call me next week.'));
        await put(exchangeOutOfOffice('eve@prospect.test', ours(s, 'eve@prospect.test'), 'Hello eve'));
        await put(gmailVacation('fay@travel.test', ours(s, 'fay@travel.test'), 'Hello fay'));
        await put(postfixDsn('gus@gone.test', ours(s, 'gus@gone.test'), true));
        await put(postfixDsn('hal@slow.test', ours(s, 'hal@slow.test'), false));
        await put(
          rfc822(
            {
              From: 'news@stranger.test',
              To: 'ann@sender.test',
              Subject: 'Weekly digest',
              'Message-ID': '<digest-1@stranger.test>',
            },
            'Ten things to read this week.',
          ),
        );
        // our own copy of what went to ida (a Bcc to self), byte for byte
        const copy = s.o.sink.messages.find((m) => m.raw.includes(ours(s, 'ida@quiet.test')))!;
        await put(copy.raw);
      });
      afterAll(async () => s?.o.sink.close());

      it('reads each new message once and records a verdict for it', async () => {
        const [report] = await s.t.server.inboxPoller.tick().then((all) => all.filter((r) => r.read > 0));
        expect(report).toMatchObject({ read: 9, recorded: 7, ignored: 2, duplicates: 0 });
        expect(report?.error).toBeUndefined();
      });

      it('lists replies, auto-replies (flagged) and bounces in /replies with their snippets', async () => {
        const replies = byLead(await repliesOf());
        expect(replies.size).toBe(7);
        expect(replies.get('bob@lead.test')).toMatchObject({
          message: 'Replied',
          auto_reply: false,
          snippet: "Sounds interesting, let's talk Thursday.",
          reply_message_id: '<bob-1@lead.test>',
          message_id: ours(s, 'bob@lead.test'),
        });
        expect(replies.get('cy@lead.test')).toMatchObject({
          message: 'Replied',
          auto_reply: false,
          snippet: 'Yes please, send pricing.',
        });
        expect(replies.get('dee@northwind.test')).toMatchObject({ message: 'Replied', snippet: 'Call me next week.' });
        expect(replies.get('eve@prospect.test')).toMatchObject({ message: 'Replied', auto_reply: true });
        expect(replies.get('fay@travel.test')).toMatchObject({ message: 'Replied', auto_reply: true });
        expect(replies.get('gus@gone.test')).toMatchObject({ message: 'Bounced', bounce: 'hard', auto_reply: false });
        expect(replies.get('gus@gone.test')?.snippet).toMatch(/^5\.1\.1 .*User unknown/);
        expect(replies.get('hal@slow.test')).toMatchObject({ message: 'Bounced', bounce: 'soft' });
        expect(replies.has('ida@quiet.test')).toBe(false);
        // `?human=true` concerns opens and clicks only
        expect(await getData<Reply[]>(s.t, `/api/public/replies?sequence_id=${s.seqId}&human=true`)).toHaveLength(7);
        // only people's replies count
        expect((await sequence()).replies).toBe(3);
      });

      it('stops the leads who replied or bounced hard, and no one else', async () => {
        const leads = await leadsOf(s);
        for (const email of ['bob@lead.test', 'cy@lead.test', 'dee@northwind.test']) {
          expect(leads.get(email)).toMatchObject({ status: 'stopped', lead_status: 'replied' });
        }
        expect(leads.get('bob@lead.test')?.reason).toBe('replied: bob@lead.test');
        expect(leads.get('gus@gone.test')).toMatchObject({ status: 'stopped', lead_status: 'bounced' });
        expect(leads.get('gus@gone.test')?.reason).toMatch(/^bounced: 5\.1\.1 /);
        for (const email of ['eve@prospect.test', 'fay@travel.test', 'hal@slow.test', 'ida@quiet.test']) {
          expect(leads.get(email)).toMatchObject({ status: 'active', lead_status: 'contacted' });
        }
      });

      it('keeps the reason of every verdict, and what it matched, in the inbox listing', async () => {
        const all = await getData<Inbound[]>(s.t, `${V1}/inbox/messages`);
        expect(all.map((m) => m.kind).sort()).toEqual([
          'auto_reply',
          'auto_reply',
          'bounce',
          'bounce',
          'reply',
          'reply',
          'reply',
        ]);
        const dee = all.find((m) => m.lead_email === 'dee@northwind.test')!;
        expect(dee.matched).toMatch(/^the sender dee@northwind\.test is a lead this mailbox emailed/);
        expect(dee.effects).toMatch(/^Counted as a reply; dee@northwind\.test marked replied; 1 pending enrollment/);
        const eve = all.find((m) => m.lead_email === 'eve@prospect.test')!;
        expect(eve.reason).toBe('Auto-Submitted: auto-generated header (RFC 3834)');
        expect(eve.matched).toBe(`In-Reply-To/References name our message ${ours(s, 'eve@prospect.test')}`);
        const ignored = await getData<Inbound[]>(s.t, `${V1}/inbox/messages?kind=ignored`);
        expect(ignored.map((m) => m.matched).sort()).toEqual([
          expect.stringMatching(/^not ours: it names no Message-ID, and its sender news@stranger\.test is not a lead/),
          'our own sent copy: From is this mailbox (ann@sender.test)',
        ]);
        expect(await getData<Inbound[]>(s.t, `${V1}/inbox/messages?kind=bounce`)).toHaveLength(2);
      });

      it('changes nothing when the mailbox is read again, even under a new UIDVALIDITY', async () => {
        const again = (await s.t.server.inboxPoller.tick()).filter((r) => r.senderId === s.o.senderId);
        expect(again).toEqual([{ senderId: s.o.senderId, read: 0, recorded: 0, ignored: 0, duplicates: 0 }]);

        await dovecot().resetUidValidity(imapUser);
        const reread = (await s.t.server.inboxPoller.tick()).find((r) => r.senderId === s.o.senderId);
        expect(reread).toMatchObject({ read: 9, recorded: 0, ignored: 0, duplicates: 9 });
        expect(await repliesOf()).toHaveLength(7);
        expect((await sequence()).replies).toBe(3);
        expect(await getData<Inbound[]>(s.t, `${V1}/inbox/messages?kind=all`)).toHaveLength(9);
      });

      it('takes a correction: an out-of-office that was a person counts and stops the lead', async () => {
        const eve = (await getData<Inbound[]>(s.t, `${V1}/inbox/messages?kind=auto_reply`)).find(
          (m) => m.lead_email === 'eve@prospect.test',
        )!;
        const res = await s.t.call(s.t.admin, 'PATCH', `${V1}/inbox/messages/${eve.id}`, { kind: 'reply' });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json<{ message: string; data: Inbound }>();
        expect(body.data).toMatchObject({ kind: 'reply', original_kind: 'auto_reply', corrected: true });
        expect(body.message).toMatch(
          /^Corrected from auto-reply to reply: Counted as a reply; eve@prospect\.test marked replied/,
        );
        expect((await sequence()).replies).toBe(4);
        expect(byLead(await repliesOf()).get('eve@prospect.test')).toMatchObject({
          message: 'Replied',
          auto_reply: false,
        });
        expect((await leadsOf(s)).get('eve@prospect.test')).toMatchObject({
          status: 'stopped',
          lead_status: 'replied',
        });
      });

      it('takes a correction the other way: uncounted, and the lead stays stopped', async () => {
        const bob = (await getData<Inbound[]>(s.t, `${V1}/inbox/messages?kind=reply`)).find(
          (m) => m.lead_email === 'bob@lead.test',
        )!;
        const res = await s.t.call(s.t.admin, 'PATCH', `${V1}/inbox/messages/${bob.id}`, { kind: 'auto_reply' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<{ message: string }>().message).toMatch(/stays stopped: a correction never restarts a lead\.$/);
        expect((await sequence()).replies).toBe(3);
        expect(byLead(await repliesOf()).get('bob@lead.test')).toMatchObject({ auto_reply: true });
        expect((await leadsOf(s)).get('bob@lead.test')).toMatchObject({ status: 'stopped', lead_status: 'replied' });
      });

      it('keeps corrections when the mailbox is read again', async () => {
        await dovecot().resetUidValidity(imapUser);
        await s.t.server.inboxPoller.tick();
        const corrected = (await getData<Inbound[]>(s.t, `${V1}/inbox/messages`)).filter((m) => m.corrected);
        expect(corrected.map((m) => [m.lead_email, m.kind]).sort()).toEqual([
          ['bob@lead.test', 'auto_reply'],
          ['eve@prospect.test', 'reply'],
        ]);
        expect((await sequence()).replies).toBe(3);
      });

      it('refuses corrections of ignored mail, of bad bodies, and of another workspace’s messages', async () => {
        const [stranger] = await getData<Inbound[]>(s.t, `${V1}/inbox/messages?kind=ignored`);
        const conflict = await s.t.call(s.t.admin, 'PATCH', `${V1}/inbox/messages/${stranger!.id}`, { kind: 'reply' });
        expect(conflict.statusCode).toBe(409);
        const [some] = await getData<Inbound[]>(s.t, `${V1}/inbox/messages`);
        const bad = await s.t.call(s.t.admin, 'PATCH', `${V1}/inbox/messages/${some!.id}`, { kind: 'spam' });
        expect(bad.statusCode).toBe(400);
        const severity = await s.t.call(s.t.admin, 'PATCH', `${V1}/inbox/messages/${some!.id}`, {
          kind: 'reply',
          severity: 'hard',
        });
        expect(severity.statusCode).toBe(400);
        const other = await s.t.key('Someone else');
        for (const [method, body] of [
          ['GET', undefined],
          ['PATCH', { kind: 'reply' }],
        ] as const) {
          const res = await s.t.call(other, method, `${V1}/inbox/messages/${some!.id}`, body);
          expect(res.statusCode).toBe(404);
        }
        const theirs = await s.t.call(other, 'GET', `${V1}/inbox/messages?kind=all`);
        expect(theirs.json<{ data: unknown[] }>().data).toEqual([]);
        // v1 only
        expect((await s.t.call(s.t.admin, 'GET', '/api/public/inbox/messages')).statusCode).toBe(404);
      });

      it('sends the next step only to leads who neither replied nor bounced', async () => {
        s.t.clock.advance(2 * DAY + 60_000);
        const before = s.o.sink.messages.length;
        await s.t.server.engine.tick();
        const followUps = s.o.sink.messages.slice(before).map((m) => /^To: (.*)$/m.exec(m.raw)?.[1]?.trim());
        expect(followUps.sort()).toEqual(['fay@travel.test', 'hal@slow.test', 'ida@quiet.test']);
      });
    });
  },
  { users: USERS },
);
