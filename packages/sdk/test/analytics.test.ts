import { expect, it } from 'vitest';
import { ApiError, BlinkpostClient } from '@blinkpost/sdk';
import { DAY, seedWorkspace, T0 } from '../../server/test/analytics/analytics-fixture.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { sinkSender, startedSequence, useServedApi } from './support/served-api.js';

describeEachDialect('SDK analytics against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('counts what the engine sent, per sender and per lead', async () => {
    const { client, t, sink } = api();
    const sender = await client.senders.create(sinkSender(sink, 'counted@sender.test'));
    const list = await client.createList({ name: 'Analytics leads' });
    await client.addContacts({ list_id: list.id, contacts: [{ Email: 'ann@lead.test' }, { Email: 'ben@lead.test' }] });
    const seq = await startedSequence(client, 'Counted', sender.id, list.id);
    await t.server.engine.tick();
    expect(sink.messages).toHaveLength(2);

    const overall = await client.analytics.overall({ sequence_id: seq.id });
    expect(overall).toMatchObject({ sequence_id: seq.id, sent: 2, opens: 0, open_rate: 0, human: true });
    const mailboxes = await client.analytics.mailboxStats();
    expect(mailboxes.data.find((m) => m.sender_id === sender.id)).toMatchObject({
      sent: 2,
      email: 'counted@sender.test',
    });
    const leads = await client.analytics.leadStats({ sequence_id: seq.id });
    expect(leads.data.map((l) => l.email).sort()).toEqual(['ann@lead.test', 'ben@lead.test']);
    expect(await client.sequences.stats(seq.id, { sender: sender.id })).toMatchObject({
      sent: 2,
      sender: 'counted@sender.test',
    });
  });

  it('reads days in a zone, pages every stats endpoint and the reports, and keeps machines apart', async () => {
    const { t } = api();
    const other = await t.key('Seeded');
    const seeded = await seedWorkspace(t, other);
    const sdk = new BlinkpostClient({ baseUrl: api().baseUrl, apiKey: other.key });

    const human = await sdk.analytics.overall();
    const all = await sdk.analytics.overall({ human: false });
    expect([human.opens, human.opens_machine, all.opens, all.opens_machine]).toEqual([2, 2, 4, 2]);

    const daily = await sdk.analytics.daily({ from: '2026-03-05', to: '2026-03-07', timezone: 'Asia/Kolkata' });
    expect(daily.timezone).toBe('Asia/Kolkata');
    expect(daily.days.map((d) => [d.date, d.sent])).toEqual([
      ['2026-03-05', 3],
      ['2026-03-06', 1],
      ['2026-03-07', 0],
    ]);
    const bob = await sdk.analytics.daily({ from: '2026-03-05', to: '2026-03-06', sender: seeded.bob });
    expect(bob.days.map((d) => [d.date, d.sent, d.opens, d.auto_replies, d.soft_bounces])).toEqual([
      ['2026-03-05', 1, 0, 1, 0],
      ['2026-03-06', 1, 1, 0, 1],
    ]);

    const first = await sdk.analytics.leadStats({ limit: 2 });
    expect(first).toMatchObject({ total: 5, skip: 0, limit: 2 });
    const every = [];
    for await (const row of sdk.analytics.allLeadStats({ limit: 2 })) every.push(row.email);
    expect(every).toEqual(['w@lead.test', 'x@lead.test', 'y@lead.test', 'z@lead.test', 'v@lead.test']);
    const senders = [];
    for await (const row of sdk.analytics.allMailboxStats({ limit: 1 })) senders.push(row.sender_id);
    expect(senders).toEqual([seeded.bob, seeded.ann]);

    const page = await sdk.analytics.reports({ message: 'Sent', limit: 3, skip: 1, sortType: 'asc' });
    expect(page).toMatchObject({ total: 4, skip: 1, limit: 3 });
    expect(page.data.map((r) => r.email)).toEqual(['w@lead.test']);
    let records = 0;
    for await (const r of sdk.analytics.allReports({ limit: 5, from: String(T0 + DAY) }))
      records += r.time >= T0 + DAY ? 1 : 0;
    expect(records).toBe(3);
  });

  it('throws ApiError naming the bad parameter, and 404 for an unknown sequence or sender', async () => {
    const { client } = api();
    const bad = await client.analytics.daily({ timezone: 'Nowhere/Special' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((bad as ApiError).message).toContain('timezone');
    await expect(client.analytics.overall({ sequence_id: 'no-such-sequence' })).rejects.toMatchObject({ status: 404 });
    await expect(client.analytics.daily({ sender: 'nobody@sender.test' })).rejects.toMatchObject({
      status: 404,
      message: 'sender "nobody@sender.test" was not found',
    });
    await expect(client.sequences.stats('no-such-sequence', { from: '0' })).rejects.toMatchObject({ status: 404 });
  });
});
