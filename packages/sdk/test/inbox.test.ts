import { simpleParser } from 'mailparser';
import { expect, it } from 'vitest';
import { ApiError } from '@blinkpost/sdk';
import { plainReply } from '../../server/test/inbox/inbox-fixture.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { sinkSender, startedSequence, useServedApi } from './support/served-api.js';

describeEachDialect('SDK inbox against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('lists a reply, reads its thread, labels it, replies and forwards from the sender', async () => {
    const { client, t, sink } = api();
    const sender = await client.senders.create(sinkSender(sink));
    const list = await client.createList({ name: 'Inbox leads' });
    await client.addContacts({ list_id: list.id, contacts: [{ Email: 'bob@lead.test' }] });
    const seq = await startedSequence(client, 'Replied', sender.id, list.id);
    await t.server.engine.tick();
    const ours = (await simpleParser(sink.messages[0]!.raw)).messageId!;
    t.clock.advance(60_000);
    await t.server.services.inbox.process(
      sender.id,
      Buffer.from(plainReply('bob@lead.test', ours, 'Hello', 'Tell me more.', '<bob@lead.test>')),
    );

    const page = await client.inbox.list({ sequence: seq.id });
    expect(page.totalCount).toBe(1);
    expect(page.messageIDs).toEqual(['<bob@lead.test>']);
    expect(page.result[0]).toMatchObject({ email: 'bob@lead.test', unread: true, task_type: 'reply' });
    const all = [];
    for await (const row of client.inbox.all()) all.push(row);
    expect(all).toHaveLength(1);

    const thread = await client.inbox.thread('<bob@lead.test>');
    expect(thread.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
    expect(await client.inbox.mark('<bob@lead.test>', { unread: false, outcome: 'interested' })).toMatchObject({
      unread: false,
      outcome: 'interested',
    });

    const reply = await client.inbox.reply('<bob@lead.test>', { content: '<p>Sure.</p>' });
    expect(reply.status).toBe('sent');
    const mail = await simpleParser(sink.messages.at(-1)!.raw);
    expect(mail.inReplyTo).toBe('<bob@lead.test>');
    expect(mail.subject).toBe('Re: Hello');
    const fwd = await client.inbox.forward(page.result[0]!.id, { email: 'boss@acme.test' });
    expect(fwd).toMatchObject({ status: 'sent', to: 'boss@acme.test', subject: 'Fwd: Re: Hello' });
    expect((await client.inbox.list({ type: 'sent' })).totalCount).toBe(2);

    const [read] = await client.inbox.messages({ sender_id: sender.id });
    expect(read).toMatchObject({ kind: 'reply', lead_email: 'bob@lead.test', corrected: false });
    expect(await client.inbox.message(read!.id)).toEqual(read);
    const corrected = await client.inbox.correctMessage(read!.id, { kind: 'auto_reply' });
    expect(corrected).toMatchObject({ id: read!.id, kind: 'auto_reply', original_kind: 'reply', corrected: true });

    const missing = await client.inbox.thread('nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBe(404);
  });
});
