import { beforeEach, expect, it } from 'vitest';
import type { ChooseLeads, NewLead } from '../../src/store/lead.repo.js';
import type { ListRecord } from '../../src/store/list.repo.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const lead = (email: string): NewLead => ({
  email,
  emailKey: email.trim().toLowerCase(),
  standard: { Email: email },
  custom: {},
});

/** The choice POST /contacts makes with remove_duplicates: skip emails already in the list or seen earlier. */
const dedupe =
  (emails: string[]): ChooseLeads =>
  (existing) => {
    const seen = new Set(existing);
    return emails.map(lead).filter((l) => !seen.has(l.emailKey) && seen.add(l.emailKey));
  };

describeEachDialect('LeadRepo', (dialect) => {
  const t = useStore(dialect);
  let workspaceId: string;
  let list: ListRecord;

  beforeEach(async () => {
    const { store } = t();
    workspaceId ??= (await store.workspaces.create('Acme', NOW)).id;
    list = await store.lists.create({ workspaceId, name: 'Prospects', starred: false, ownedBy: 'ann' }, NOW);
  });

  const leadsOf = async (listId: string) =>
    t()
      .db.kysely.selectFrom('leads')
      .select(['email_key'])
      .where('list_id', '=', listId)
      .where('removed_at', 'is', null)
      .execute();

  it('adds leads, counts them and records the new columns', async () => {
    const { store } = t();
    const added = await store.leads.addToList(
      list.id,
      workspaceId,
      false,
      ['first_name', 'Shoe Size'],
      () => [lead('ann@example.com'), lead('Bob@Example.com')],
      NOW + 1,
    );
    expect(added.map((a) => a.email)).toEqual(['ann@example.com', 'Bob@Example.com']);
    const after = await store.lists.get(workspaceId, list.id);
    expect(after).toMatchObject({
      contactsCount: 2,
      fields: ['email', 'first_name', 'Shoe Size'],
      lastModified: NOW + 1,
    });
    expect((await leadsOf(list.id)).map((r) => r.email_key).sort()).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('commits nothing when choose throws', async () => {
    const { store } = t();
    await store.leads.addToList(list.id, workspaceId, false, [], () => [lead('first@example.com')], NOW);
    const before = await store.lists.get(workspaceId, list.id);
    const failing = store.leads.addToList(
      list.id,
      workspaceId,
      true,
      ['city'],
      () => {
        throw new Error('client went away');
      },
      NOW + 5,
    );
    await expect(failing).rejects.toThrow('client went away');
    expect(await store.lists.get(workspaceId, list.id)).toEqual(before);
    expect(await leadsOf(list.id)).toEqual([{ email_key: 'first@example.com' }]);
  });

  it('commits nothing when a row of a later insert batch fails', async () => {
    const { store } = t();
    const before = await store.lists.get(workspaceId, list.id);
    const leads = Array.from({ length: 1500 }, (_, i) => lead(`p${i}@example.com`));
    // A NOT NULL violation in the second batch of 1,000, after the first batch was written.
    leads[1200] = { ...lead('x@example.com'), email: null as unknown as string };
    await expect(store.leads.addToList(list.id, workspaceId, false, ['city'], () => leads, NOW + 5)).rejects.toThrow();
    expect(await store.lists.get(workspaceId, list.id)).toEqual(before);
    expect(await leadsOf(list.id)).toEqual([]);
  });

  it('takes 10,000 leads in one call', async () => {
    const { store } = t();
    const emails = Array.from({ length: 10_000 }, (_, i) => `lead${i}@example.com`);
    const added = await store.leads.addToList(list.id, workspaceId, true, [], dedupe(emails), NOW);
    expect(added).toHaveLength(10_000);
    expect((await store.lists.get(workspaceId, list.id))?.contactsCount).toBe(10_000);
  });

  it('does not create duplicates when deduping adds to one list run concurrently', async () => {
    const { store } = t();
    // Eight requests whose emails overlap with their neighbours', some in different casing.
    const requests = Array.from({ length: 8 }, (_, r) =>
      Array.from({ length: 30 }, (_, i) => (i % 2 ? `lead${r * 10 + i}@example.com` : `LEAD${r * 10 + i}@Example.com`)),
    );
    const distinct = new Set(requests.flat().map((e) => e.toLowerCase()));
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        requests.map((emails) => store.leads.addToList(list.id, workspaceId, true, [], dedupe(emails), NOW)),
      );
    }
    const keys = (await leadsOf(list.id)).map((r) => r.email_key);
    expect(keys).toHaveLength(distinct.size);
    expect(new Set(keys)).toEqual(distinct);
    expect((await store.lists.get(workspaceId, list.id))?.contactsCount).toBe(distinct.size);
  });

  it('removes every live lead with an email, case-insensitively, and counts it down', async () => {
    const { store } = t();
    const emails = ['ann@example.com', 'ANN@example.com', 'bob@example.com'];
    await store.leads.addToList(list.id, workspaceId, false, [], () => emails.map(lead), NOW);
    expect(await store.leads.removeFromList(list.id, 'ann@example.com', NOW + 1)).toBe(2);
    expect(await store.leads.removeFromList(list.id, 'ann@example.com', NOW + 2)).toBe(0);
    expect(await leadsOf(list.id)).toEqual([{ email_key: 'bob@example.com' }]);
    expect((await store.lists.get(workspaceId, list.id))?.contactsCount).toBe(1);
  });
});
