import { expect, it } from 'vitest';
import { ApiError } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { sinkSender, useServedApi } from './support/served-api.js';

describeEachDialect('SDK senders against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('creates, reads, lists and changes a sender, never answering its password', async () => {
    const { client, sink } = api();
    const created = await client.senders.create({ ...sinkSender(sink, 'sdk@sender.test'), max_emails_per_day: 40 });
    expect(created).toMatchObject({
      email: 'sdk@sender.test',
      from_name: 'Ann Sender',
      smtp_port: sink.port,
      max_emails_per_day: 40,
      has_password: true,
      status: 'active',
    });
    expect(JSON.stringify(created)).not.toContain('right-password');

    expect(await client.senders.get(created.id)).toEqual(created);
    const found = await client.senders.list({ search: 'sdk@' });
    expect(found.map((s) => s.id)).toEqual([created.id]);

    const paused = await client.senders.update(created.id, { max_emails_per_day: 10, paused: true });
    expect(paused).toMatchObject({ id: created.id, max_emails_per_day: 10, paused: true, status: 'paused' });
    expect((await client.senders.list({ status: 'paused' })).map((s) => s.id)).toContain(created.id);
  });

  it('tests a login over real SMTP and reports a refused one as data', async () => {
    const { client, sink } = api();
    const good = await client.senders.create(sinkSender(sink, 'good@sender.test'));
    const result = await client.senders.test(good.id);
    expect(result.smtp.ok).toBe(true);
    expect(result.imap).toBeUndefined();

    const bad = await client.senders.create({ ...sinkSender(sink, 'bad@sender.test'), password: 'wrong' });
    const refused = await client.senders.test(bad.id);
    expect(refused.smtp).toMatchObject({ ok: false, kind: 'auth', code: 535 });
    expect(refused.smtp.response).toContain('Authentication credentials invalid');
  });

  it('throws not_found for an unknown sender and invalid_request for a bad body', async () => {
    const { client } = api();
    await expect(client.senders.get('no-such-sender')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    const err = await client.senders.create({ from_email: 'x@y.test' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
  });
});
