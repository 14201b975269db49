import { expect, it } from 'vitest';
import { ApiError } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { useServedApi } from './support/served-api.js';

// The SDK's lists, leads and sequence-export methods against a real server.

describeEachDialect('SDK lists and leads against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('updates and archives a list and pages through its leads', async () => {
    const { client } = api();
    const list = await client.createList({ name: 'SDK list' });
    const updated = await client.lists.update(list.id, { name: 'SDK list 2', starred: true, duplicate_removal: true });
    expect(updated).toMatchObject({ name: 'SDK list 2', starred: true, duplicate_removal: true });
    expect((await client.lists.list({ search: 'SDK list', sortBy: 'name', sortType: 'asc' })).map((l) => l.id)).toEqual(
      [list.id],
    );
    await client.addContacts({
      list_id: list.id,
      contacts: [{ Email: 'a@sdk.test' }, { Email: 'b@sdk.test' }, { Email: 'c@sdk.test', First_Name: 'Cee' }],
    });
    const page = await client.lists.leads(list.id, { limit: 2 });
    expect(page).toMatchObject({ count: 2, total: 2, skip: 0, limit: 2 });
    const all: string[] = [];
    for await (const lead of client.lists.allLeads(list.id, { limit: 2, sort: 'asc' })) all.push(lead.email);
    expect(all).toEqual(['a@sdk.test', 'b@sdk.test', 'c@sdk.test']);
    await client.lists.archive(list.id);
    expect((await client.lists.get(list.id)).archived).toBe(true);
  });

  it('edits, moves, archives and unsubscribes a lead, and reads its activity', async () => {
    const { client } = api();
    const from = await client.createList({ name: 'From' });
    const to = await client.createList({ name: 'To' });
    const added = await client.addContacts({ list_id: from.id, contacts: [{ Email: 'lead@sdk.test' }] });
    const id = added.contacts[0]!.id;
    const lead = await client.leads.update(id, { first_name: 'Lee', starred: true });
    expect(lead).toMatchObject({ First_Name: 'Lee', first_name: 'Lee', starred: true });
    await client.leads.move(id, to.id);
    expect((await client.lists.leads(to.id)).data.map((l) => l.id)).toEqual([id]);
    const activity = await client.leads.activity(id);
    expect(activity).toMatchObject({ data: [], count: 0, total: 0, lead: { id } });
    expect((await client.leads.activityByEmail('LEAD@sdk.test')).lead.id).toBe(id);
    await client.leads.archive(id);
    expect((await client.lists.leads(to.id, { archived: true })).data.map((l) => l.id)).toEqual([id]);
    expect(await client.leads.unsubscribe(id)).toEqual({ email: 'lead@sdk.test', lead_ids: [id] });
    const missing = await client.leads.update('nope', { City: 'X' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('exports a sequence as CSV text and takes a lead out of it', async () => {
    const { client, t } = api();
    const list = await client.createList({ name: 'Export' });
    const added = await client.addContacts({
      list_id: list.id,
      contacts: [{ Email: 'x@sdk.test', First_Name: '=1+1' }],
    });
    const p = t.admin.principal;
    const seq = await t.server.store.sequences.create(
      { workspaceId: p.workspaceId, name: 'S', ownedBy: p.workspaceName, listIds: [list.id] },
      t.clock.now(),
    );
    await t.server.store.enrollments.enrollNew(
      { id: seq.id, workspaceId: p.workspaceId },
      0,
      t.clock.now(),
      t.clock.now(),
    );
    const csv = await client.sequences.export(seq.id, { limit: 10 });
    expect(csv.split('\r\n')[0]).toMatch(/^id,email,first_name,/);
    expect(csv).toContain("x@sdk.test,'=1+1,");
    await client.sequences.unsubscribeLead(seq.id, added.contacts[0]!.id);
    expect(await client.sequences.export('nope').catch((e: unknown) => e)).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
