import { expect, it } from 'vitest';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { ALWAYS_OPEN, sinkSender, useServedApi, type ServedApi } from './support/served-api.js';

/** A sender at the sink, a template and a list of two leads, made through the SDK. */
async function outreach({ client, sink }: ServedApi, senderEmail: string) {
  const sender = await client.senders.create(sinkSender(sink, senderEmail));
  const template = await client.templates.create({
    name: 'Intro',
    subject_line: 'Hello {{first_name}}',
    content: '<p>Hi {{first_name}}</p>',
  });
  const list = await client.createList({ name: 'Sequence leads' });
  const { contacts } = await client.addContacts({
    list_id: list.id,
    contacts: [
      { Email: 'ann@lead.test', First_Name: 'Ann' },
      { Email: 'ben@lead.test', First_Name: 'Ben' },
    ],
  });
  return { sender, template, list, leads: contacts };
}

describeEachDialect('SDK sequences against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('creates a paused sequence, starts it, and reads its forecast, leads, messages and stats', async () => {
    const served = api();
    const { client, t } = served;
    const o = await outreach(served, 'one@sender.test');
    const seq = await client.sequences.create({
      name: 'SDK outreach',
      senders: o.sender.id,
      lists: [o.list.id],
      steps: [
        { type: 'email', template_id: o.template.id },
        { type: 'delay', days: 2 },
        { type: 'email', content: '<p>Following up, {{first_name}}.</p>' },
      ],
      timezone: 'UTC',
      emailSendingHours: ALWAYS_OPEN,
      delayEnabled: false,
    });
    expect(seq).toMatchObject({ name: 'SDK outreach', paused: true, senders: o.sender.id, lists: [o.list.id] });
    expect(seq.steps).toHaveLength(3);
    expect(await client.sequences.get(seq.id)).toMatchObject({ id: seq.id, name: 'SDK outreach' });
    expect((await client.sequences.update(seq.id, { name: 'SDK outreach 2' })).name).toBe('SDK outreach 2');

    const paused = await client.sequences.forecast(seq.id);
    expect(paused).toMatchObject({ sequence_id: seq.id, will_send_today: 0 });

    const started = await client.sequences.setStatus(seq.id, 'ACTIVE');
    expect(started).toMatchObject({ paused: false, status: 'running' });
    const forecast = await client.sequences.forecast(seq.id);
    expect(forecast.senders).toEqual([expect.objectContaining({ sender_id: o.sender.id, will_send_today: 2 })]);

    await t.server.engine.tick();
    expect(served.sink.messages.map((m) => m.to).sort()).toEqual([['ann@lead.test'], ['ben@lead.test']]);

    const leads = await client.sequences.leads(seq.id, { limit: 1 });
    expect(leads).toMatchObject({ total: 2, skip: 0, limit: 1 });
    expect(leads.data).toHaveLength(1);
    const ann = o.leads.find((l) => l.Email === 'ann@lead.test')!;
    const messages = await client.sequences.leadMessages(seq.id, ann.id);
    expect(messages).toEqual([expect.objectContaining({ step: 0, status: 'sent', to: 'ann@lead.test' })]);
    expect(messages[0]!.subject).toBe('Hello Ann');
    const everyLead = [];
    for await (const lead of client.sequences.allLeads(seq.id, { limit: 1 })) everyLead.push(lead.Email);
    expect(everyLead.sort()).toEqual(['ann@lead.test', 'ben@lead.test']);
    const everyMessage = [];
    for await (const m of client.sequences.allLeadMessages(seq.id, ann.id, { limit: 1 })) everyMessage.push(m);
    expect(everyMessage).toEqual(messages);

    const stats = await client.sequences.stats(seq.id);
    expect(stats).toMatchObject({ sequence_id: seq.id, sent: 2, leads: { total: 2, active: 2 } });
    expect(stats.messages.sent).toBe(2);

    expect(await client.sequences.setStatus(seq.id, 'PAUSED')).toMatchObject({ paused: true, status: 'paused' });
    expect((await client.sequences.list({ status: 'paused' })).map((s) => s.id)).toContain(seq.id);
  });

  it('clones a sequence paused, and archives it out of the default list', async () => {
    const served = api();
    const { client } = served;
    const o = await outreach(served, 'two@sender.test');
    const seq = await client.sequences.create({
      name: 'To copy',
      senders: o.sender.id,
      lists: [o.list.id],
      steps: [{ type: 'email', template_id: o.template.id }],
    });
    const copyId = await client.sequences.clone(seq.id);
    expect(copyId).not.toBe(seq.id);
    expect(await client.sequences.get(copyId)).toMatchObject({ paused: true, steps: seq.steps });

    await client.sequences.archive(seq.id);
    expect((await client.sequences.list()).map((s) => s.id)).not.toContain(seq.id);
    expect((await client.sequences.list({ sendAll: true })).map((s) => s.id)).toContain(seq.id);
    await client.sequences.archive(seq.id, false);
    expect((await client.sequences.list()).map((s) => s.id)).toContain(seq.id);
    await expect(client.sequences.stats('no-such-sequence')).rejects.toMatchObject({ status: 404 });
  });
});
