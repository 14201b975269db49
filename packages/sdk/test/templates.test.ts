import { expect, it } from 'vitest';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { useServedApi } from './support/served-api.js';

describeEachDialect('SDK templates against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('creates, reads, lists, updates and archives a template', async () => {
    const { client } = api();
    const created = await client.templates.create({
      name: 'SDK intro',
      subject_line: 'Hi {{first_name}}',
      content: '<p>Hello {{ first_name | default: "there" }}, a question?</p>',
    });
    expect(created).toMatchObject({ name: 'SDK intro', archived: false, starred: false });
    expect(created.cold_email_score.details.personalization_count).toBeGreaterThan(0);
    expect(await client.templates.get(created.id)).toEqual(created);
    expect((await client.templates.list({ search: 'sdk intro' })).map((x) => x.id)).toEqual([created.id]);

    const updated = await client.templates.update(created.id, { subject_line: 'Quick one, {{first_name}}' });
    expect(updated).toMatchObject({ id: created.id, name: 'SDK intro', subject_line: 'Quick one, {{first_name}}' });

    expect(await client.templates.archive(created.id)).toMatchObject({ archived: true });
    expect((await client.templates.list({ archived: false })).map((x) => x.id)).not.toContain(created.id);
    expect((await client.templates.list({ archived: true })).map((x) => x.id)).toContain(created.id);
    expect(await client.templates.archive(created.id, false)).toMatchObject({ archived: false });
  });

  it('previews a template for a lead and says which variable would hold the send', async () => {
    const { client } = api();
    const list = await client.createList({ name: 'Preview leads' });
    const added = await client.addContacts({
      list_id: list.id,
      contacts: [{ Email: 'bo@lead.test', First_Name: 'Bo' }],
    });
    const leadId = added.contacts[0]!.id;
    const tpl = await client.templates.create({
      name: 'Company',
      subject_line: '{Hi|Hi} {{first_name}}',
      content: '<p>How is {{company}}?</p>',
    });
    const preview = await client.templates.preview(tpl.id, leadId);
    expect(preview).toMatchObject({ template_id: tpl.id, lead_id: leadId, sendable: false, subject: 'Hi Bo' });
    expect(preview.missing).toEqual(['company']);

    await expect(client.templates.preview(tpl.id, 'no-such-lead')).rejects.toMatchObject({ status: 404 });
  });
});
