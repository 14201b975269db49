// The unified inbox (v1 §4.10) over replies recorded by InboxService.process (no IMAP needed):
// conversations, a conversation, labels and read state, and replies/forwards that reach a real SMTP sink.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { exchangeOutOfOffice, plainReply, postfixDsn, rfc822, V1 } from '../inbox/inbox-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';

interface Thread {
  id: string;
  messageId: string;
  task_type: string;
  email: string;
  subject: string;
  snippet: string;
  unread: boolean;
  outcome: string;
  auto_reply: boolean;
  bounce: boolean;
  sequence_id: string;
  lead_id: string;
  sender: string;
  status?: string;
}
interface Page {
  success: boolean;
  message?: string;
  data: { result: Thread[]; totalCount: number };
  count: number;
  messageIDs: string[];
}
interface ThreadView {
  unread: boolean;
  outcome: string;
  messages: {
    direction: string;
    kind: string;
    messageId: string;
    from: string;
    to: string;
    subject: string;
    time: number;
    body?: string;
    snippet: string;
  }[];
}

const MINUTE = 60_000;
const LEADS = ['bob@lead.test', 'cy@lead.test', 'dee@northwind.test', 'gus@gone.test'];

describeEachDialect('the unified inbox', (dialect) => {
  const ts = useTestServer(dialect);
  let t: TestServer;
  let o: Outreach;
  let seqId: string;
  const ours = new Map<string, string>();
  const BOB_REPLY = '<bob-1@lead.test>';

  const inbox = async (query = ''): Promise<Page> => {
    const res = await t.call(t.admin, 'GET', `${V1}/inbox${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };
  const byEmail = (p: Page) => new Map(p.data.result.map((r) => [r.email, r]));
  const receive = async (raw: string) => {
    t.clock.advance(MINUTE);
    const outcome = await t.server.services.inbox.process(o.senderId, Buffer.from(raw));
    expect(outcome.status).toBe('recorded');
    return outcome.id!;
  };
  const threadOf = async (ref: string): Promise<ThreadView> => {
    const res = await t.call(t.admin, 'GET', `${V1}/inbox/${encodeURIComponent(ref)}/thread`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ data: ThreadView }>().data;
  };
  const lastMail = async () => simpleParser(o.sink.messages.at(-1)!.raw);

  beforeAll(async () => {
    t = ts();
    o = await setUpOutreach(
      t,
      LEADS.map((Email) => ({ Email, First_Name: Email.split('@')[0]!, Company: 'Co' })),
      { rcptReply: (a) => (a === 'refuse@acme.test' ? { code: 550, message: '5.1.1 No such user' } : undefined) },
    );
    seqId = await startSequence(t, o);
    await t.server.engine.tick();
    for (const m of await parsed(o.sink))
      ours.set((m.to && 'text' in m.to ? m.to.text : '').toLowerCase(), m.messageId!);
    expect(ours.size).toBe(LEADS.length);
    await receive(
      plainReply(
        'Bob <bob@lead.test>',
        ours.get('bob@lead.test')!,
        'Hello bob',
        'Sounds <b>good</b> & cheap, call me.',
        BOB_REPLY,
      ),
    );
    await receive(exchangeOutOfOffice('dee@northwind.test', ours.get('dee@northwind.test')!, 'Hello dee'));
    await receive(
      rfc822(
        {
          From: 'cy@lead.test',
          To: 'ann@sender.test',
          Subject: 'Ticket #4411 received',
          'Message-ID': '<ticket-4411@helpdesk.lead.test>',
          'In-Reply-To': ours.get('cy@lead.test')!,
          'Auto-Submitted': 'auto-replied',
          'Content-Type': 'text/plain',
        },
        'We have received your request and will answer within 2 business days.',
      ),
    );
    await receive(postfixDsn('gus@gone.test', ours.get('gus@gone.test')!, true));
  });
  afterAll(async () => {
    await o?.sink.close();
  });

  it('lists one conversation per lead, latest first, auto-replies labelled and bounces flagged', async () => {
    const page = await inbox();
    expect(page.success).toBe(true);
    expect(page.data.totalCount).toBe(4);
    expect(page.count).toBe(4);
    expect(page.data.result.map((r) => r.email)).toEqual([
      'gus@gone.test',
      'cy@lead.test',
      'dee@northwind.test',
      'bob@lead.test',
    ]);
    expect(page.messageIDs).toEqual(page.data.result.map((r) => r.messageId));
    const rows = byEmail(page);
    expect(rows.get('bob@lead.test')).toMatchObject({
      messageId: BOB_REPLY,
      task_type: 'reply',
      subject: 'Re: Hello bob',
      unread: true,
      outcome: '',
      auto_reply: false,
      bounce: false,
      sequence_id: seqId,
      sender: 'ann@sender.test',
    });
    expect(rows.get('bob@lead.test')!.snippet).toContain('Sounds');
    expect(rows.get('dee@northwind.test')).toMatchObject({
      task_type: 'auto_reply',
      auto_reply: true,
      outcome: 'out-of-office',
    });
    expect(rows.get('cy@lead.test')).toMatchObject({ auto_reply: true, outcome: 'automatic-response' });
    expect(rows.get('gus@gone.test')).toMatchObject({ task_type: 'bounce', bounce: true, outcome: '' });
  });

  it('filters by outcome, search, sequence, sender and date, and pages with limit and skip', async () => {
    expect((await inbox('?outcome=out-of-office')).data.result.map((r) => r.email)).toEqual(['dee@northwind.test']);
    expect((await inbox('?search=CALL%20ME')).data.result.map((r) => r.email)).toEqual(['bob@lead.test']);
    expect((await inbox(`?sequence=${seqId}&sender=ANN@sender.test`)).data.totalCount).toBe(4);
    expect((await inbox(`?sender=${o.senderId}`)).data.totalCount).toBe(4);
    expect((await inbox('?sequence=nope')).data.totalCount).toBe(0);
    const now = t.clock.now();
    expect((await inbox(`?date=${now - 90_000}-${now}`)).data.result.map((r) => r.email)).toEqual([
      'gus@gone.test',
      'cy@lead.test',
    ]);
    const second = await inbox('?limit=2&skip=2');
    expect(second.data.result.map((r) => r.email)).toEqual(['dee@northwind.test', 'bob@lead.test']);
    expect(second.data.totalCount).toBe(4);
    expect((await inbox('?limit=500')).message).toBe('limit was clamped to 100');
    expect((await inbox('?type=draft')).data).toEqual({ result: [], totalCount: 0 });
    for (const [query, field] of [
      ['?type=inbox', 'type'],
      ['?outcome=maybe', 'outcome'],
      ['?date=yesterday', 'date'],
      ['?date=5-1', 'date'],
      ['?limit=0', 'limit'],
    ]) {
      const res = await t.call(t.admin, 'GET', `${V1}/inbox${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<{ message: string }>().message).toContain(field);
    }
  });

  it('shows a conversation newest first, addressed by our id or the URL-encoded Message-ID (brackets optional)', async () => {
    const bob = byEmail(await inbox()).get('bob@lead.test')!;
    const view = await threadOf(bob.id);
    expect(view.messages.map((m) => [m.direction, m.kind])).toEqual([
      ['inbound', 'reply'],
      ['outbound', 'sequence'],
    ]);
    expect(view.messages[1]).toMatchObject({
      messageId: ours.get('bob@lead.test'),
      from: 'ann@sender.test',
      to: 'bob@lead.test',
    });
    expect(view.messages[0]).toMatchObject({ messageId: BOB_REPLY, from: 'bob@lead.test', subject: 'Re: Hello bob' });
    expect(await threadOf(BOB_REPLY)).toEqual(view);
    expect(await threadOf('bob-1@lead.test')).toEqual(view);
  });

  it('marks read and unread, sets an outcome, and a newer reply makes the conversation unread again', async () => {
    const patch = (ref: string, body: unknown) =>
      t.call(t.admin, 'PATCH', `${V1}/inbox/${encodeURIComponent(ref)}`, body);
    let res = await patch(BOB_REPLY, { unread: false, outcome: 'interested' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ data: Thread }>().data).toMatchObject({ unread: false, outcome: 'interested' });
    expect((await inbox('?outcome=interested')).data.result.map((r) => r.email)).toEqual(['bob@lead.test']);
    expect((await threadOf(BOB_REPLY)).unread).toBe(false);

    await receive(
      plainReply('bob@lead.test', ours.get('bob@lead.test')!, 'Hello bob', 'Also, Friday works.', '<bob-2@lead.test>'),
    );
    const bob = byEmail(await inbox()).get('bob@lead.test')!;
    expect(bob).toMatchObject({ messageId: '<bob-2@lead.test>', unread: true, outcome: 'interested' });
    expect((await inbox()).data.totalCount).toBe(4);

    res = await patch('<bob-2@lead.test>', { unread: true, outcome: 'meeting-request' });
    expect(res.json<{ data: Thread }>().data).toMatchObject({ unread: true, outcome: 'meeting-request' });
    // A person's outcome replaces the default label of an auto-reply.
    res = await patch(byEmail(await inbox()).get('dee@northwind.test')!.id, { outcome: 'closed' });
    expect(res.json<{ data: Thread }>().data.outcome).toBe('closed');

    for (const [body, field] of [
      [{ outcome: 'maybe' }, 'outcome'],
      [{ unread: 'yes' }, 'unread'],
      [{}, 'body'],
      [{ unread: true, colour: 'red' }, 'colour'],
    ] as const) {
      const bad = await patch(BOB_REPLY, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json<{ message: string }>().message).toContain(field);
    }
  });

  it('do-not-contact puts the lead on the blocklist', async () => {
    const cy = byEmail(await inbox()).get('cy@lead.test')!;
    const res = await t.call(t.admin, 'PATCH', `${V1}/inbox/${cy.id}`, { outcome: 'do-not-contact' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ message: string }>().message).toContain('cy@lead.test added to the blocklist');
    const check = await t.call(t.admin, 'GET', `${V1}/unsubscribe/check?email=cy@lead.test`);
    expect(check.json<{ data: { blocked: boolean } }>().data.blocked).toBe(true);
  });

  it('replies from the original sender, threaded into the conversation, and shows the reply in it', async () => {
    const before = o.sink.messages.length;
    const res = await t.call(t.admin, 'POST', `${V1}/inbox/${encodeURIComponent('<bob-2@lead.test>')}/reply`, {
      content: '<p>Friday at 10 then.</p>',
      cc: 'pat@lead.test, Lou@Lead.test',
    });
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json<{ message: string; data: { id: string; messageId: string; status: string } }>();
    expect(sent.message).toBe('Reply sent');
    expect(sent.data.status).toBe('sent');
    expect(o.sink.messages).toHaveLength(before + 1);
    expect(o.sink.messages.at(-1)!.to.sort()).toEqual(['bob@lead.test', 'lou@lead.test', 'pat@lead.test']);
    const mail = await lastMail();
    expect(mail.from?.value[0]?.address).toBe('ann@sender.test');
    expect(mail.subject).toBe('Re: Hello bob');
    expect(mail.messageId).toBe(sent.data.messageId);
    expect(mail.inReplyTo).toBe('<bob-2@lead.test>');
    expect(mail.references).toEqual([ours.get('bob@lead.test'), BOB_REPLY, '<bob-2@lead.test>']);
    expect(mail.html).toContain('Friday at 10 then.');
    expect(mail.text).toContain('Friday at 10 then.');

    const view = await threadOf(BOB_REPLY);
    expect(view.messages[0]).toMatchObject({
      direction: 'outbound',
      kind: 'manual_reply',
      messageId: sent.data.messageId,
      to: 'bob@lead.test',
      body: '<p>Friday at 10 then.</p>',
    });
    const listed = await inbox('?type=sent');
    expect(listed.data.result.map((r) => [r.task_type, r.email, r.status])).toEqual([
      ['manual_reply', 'bob@lead.test', 'sent'],
    ]);
  });

  it('keeps a reply scheduled for later and the engine sends it when due', async () => {
    const dee = byEmail(await inbox()).get('dee@northwind.test')!;
    const due = t.clock.now() + 60 * MINUTE;
    const before = o.sink.messages.length;
    const res = await t.call(t.admin, 'POST', `${V1}/inbox/${dee.id}/reply`, {
      content: '<p>Welcome back!</p>',
      scheduled_time: due,
      tzMode: 'custom',
      selectedTimezone: 'Europe/Berlin',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ data: { status: string; scheduled_time: number } }>().data).toMatchObject({
      status: 'scheduled',
      scheduled_time: due,
    });
    expect(o.sink.messages).toHaveLength(before);
    expect((await inbox('?type=scheduled')).data.result.map((r) => [r.email, r.status])).toEqual([
      ['dee@northwind.test', 'scheduled'],
    ]);

    await t.server.engine.tick();
    expect(o.sink.messages).toHaveLength(before);
    t.clock.advance(61 * MINUTE);
    await t.server.engine.tick();
    expect(o.sink.messages).toHaveLength(before + 1);
    const mail = await lastMail();
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('dee@northwind.test');
    expect(mail.inReplyTo).toBe('<ooo-7f3a@EX01.prospect.test>');
    expect((await inbox('?type=scheduled')).data.totalCount).toBe(0);
    expect((await inbox('?type=sent')).data.result.map((r) => r.email)).toContain('dee@northwind.test');
  });

  it('marks a send interrupted by a crash failed instead of sending it twice', async () => {
    const dee = byEmail(await inbox()).get('dee@northwind.test')!;
    const res = await t.call(t.admin, 'POST', `${V1}/inbox/${dee.id}/reply`, {
      content: '<p>Later.</p>',
      scheduled_time: t.clock.now() + 10 * MINUTE,
    });
    expect(res.statusCode, res.body).toBe(200);
    // A worker takes it and dies before it records the outcome.
    const [taken] = await t.server.store.unifiedInbox.claimDue(
      t.clock.now() + 10 * MINUTE,
      10,
      t.clock.now() + 11 * MINUTE,
    );
    expect(taken?.id).toBe(res.json<{ data: { id: string } }>().data.id);
    const before = o.sink.messages.length;
    t.clock.advance(12 * MINUTE);
    await t.server.engine.tick();
    expect(o.sink.messages).toHaveLength(before);
    const failed = (await inbox('?type=sent&search=Later')).data.result;
    expect(failed.map((r) => r.status)).toEqual(['failed']);
  });

  it('forwards a reply, quoted and escaped, from the same sender', async () => {
    const res = await t.call(t.admin, 'POST', `${V1}/inbox/${encodeURIComponent(BOB_REPLY)}/forward`, {
      email: 'boss@acme.test',
      content: '<p>FYI</p>',
      messageID: BOB_REPLY,
    });
    expect(res.statusCode, res.body).toBe(200);
    const mail = await lastMail();
    expect(o.sink.messages.at(-1)!.to).toEqual(['boss@acme.test']);
    expect(mail.from?.value[0]?.address).toBe('ann@sender.test');
    expect(mail.subject).toBe('Fwd: Re: Hello bob');
    expect(mail.html).toContain('<p>FYI</p>');
    expect(mail.html).toContain('Sounds &lt;b&gt;good&lt;/b&gt; &amp; cheap');
    expect(mail.html).not.toContain('<b>good</b>');
    expect((await threadOf(BOB_REPLY)).messages[0]).toMatchObject({ kind: 'forward', to: 'boss@acme.test' });
  });

  it('answers 409 when the server refuses, and lists the message as failed', async () => {
    const res = await t.call(t.admin, 'POST', `${V1}/inbox/${encodeURIComponent(BOB_REPLY)}/forward`, {
      email: 'refuse@acme.test',
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ message: string }>().message).toContain('550');
    const failed = (await inbox('?type=sent&search=refuse')).data.result;
    expect(failed.map((r) => [r.email, r.status])).toEqual([['refuse@acme.test', 'failed']]);
  });

  it('answers 404 for unknown ids and other workspaces, 400 naming the field, 409 for replying to a bounce', async () => {
    const other = await t.key('Other workspace');
    const bob = byEmail(await inbox()).get('bob@lead.test')!;
    for (const [method, path, body] of [
      ['GET', `/inbox/${bob.id}/thread`, undefined],
      ['PATCH', `/inbox/${bob.id}`, { unread: false }],
      ['POST', `/inbox/${bob.id}/reply`, { content: 'x' }],
      ['POST', `/inbox/${bob.id}/forward`, {}],
    ] as const) {
      const res = await t.call(other, method, `${V1}${path}`, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    expect((await t.call(other, 'GET', `${V1}/inbox`)).json<Page>().data.totalCount).toBe(0);
    expect((await t.call(t.admin, 'GET', `${V1}/inbox/nope/thread`)).statusCode).toBe(404);

    for (const [body, field] of [
      [{}, 'content'],
      [{ content: '' }, 'content'],
      [{ content: 'x', cc: 'not-an-address' }, 'cc'],
      [{ content: 'x', bcc: 'a@b.test, nope' }, 'bcc[1]'],
      [{ content: 'x', scheduled_time: 'soon' }, 'scheduled_time'],
      [{ content: 'x', tzMode: 'moon' }, 'tzMode'],
    ] as const) {
      const res = await t.call(t.admin, 'POST', `${V1}/inbox/${bob.id}/reply`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<{ message: string }>().message).toContain(field);
    }
    const fwd = await t.call(t.admin, 'POST', `${V1}/inbox/${bob.id}/forward`, { email: 'nobody' });
    expect(fwd.statusCode).toBe(400);
    expect(fwd.json<{ message: string }>().message).toContain('email');

    // Message-IDs with '/', '+' and '=' (Gmail's) travel URL-encoded in one path segment.
    const slashy = '<CA+x/Yz=9Lw@mail.gmail.com>';
    await receive(plainReply('bob@lead.test', ours.get('bob@lead.test')!, 'Hello bob', 'One more thing.', slashy));
    expect((await threadOf(slashy)).messages[0]!.messageId).toBe(slashy);

    const gus = byEmail(await inbox()).get('gus@gone.test')!;
    expect((await t.call(t.admin, 'POST', `${V1}/inbox/${gus.id}/reply`, { content: 'x' })).statusCode).toBe(409);
  });
});
