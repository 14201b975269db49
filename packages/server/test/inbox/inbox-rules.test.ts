// The sequence settings an inbound message obeys (stop scope, bounce threshold, checkEmailReply,
// stopWhenReplyRecieved), unsubscribing by reply, and real-world messages from the shared fixtures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { describeWithDovecot } from '../support/dovecot.js';
import { useTestServer } from '../support/test-server.js';
import { MAIL_FIXTURES as fixtureDir, mailFixturesPresent as fixturesPresent } from '../support/mail-fixtures.js';
import { DAY, getData, leadsOf, ours, plainReply, postfixDsn, rfc822, setUpInbox, V1 } from './inbox-fixture.js';

const fixture = (name: string) => readFileSync(path.join(fixtureDir, name), 'latin1');

const NAMES = ['domain', 'bounces', 'unsub', 'nocheck', 'nostop', 'fixtures'];
const USERS = ['sqlite', 'postgres'].flatMap((d) =>
  NAMES.map((n) => ({ user: `${n}-${d}@sender.test`, password: `pw-${n}-${d}` })),
);

describeWithDovecot(
  'inbound rules',
  (dovecot) => {
    describeEachDialect('inbound rules', (dialect) => {
      const ts = useTestServer(dialect);
      const user = (name: string) => `${name}-${dialect}@sender.test`;

      it('contact-with-same-domain: a reply from another address at the lead’s company stops everyone there', async () => {
        const leads = [
          'ann1@acme.test',
          'ann2@acme.test',
          'ann3@acme.test',
          'zed@other.test',
          'pat@gmail.com',
          'sam@gmail.com',
        ];
        const s = await setUpInbox(ts(), dovecot(), user('domain'), leads, {
          stopWhenReplyRecievedWhen: 'contact-with-same-domain',
        });
        try {
          // sales@ answers for ann1 (an alias at the same domain); pat answers from a public mail provider
          await dovecot().append(
            user('domain'),
            plainReply(
              'Sales <sales@acme.test>',
              ours(s, 'ann1@acme.test'),
              'Hello ann1',
              'Forwarded to me, let us talk.',
              '<r1@acme.test>',
            ),
          );
          await dovecot().append(
            user('domain'),
            plainReply('pat@gmail.com', ours(s, 'pat@gmail.com'), 'Hello pat', 'Sure.', '<r2@gmail.com>'),
          );
          await s.t.server.inboxPoller.pollOnce(s.o.senderId);
          const after = await leadsOf(s);
          expect(after.get('ann1@acme.test')).toMatchObject({ status: 'stopped', lead_status: 'replied' });
          for (const colleague of ['ann2@acme.test', 'ann3@acme.test']) {
            expect(after.get(colleague)).toMatchObject({
              status: 'stopped',
              lead_status: 'contacted',
              reason: 'replied: sales@acme.test at acme.test',
            });
          }
          expect(after.get('pat@gmail.com')).toMatchObject({ status: 'stopped', lead_status: 'replied' });
          for (const other of ['zed@other.test', 'sam@gmail.com']) expect(after.get(other)?.status).toBe('active');
          const [pat] = await getData<{ effects: string }[]>(
            s.t,
            `${V1}/inbox/messages?kind=reply&sequence_id=${s.seqId}`,
          );
          expect(pat?.effects).toContain('gmail.com is a public mail provider, so only this lead stopped');

          s.t.clock.advance(2 * DAY + 60_000);
          const before = s.o.sink.messages.length;
          await s.t.server.engine.tick();
          const followUps = s.o.sink.messages.slice(before).map((m) => /^To: (.*)$/m.exec(m.raw)?.[1]?.trim());
          expect(followUps.sort()).toEqual(['sam@gmail.com', 'zed@other.test']);
        } finally {
          await s.o.sink.close();
        }
      });

      it('bouncePause: the sequence pauses when its hard bounces reach bounceThreshold', async () => {
        const leads = ['a@gone.test', 'b@gone.test', 'c@slow.test', 'd@fine.test'];
        const s = await setUpInbox(ts(), dovecot(), user('bounces'), leads, { bouncePause: true, bounceThreshold: 2 });
        const status = async () =>
          (await getData<{ status: string; status_reason?: string }>(s.t, `${V1}/sequences/${s.seqId}`)).status;
        try {
          await dovecot().append(user('bounces'), postfixDsn('a@gone.test', ours(s, 'a@gone.test'), true));
          await dovecot().append(user('bounces'), postfixDsn('c@slow.test', ours(s, 'c@slow.test'), false));
          await s.t.server.inboxPoller.pollOnce(s.o.senderId);
          expect(await status()).toBe('running'); // one hard bounce; the soft one does not count

          await dovecot().append(user('bounces'), postfixDsn('b@gone.test', ours(s, 'b@gone.test'), true));
          await s.t.server.inboxPoller.pollOnce(s.o.senderId);
          expect(await status()).toBe('paused');
          const bounces = await getData<{ lead_email: string; effects: string }[]>(
            s.t,
            `${V1}/inbox/messages?kind=bounce`,
          );
          expect(bounces.find((b) => b.lead_email === 'b@gone.test')?.effects).toMatch(
            /Sequence paused: 2 hard bounces reached bounceThreshold 2\.$/,
          );
          expect((await leadsOf(s)).get('d@fine.test')?.status).toBe('active');
        } finally {
          await s.o.sink.close();
        }
      });

      it('a reply whose subject is "unsubscribe" puts the address on the blocklist', async () => {
        const s = await setUpInbox(ts(), dovecot(), user('unsub'), ['uma@lead.test', 'vic@lead.test']);
        try {
          // what a mail client sends for our List-Unsubscribe mailto: no In-Reply-To, subject "unsubscribe"
          await dovecot().append(
            user('unsub'),
            rfc822(
              { From: 'uma@lead.test', To: 'ann@sender.test', Subject: 'unsubscribe', 'Message-ID': '<u1@lead.test>' },
              '',
            ),
          );
          await s.t.server.inboxPoller.pollOnce(s.o.senderId);
          const check = await getData<{ blocked: boolean }>(s.t, `${V1}/unsubscribe/check?email=uma@lead.test`);
          expect(check.blocked).toBe(true);
          const leads = await leadsOf(s);
          expect(leads.get('uma@lead.test')).toMatchObject({ status: 'stopped', lead_status: 'unsubscribed' });
          expect(leads.get('vic@lead.test')?.status).toBe('active');
          const [msg] = await getData<{ effects: string }[]>(s.t, `${V1}/inbox/messages`);
          expect(msg?.effects).toMatch(/Asked to unsubscribe: uma@lead\.test added to the blocklist\.$/);
        } finally {
          await s.o.sink.close();
        }
      });

      it('checkEmailReply off: replies are not recorded, bounces still are', async () => {
        const s = await setUpInbox(ts(), dovecot(), user('nocheck'), ['kim@lead.test', 'lou@gone.test'], {
          checkEmailReply: false,
        });
        try {
          await dovecot().append(
            user('nocheck'),
            plainReply('kim@lead.test', ours(s, 'kim@lead.test'), 'Hi', 'Yes!', '<k1@lead.test>'),
          );
          await dovecot().append(user('nocheck'), postfixDsn('lou@gone.test', ours(s, 'lou@gone.test'), true));
          await s.t.server.inboxPoller.pollOnce(s.o.senderId);
          const replies = await getData<{ message: string }[]>(s.t, `/api/public/replies?sequence_id=${s.seqId}`);
          expect(replies.map((r) => r.message)).toEqual(['Bounced']);
          const [ignored] = await getData<{ matched: string }[]>(s.t, `${V1}/inbox/messages?kind=ignored`);
          expect(ignored?.matched).toMatch(/does not check replies \(checkEmailReply is off\)$/);
          expect((await leadsOf(s)).get('kim@lead.test')?.status).toBe('active');
        } finally {
          await s.o.sink.close();
        }
      });

      it('stopWhenReplyRecieved off: the reply counts and the lead goes on', async () => {
        const s = await setUpInbox(ts(), dovecot(), user('nostop'), ['max@lead.test'], {
          stopWhenReplyRecieved: false,
        });
        try {
          await dovecot().append(
            user('nostop'),
            plainReply('max@lead.test', ours(s, 'max@lead.test'), 'Hi', 'Tell me more.', '<m1@lead.test>'),
          );
          await s.t.server.inboxPoller.pollOnce(s.o.senderId);
          expect((await leadsOf(s)).get('max@lead.test')).toMatchObject({ status: 'active', lead_status: 'contacted' });
          const seq = await getData<{ replies: number }>(s.t, `${V1}/sequences/${s.seqId}`);
          expect(seq.replies).toBe(1);
        } finally {
          await s.o.sink.close();
        }
      });

      it.runIf(fixturesPresent)(
        'real-world messages: ours when they name our Message-ID, ignored as they are',
        async () => {
          const s = await setUpInbox(ts(), dovecot(), user('fixtures'), [
            'kijitora@neko.example.jp',
            'nyaan@vacation.test',
          ]);
          try {
            // A Postfix bounce and an Apple Mail vacation reply, pointed at what we sent
            const bounce = fixture('bounce_hard--sisimai--02.eml').replace(
              '<20141024104625.9C81E2203D@vagrant-centos65.vagrantup.com>',
              ours(s, 'kijitora@neko.example.jp'),
            );
            const vacation = fixture('auto_reply--sisimai--02.eml').replaceAll(
              '<25203A4E-F90F-4A14-BF51-3E7B9D39BE8E@libsisimai.org>',
              ours(s, 'nyaan@vacation.test'),
            );
            for (const raw of [bounce, vacation]) await dovecot().append(user('fixtures'), Buffer.from(raw, 'latin1'));
            // and, untouched, mail of other people's conversations
            const strangers = [
              'reply--talon--04.eml',
              'bounce_hard--sisimai--07.eml',
              'auto_reply--bounceparser--01.eml',
            ];
            for (const name of strangers)
              await dovecot().append(user('fixtures'), readFileSync(path.join(fixtureDir, name)));

            const report = await s.t.server.inboxPoller.pollOnce(s.o.senderId);
            expect(report).toMatchObject({ read: 5, recorded: 2, ignored: 3 });
            const records = await getData<{ lead_email: string; kind: string }[]>(s.t, `${V1}/inbox/messages`);
            expect(records.map((r) => [r.lead_email, r.kind]).sort()).toEqual([
              ['kijitora@neko.example.jp', 'bounce'],
              ['nyaan@vacation.test', 'auto_reply'],
            ]);
            const leads = await leadsOf(s);
            expect(leads.get('kijitora@neko.example.jp')).toMatchObject({ status: 'stopped', lead_status: 'bounced' });
            expect(leads.get('nyaan@vacation.test')?.status).toBe('active');
          } finally {
            await s.o.sink.close();
          }
        },
      );
    });
  },
  { users: USERS },
);
