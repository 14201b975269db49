// The long-running inbox poller against a real Dovecot: IDLE picks new mail up without a poll, a
// UIDVALIDITY change (Dovecot's BYE) is survived, a refused login is reported, and one worker at a
// time reads a mailbox.
import { expect, it } from 'vitest';
import { DEFAULT_INBOX_OPTIONS, InboxPoller, type InboxPollerOptions } from '../../src/engine/inbox-poller.js';
import { imapInboxOpener } from '../../src/mail/imap-inbox.js';
import { describeEachDialect } from '../support/dialects.js';
import { describeWithDovecot } from '../support/dovecot.js';
import { useTestServer, type TestServer } from '../support/test-server.js';
import { getData, ours, plainReply, setUpInbox, V1 } from './inbox-fixture.js';

const USERS = ['sqlite', 'postgres'].flatMap((d) => [
  { user: `idle-${d}@sender.test`, password: `idle-${d}` },
  { user: `lease-${d}@sender.test`, password: `lease-${d}` },
]);

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A poller of its own over the test server's store and services, with short waits. */
function pollerOf(t: TestServer, opts: Partial<InboxPollerOptions> = {}): InboxPoller {
  const { store, services } = t.server;
  return new InboxPoller(store, services.senders, services.inbox, imapInboxOpener(), t.clock, silent, {
    ...DEFAULT_INBOX_OPTIONS,
    backoffMs: 20,
    rescanMs: 50,
    ...opts,
  });
}

/** Waits until `check` holds, looking every 20 ms, for at most 10 s. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describeWithDovecot(
  'the inbox poller',
  (dovecot) => {
    describeEachDialect('the inbox poller', (dialect) => {
      const ts = useTestServer(dialect);
      const user = (name: string) => `${name}-${dialect}@sender.test`;

      it('is woken by IDLE, reconnects after a UIDVALIDITY change, and stops cleanly', async () => {
        const s = await setUpInbox(ts(), dovecot(), user('idle'), ['ron@lead.test', 'sue@lead.test']);
        // a wait far beyond the test's deadline: only IDLE can bring the mail in time
        const poller = pollerOf(s.t, { waitMs: 5 * 60_000 });
        const replied = (email: string) => async () => {
          const rows = await getData<{ lead_email: string }[]>(s.t, `${V1}/inbox/messages`);
          return rows.some((r) => r.lead_email === email);
        };
        try {
          poller.start();
          await eventually(async () => (await s.t.server.store.inbox.cursor(s.o.senderId)) !== undefined, 'connected');
          await dovecot().append(
            user('idle'),
            plainReply('ron@lead.test', ours(s, 'ron@lead.test'), 'Hi', 'Yes.', '<ron@lead.test>'),
          );
          await eventually(replied('ron@lead.test'), 'the first reply is recorded');

          const before = await s.t.server.store.inbox.cursor(s.o.senderId);
          const next = await dovecot().resetUidValidity(user('idle'));
          await dovecot().append(
            user('idle'),
            plainReply('sue@lead.test', ours(s, 'sue@lead.test'), 'Hi', 'No.', '<sue@lead.test>'),
          );
          await eventually(replied('sue@lead.test'), 'the reply after the reset is recorded');
          const after = await s.t.server.store.inbox.cursor(s.o.senderId);
          expect(after?.uidValidity).toBe(Number(next));
          expect(after?.uidValidity).not.toBe(before?.uidValidity);
          const replies = await getData<unknown[]>(s.t, `/api/public/replies?sequence_id=${s.seqId}`);
          expect(replies).toHaveLength(2);
        } finally {
          await poller.stop();
          await s.o.sink.close();
        }
        // stopped: the mailbox's lease is given up, so another worker may read it at once
        expect(await s.t.server.store.leases.get(`inbox:${s.o.senderId}`)).toBeUndefined();
      });

      it('one worker reads a mailbox at a time, and a refused login is reported, not thrown', async () => {
        const s = await setUpInbox(ts(), dovecot(), user('lease'), ['tom@lead.test']);
        const first = pollerOf(s.t);
        const second = pollerOf(s.t);
        try {
          first.start();
          await eventually(async () => (await s.t.server.store.inbox.cursor(s.o.senderId)) !== undefined, 'connected');
          expect(await second.pollOnce(s.o.senderId)).toMatchObject({
            read: 0,
            error: 'another worker reads this mailbox',
          });
          await first.stop();
          expect((await second.pollOnce(s.o.senderId)).error).toBeUndefined();

          const patch = await s.t.call(s.t.admin, 'PATCH', `${V1}/senders/${s.o.senderId}`, { imap_password: 'wrong' });
          expect(patch.statusCode, patch.body).toBe(200);
          const report = await second.pollOnce(s.o.senderId);
          expect(report.error).toMatch(/^login refused: /);
        } finally {
          await first.stop();
          await s.o.sink.close();
        }
      });
    });
  },
  { users: USERS },
);
