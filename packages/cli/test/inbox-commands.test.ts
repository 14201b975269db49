import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InboxSendResult, InboxThread, InboxThreadView } from '@blinkpost/contract';
import type { InboxPage } from '@blinkpost/sdk';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../../server/test/engine/engine-fixture.js';
import { plainReply } from '../../server/test/inbox/inbox-fixture.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

describeEachDialect('blinkpost inbox against a running server', (dialect) => {
  let t: TestServer;
  let o: Outreach;
  const remote = useRemoteCli(dialect, ['inbox']);
  const cli = remote.cli;
  const REPLY = '<bob-cli@lead.test>';

  beforeAll(async () => {
    t = remote.server();
    o = await setUpOutreach(t, [{ Email: 'bob@lead.test', First_Name: 'Bob', Company: 'Co' }]);
    await startSequence(t, o);
    await t.server.engine.tick();
    const [sent] = await parsed(o.sink);
    t.clock.advance(60_000);
    await t.server.services.inbox.process(
      o.senderId,
      Buffer.from(plainReply('bob@lead.test', sent!.messageId!, 'Hello Bob', 'Call me Friday.', REPLY)),
    );
  });
  afterAll(async () => {
    await o?.sink.close();
  });

  it('lists, shows, marks, replies and forwards', { timeout: 120_000 }, async () => {
    const page = json<InboxPage>(await cli('list'));
    expect(page.result.map((r) => [r.email, r.messageId, r.unread])).toEqual([['bob@lead.test', REPLY, true]]);
    const table = await cli('list', '--format', 'table');
    expect(table.stdout).toContain('bob@lead.test');
    expect(table.stdout).toContain('Call me Friday.');

    const thread = json<InboxThreadView>(await cli('thread', REPLY));
    expect(thread.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound']);

    const marked = json<InboxThread>(await cli('mark', REPLY, '--read', '--outcome', 'interested'));
    expect(marked).toMatchObject({ unread: false, outcome: 'interested' });
    const nothing = await cli('mark', REPLY);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('nothing to change');

    const reply = json<InboxSendResult>(
      await cli('reply', REPLY, '--content', '<p>Friday it is.</p>', '--cc', 'pat@lead.test'),
    );
    expect(reply.status).toBe('sent');
    const mail = await simpleParser(o.sink.messages.at(-1)!.raw);
    expect(mail.inReplyTo).toBe(REPLY);
    expect(mail.subject).toBe('Re: Hello Bob');

    const fwd = json<InboxSendResult>(await cli('forward', page.result[0]!.id, '--to', 'boss@acme.test'));
    expect(fwd).toMatchObject({ to: 'boss@acme.test', status: 'sent' });

    const missing = await cli('thread', 'nope');
    expect(missing.code).toBe(3);
  });
});
