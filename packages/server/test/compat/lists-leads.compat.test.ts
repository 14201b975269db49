import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { LEADS, useCompatSeed } from './compat-fixture.js';
import { expectAnswer } from './salesblink-client.js';
import { contact, envelope, list, okMessage, offsetPaging, someData } from './salesblink-shapes.js';
import { anything, arrayOf, count, either, obj, str } from './shape.js';

// v1-reference §4.1 (lists) and §4.2 (leads), called as the SalesBlink CLI calls them.

describeEachDialect('SalesBlink compatibility: lists and leads (§4.1, §4.2)', (dialect) => {
  const seed = useCompatSeed(dialect);

  it('GET /lists with every query parameter the CLI sends answers typed lists and the paging keys', async () => {
    const { call } = seed();
    const q = { limit: 10, skip: 0, search: 'prosp', sortBy: 'name', sortType: 'asc', owned_by: undefined };
    const body = expectAnswer<{ data: { name: string }[] }>(
      await call('GET', '/lists', { query: q }),
      200,
      envelope(arrayOf(list), offsetPaging),
    );
    expect(body.data.map((l) => l.name)).toEqual(['Prospects']);
    const all = await call('GET', '/lists', { query: { folder: '', integration: 'hubspot' } });
    expect(expectAnswer<{ data: unknown[] }>(all, 200, envelope(arrayOf(list))).data).toEqual([]);
  });

  it('GET /lists/:id answers the list as an object (or a one-element array)', async () => {
    const { call, listId } = seed();
    const body = expectAnswer<{ data: { id: string; contacts_count: number } }>(
      await call('GET', `/lists/${listId}`),
      200,
      envelope(either(list, arrayOf(list))),
    );
    expect(body.data).toMatchObject({ id: listId, contacts_count: LEADS.length });
  });

  it('POST /lists takes name, folder, starred and the one-way flags; PATCH and PUT archive follow', async () => {
    const { call, folderId } = seed();
    const made = expectAnswer<{ data: { id: string; starred: boolean; folder: string } }>(
      await call('POST', '/lists', {
        body: { name: 'Webinar', folder: folderId, starred: true, verification: true, archive_invalid: true },
      }),
      200,
      envelope(list),
    );
    expect(made.data).toMatchObject({ starred: true, folder: folderId });
    const id = made.data.id;
    const patched = expectAnswer<{ data: { name: string; archived: boolean } }>(
      await call('PATCH', `/lists/${id}`, {
        body: { name: 'Webinar 2', starred: false, duplicate_removal: true, archive_risky: true, archived: true },
      }),
      200,
      envelope(list),
    );
    expect(patched.data).toMatchObject({ name: 'Webinar 2', archived: false });
    expectAnswer(await call('PUT', `/lists/${id}/archive`, { body: { archived: true } }), 200, okMessage);
    const got = expectAnswer<{ data: { archived: boolean } }>(await call('GET', `/lists/${id}`), 200, someData);
    expect(got.data.archived).toBe(true);
  });

  it('GET /lists/:id/leads answers typed contacts, with `total` the size of the page', async () => {
    const { call, listId, sequenceId } = seed();
    const leads = either(arrayOf(contact), obj({ contacts: arrayOf(contact) }));
    const q = { limit: 2, skip: 0, search: 'lead.test', sort: 'asc', archived: false, sequence: sequenceId };
    const body = expectAnswer<{ data: { Email: string }[]; total: number }>(
      await call('GET', `/lists/${listId}/leads`, { query: q }),
      200,
      envelope(leads, { total: count }),
    );
    expect(body.data.map((c) => c.Email)).toEqual([LEADS[0], LEADS[1]]);
    expect(body.total).toBe(2);
    const contacted = await call('GET', `/lists/${listId}/leads`, { query: { status: 'contacted' } });
    expect(expectAnswer<{ data: unknown[] }>(contacted, 200, envelope(leads)).data.length).toBeGreaterThan(0);
  });

  it('POST /contacts and POST /contacts/remove answer the envelope', async () => {
    const { call, listId } = seed();
    const contacts = [{ Email: 'new@lead.test', First_Name: 'New', Company_Name: 'Initech', Lead_Score: '7' }];
    const added = expectAnswer<{ data: { added: number } }>(
      await call('POST', '/contacts', { body: { list_id: listId, contacts, remove_duplicates: true } }),
      200,
      envelope(obj({ added: count, contacts: arrayOf(obj({ id: str, Email: str })) })),
    );
    expect(added.data.added).toBe(1);
    const removed = await call('POST', '/contacts/remove', { body: { list_id: listId, email: 'NEW@lead.test' } });
    expect(expectAnswer<{ data: { removed: number } }>(removed, 200, someData).data.removed).toBe(1);
  });

  it('PATCH /leads/:id takes the CLI’s field names and answers a typed contact', async () => {
    const { call, leadIds } = seed();
    const id = leadIds[LEADS[2]];
    const body = {
      Email: 'SAM@Lead.test',
      First_Name: 'Sam',
      Last_Name: 'Jones',
      Phone: '',
      Company: 'Acme',
      Title: 'CTO',
    };
    const res = expectAnswer<{ data: Record<string, string> }>(
      await call('PATCH', `/leads/${id}`, { body: { ...body, starred: true } }),
      200,
      envelope(contact),
    );
    expect(res.data).toMatchObject({ Email: 'sam@lead.test', First_Name: 'Sam', Last_Name: 'Jones' });
  });

  it('GET /leads/:id/activity and /leads/activity?email= answer data, lead, count, skip and limit', async () => {
    const { call, leadIds, sequenceId } = seed();
    const shape = envelope(arrayOf(anything), { lead: anything, ...offsetPaging });
    const q = { sequence_id: sequenceId, from: 0, to: Date.parse('2030-01-01'), limit: 500, skip: 0 };
    const byId = expectAnswer<{ data: unknown[] }>(
      await call('GET', `/leads/${leadIds[LEADS[0]]}/activity`, { query: q }),
      200,
      shape,
    );
    expect(byId.data.length).toBeGreaterThanOrEqual(2); // sent, replied
    const byEmail = await call('GET', '/leads/activity', { query: { email: LEADS[0], limit: 10 } });
    expect(expectAnswer<{ data: unknown[] }>(byEmail, 200, shape).data).toHaveLength(byId.data.length);
  });

  it('PUT /leads/:id/move, PUT /contacts/:id/archive and POST /leads/:id/unsubscribe answer the envelope', async () => {
    const { call, leadIds, listId } = seed();
    const other = (await call('POST', '/lists', { body: { name: 'Moved' } })).json<{ data: { id: string } }>().data.id;
    const id = leadIds[LEADS[1]];
    expectAnswer(await call('PUT', `/leads/${id}/move`, { body: { list_id: other } }), 200, okMessage);
    const moved = (await call('GET', `/lists/${other}`)).json<{ data: { contacts_count: number } }>().data;
    expect(moved.contacts_count).toBe(1);
    expectAnswer(await call('PUT', `/contacts/${id}/archive`, { body: { archived: true } }), 200, okMessage);
    expectAnswer(await call('POST', `/leads/${id}/unsubscribe`), 200, someData);
    const left = (await call('GET', `/lists/${listId}`)).json<{ data: { contacts_count: number } }>().data;
    expect(left.contacts_count).toBe(LEADS.length - 1);
  });
});
