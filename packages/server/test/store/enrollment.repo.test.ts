import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');

async function addLeads(store: Store, listId: string, workspaceId: string, emails: string[]) {
  await store.leads.addToList(
    listId,
    workspaceId,
    false,
    ['Email'],
    () => emails.map((email) => ({ email, emailKey: email, standard: { Email: email }, custom: {} })),
    NOW,
  );
}

const addresses = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}@lead.test`);

describeEachDialect('EnrollmentRepo.enrollNew', (dialect) => {
  const t = useStore(dialect);

  it('enrolls each live address of the sequence’s unarchived lists once, over several batches, and later ones on the next call', async () => {
    const { store } = t();
    const workspaceId = (await store.workspaces.create('Acme', NOW)).id;
    const list = (name: string) => store.lists.create({ workspaceId, name, starred: false, ownedBy: 'ann' }, NOW);
    const [big, small, paused] = [await list('big'), await list('small'), await list('paused')];
    // 1,200 leads: more than two batches of 500, so each batch must go on where the last one stopped.
    await addLeads(store, big.id, workspaceId, addresses('a', 0, 1200));
    // 10 addresses also in the big list, 5 of its own.
    await addLeads(store, small.id, workspaceId, [...addresses('a', 100, 110), ...addresses('s', 0, 5)]);
    await addLeads(store, paused.id, workspaceId, addresses('p', 0, 3));
    await store.lists.setArchived(workspaceId, paused.id, true, NOW);
    const archived = (await store.leads.listOf(big.id, { archived: false, ascending: true, offset: 0, limit: 2 })).map(
      (l) => l.id,
    );
    for (const id of archived) await store.leads.setArchived(id, true, NOW);
    const removed = await store.leads.removeFromList(small.id, 's0@lead.test', NOW);
    expect(removed).toBe(1);
    const seq = await store.sequences.create(
      {
        workspaceId,
        name: 'S',
        ownedBy: 'ann',
        status: 'running',
        paused: false,
        listIds: [big.id, small.id, paused.id],
      },
      NOW,
    );

    // 1,198 live leads of the big list, and 4 of the small one's own 5 (one removed); none of the paused list.
    expect(await store.enrollments.countUnenrolled(seq.id)).toBe(1202);
    expect(await store.enrollments.enrollNew({ id: seq.id, workspaceId }, 0, NOW, NOW)).toBe(1202);
    expect(await store.enrollments.countUnenrolled(seq.id)).toBe(0);
    expect(await store.enrollments.enrollNew({ id: seq.id, workspaceId }, 0, NOW, NOW)).toBe(0);

    await addLeads(store, small.id, workspaceId, ['late@lead.test']);
    await store.lists.setArchived(workspaceId, paused.id, false, NOW);
    expect(await store.enrollments.enrollNew({ id: seq.id, workspaceId }, 0, NOW, NOW)).toBe(4);
    const due = await store.enrollments.claimDue(NOW, 5000, 60_000);
    expect(due).toHaveLength(1206);
    expect(new Set(due.map((e) => e.email_key)).size).toBe(1206);
  });
});

describeEachDialect('EnrollmentRepo.claimDue', (dialect) => {
  const t = useStore(dialect);

  it('claims the due steps of running sequences in due order, moves them a lease ahead, and never gives one twice', async () => {
    const { store, db } = t();
    const workspaceId = (await store.workspaces.create('Acme', NOW)).id;
    const list = await store.lists.create({ workspaceId, name: 'L', starred: false, ownedBy: 'ann' }, NOW);
    await addLeads(store, list.id, workspaceId, addresses('c', 0, 30));
    const sequence = (status: 'running' | 'paused') =>
      store.sequences.create(
        { workspaceId, name: status, ownedBy: 'ann', status, paused: status !== 'running', listIds: [list.id] },
        NOW,
      );
    const [running, paused] = [await sequence('running'), await sequence('paused')];
    await store.enrollments.enrollNew({ id: running.id, workspaceId }, 0, NOW, NOW);
    await store.enrollments.enrollNew({ id: paused.id, workspaceId }, 0, NOW, NOW);
    // Due times spread over the last half hour, the latest first in address order; one not due yet.
    const enrolled = await db.kysely.selectFrom('enrollments').select(['id', 'email_key', 'sequence_id']).execute();
    for (const e of enrolled) {
      const n = Number(/c(\d+)@/.exec(e.email_key)![1]);
      const dueAt = n === 29 ? NOW + 60_000 : NOW - n * 60_000;
      await db.kysely.updateTable('enrollments').set({ due_at: dueAt }).where('id', '=', e.id).execute();
    }

    // Two claims at once: on PostgreSQL each skips the rows the other holds; on SQLite they take turns.
    const [a, b] = await Promise.all([
      store.enrollments.claimDue(NOW, 10, 60_000),
      store.enrollments.claimDue(NOW, 10, 60_000),
    ]);
    const rest = await store.enrollments.claimDue(NOW, 100, 60_000);
    const all = [...a, ...b, ...rest];
    expect(all.every((e) => e.sequence_id === running.id)).toBe(true);
    expect(new Set(all.map((e) => e.id)).size).toBe(29);
    for (const batch of [a, b, rest]) {
      // Answered in due order, with the due time each had.
      const times = batch.map((e) => Number(e.due_at));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      for (const e of batch) expect(Number(e.due_at)).toBe(NOW - Number(/c(\d+)@/.exec(e.email_key)![1]) * 60_000);
    }
    // The most overdue went first.
    expect([...a, ...b].map((e) => e.email_key).sort()).toEqual(addresses('c', 9, 29).sort());
    const leased = await db.kysely
      .selectFrom('enrollments')
      .select('due_at')
      .where(
        'id',
        'in',
        all.map((e) => e.id),
      )
      .execute();
    expect(leased.every((r) => Number(r.due_at) === NOW + 60_000)).toBe(true);
    expect(await store.enrollments.claimDue(NOW + 30_000, 100, 60_000)).toEqual([]);
  });
});
