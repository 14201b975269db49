import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById, PREFIXES } from './api-fixtures.js';

// POST /contacts (legacy and v1), public-api.md §2 "add leads to a list".

interface AddResult {
  list_id: string;
  added: number;
  duplicates: number;
  invalid: { index: number; email: string; reason: string }[];
  contacts: { id: string; Email: string }[];
}

/** The live leads of a list as stored, by email. */
async function leadsOf(t: TestServer, listId: string) {
  const rows = await t.server.store.db.kysely
    .selectFrom('leads')
    .select(['email', 'standard', 'custom'])
    .where('list_id', '=', listId)
    .where('removed_at', 'is', null)
    .orderBy('email')
    .execute();
  return rows.map((r) => ({
    email: r.email,
    standard: JSON.parse(r.standard) as Record<string, string>,
    custom: JSON.parse(r.custom) as Record<string, string>,
  }));
}

describeEachDialect('POST /contacts', (dialect) => {
  const t = useTestServer(dialect);

  describe.each(PREFIXES)('%s/contacts', (prefix) => {
    const add = async (body: Record<string, unknown>) => t().call(t().admin, 'POST', `${prefix}/contacts`, body);

    it('matches field names loosely, applies the aliases and keeps custom fields', async () => {
      const listId = await createList(t(), t().admin);
      const res = await add({
        list_id: listId,
        contacts: [
          {
            'E-mail': 'ann@example.com',
            First_Name: 'Ann',
            last_name: 'Lee',
            Phone_Number: '+1 555 0100',
            Company: 'Initech',
            Title: 'CTO',
            Lead_Score: 7,
            Vip: true,
          },
          { email: 'bob@example.com', firstName: 'Bob', 'Last-Name': 'Ray', job_title: 'CEO', company_name: 'Hooli' },
        ],
      });
      const body = expectOk<AddResult>(res);
      expect(body.data).toMatchObject({ list_id: listId, added: 2, duplicates: 0, invalid: [] });
      expect(body.data.contacts.map((c) => c.Email).sort()).toEqual(['ann@example.com', 'bob@example.com']);
      expect(await leadsOf(t(), listId)).toEqual([
        {
          email: 'ann@example.com',
          standard: {
            Email: 'ann@example.com',
            First_Name: 'Ann',
            Last_Name: 'Lee',
            Phone: '+1 555 0100',
            Company_Name: 'Initech',
            Job_Title: 'CTO',
          },
          custom: { Lead_Score: '7', Vip: 'true' },
        },
        {
          email: 'bob@example.com',
          standard: {
            Email: 'bob@example.com',
            First_Name: 'Bob',
            Last_Name: 'Ray',
            Job_Title: 'CEO',
            Company_Name: 'Hooli',
          },
          custom: {},
        },
      ]);
      const list = await listById(t(), t().admin, listId);
      expect(list?.contacts_count).toBe(2);
      expect(list?.fields).toEqual(
        expect.arrayContaining([
          'email',
          'first_name',
          'last_name',
          'phone',
          'company_name',
          'job_title',
          'Lead_Score',
          'Vip',
        ]),
      );
    });

    it('with remove_duplicates: true skips emails already in the list or earlier in the request', async () => {
      const listId = await createList(t(), t().admin);
      expectOk(await add({ list_id: listId, contacts: [{ Email: 'bob@example.com' }] }));
      const res = await add({
        list_id: listId,
        remove_duplicates: true,
        contacts: [
          { Email: 'Ann@Example.com' },
          { Email: '  ann@example.COM ' },
          { Email: 'BOB@example.com' },
          { Email: 'cy@example.com' },
        ],
      });
      const body = expectOk<AddResult>(res);
      expect(body.data).toMatchObject({ added: 2, duplicates: 2 });
      expect(body.data.contacts.map((c) => c.Email)).toEqual(['Ann@Example.com', 'cy@example.com']);
      expect(body.message).toBe('2 contacts added, 2 duplicates skipped');
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(3);
    });

    it.each([false, undefined])('with remove_duplicates: %s adds the same email again', async (removeDuplicates) => {
      const listId = await createList(t(), t().admin);
      expectOk(await add({ list_id: listId, contacts: [{ Email: 'bob@example.com' }] }));
      const res = await add({
        list_id: listId,
        ...(removeDuplicates === undefined ? {} : { remove_duplicates: removeDuplicates }),
        contacts: [{ Email: 'bob@example.com' }, { Email: 'BOB@example.com' }],
      });
      expect(expectOk<AddResult>(res).data).toMatchObject({ added: 2, duplicates: 0 });
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(3);
    });

    it('reports invalid emails by index and adds the rest', async () => {
      const listId = await createList(t(), t().admin);
      const res = await add({
        list_id: listId,
        contacts: [
          { Email: 'good@example.com' },
          { Email: 'not-an-email' },
          { First_Name: 'No email' },
          { Email: 'also@good.example' },
        ],
      });
      const body = expectOk<AddResult>(res);
      expect(body.data.added).toBe(2);
      expect(body.data.invalid).toEqual([
        { index: 1, email: 'not-an-email', reason: expect.stringMatching(/^Email /) as string },
        { index: 2, email: '', reason: 'Email is missing' },
      ]);
      expect(body.message).toBe('2 contacts added, 2 invalid contacts skipped');
      expect((await leadsOf(t(), listId)).map((l) => l.email)).toEqual(['also@good.example', 'good@example.com']);
    });

    it('answers 200 with added 0 when no contact is valid', async () => {
      const listId = await createList(t(), t().admin);
      const res = await add({ list_id: listId, contacts: [{ Email: 'nope' }, { Email: '@example.com' }] });
      const body = expectOk<AddResult>(res);
      expect(body.data).toMatchObject({ added: 0, contacts: [] });
      expect(body.data.invalid.map((i) => i.index)).toEqual([0, 1]);
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
    });

    it('answers 400 for an empty contacts array and for a missing list_id', async () => {
      const listId = await createList(t(), t().admin);
      expect(expectError(await add({ list_id: listId, contacts: [] }), 400, 'invalid_request').message).toMatch(
        /^contacts must contain at least 1/,
      );
      const noList = await add({ contacts: [{ Email: 'ann@example.com' }] });
      expect(expectError(noList, 400, 'invalid_request').message).toBe('list_id is required');
      expect(expectError(await add({ list_id: listId }), 400, 'invalid_request').message).toBe('contacts is required');
    });

    it('answers 404 for an unknown list', async () => {
      const res = await add({ list_id: randomUUID(), contacts: [{ Email: 'ann@example.com' }] });
      expect(expectError(res, 404, 'not_found').message).toMatch(/list/);
    });

    it.each([
      ['an object', { first: 'Ann' }],
      ['an array', ['Ann', 'Lee']],
    ])('answers 400 naming contacts[i].Field for %s value, and commits none of the batch', async (_, value) => {
      const listId = await createList(t(), t().admin);
      const res = await add({
        list_id: listId,
        contacts: [{ Email: 'ann@example.com' }, { Email: 'bob@example.com', First_Name: value }],
      });
      expect(expectError(res, 400, 'invalid_request').message).toMatch(/^contacts\[1\]\.First_Name /);
      expect(await leadsOf(t(), listId)).toEqual([]);
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
    });
  });

  it('accepts 10,000 contacts in one request', async () => {
    const listId = await createList(t(), t().admin);
    const contacts = Array.from({ length: 10_000 }, (_, i) => ({ Email: `lead${i}@example.com`, First_Name: `N${i}` }));
    const body = expectOk<AddResult>(
      await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, contacts }),
    );
    expect(body.data.added).toBe(10_000);
    expect(new Set(body.data.contacts.map((c) => c.id)).size).toBe(10_000);
    expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(10_000);
  });

  it('fails a 10,000-contact request as a whole when its last contact is malformed', async () => {
    const listId = await createList(t(), t().admin);
    const contacts: Record<string, unknown>[] = Array.from({ length: 10_000 }, (_, i) => ({
      Email: `l${i}@example.com`,
    }));
    contacts[9_999] = { Email: 'last@example.com', City: { name: 'Paris' } };
    const res = await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, contacts });
    expect(expectError(res, 400, 'invalid_request').message).toMatch(/^contacts\[9999\]\.City /);
    expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
    expect(await leadsOf(t(), listId)).toEqual([]);
  });

  it('answers 400 for more than 10,000 contacts and adds none', async () => {
    const listId = await createList(t(), t().admin);
    const contacts = Array.from({ length: 10_001 }, (_, i) => ({ Email: `lead${i}@example.com` }));
    const res = await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, contacts });
    expect(expectError(res, 400, 'invalid_request').message).toMatch(/^contacts must contain at most 10000/);
    expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
  });
});
