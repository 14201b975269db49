import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InboxSendResult, InboxThread, InboxThreadView } from '@blinkpost/contract';
import type { InboxPage } from '@blinkpost/sdk';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../../server/test/engine/engine-fixture.js';
import { plainReply } from '../../server/test/inbox/inbox-fixture.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt, runCli, type CliResult } from './support/cli.js';

beforeAll(() => ensureBuilt());

function json<T>(res: CliResult): T {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
}

describeEachDialect('blinkpost inbox against a running server', (dialect) => {
  let t: TestServer;
  let o: Outreach;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(['inbox', ...args], { env });
  const REPLY = '<bob-cli@lead.test>';

  beforeAll(async () => {
    t = await startTestServer(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
    env = { BLINKPOST_URL: url, BLINKPOST_API_KEY: t.admin.key };
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
    await t?.server.close();
    await t?.testDb.destroy();
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
