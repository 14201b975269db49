import { expect, it } from 'vitest';
import type { EngagementEvent } from '../../src/store/tracking.repo.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const T = Date.parse('2026-03-02T10:00:00Z');

describeEachDialect('TrackingRepo.record', (dialect) => {
  const t = useStore(dialect);

  it('writes a batch of opens and clicks with the counters, and moves leads up to opened or clicked, never down', async () => {
    const { store, db } = t();
    const workspaceId = (await store.workspaces.create('Acme', T)).id;
    const sequenceId = (await store.sequences.create({ workspaceId, name: 'Intro', ownedBy: 'ann' }, T)).id;
    const list = await store.lists.create({ workspaceId, name: 'Leads', starred: false, ownedBy: 'ann' }, T);
    const emails = ['both', 'open', 'click', 'replied', 'machine', 'clicked-before'].map((n) => `${n}@lead.test`);
    const leads = await store.leads.addToList(
      list.id,
      workspaceId,
      false,
      [],
      () => emails.map((email) => ({ email, emailKey: email, standard: {}, custom: {} })),
      T,
    );
    const id = (email: string) => leads.find((l) => l.email === email)!.id;
    await store.leads.setStatusByEmail(workspaceId, 'replied@lead.test', 'replied', T);
    await store.leads.setStatusByEmail(workspaceId, 'clicked-before@lead.test', 'clicked', T);

    const event = (email: string, kind: 'open' | 'click', human = true): EngagementEvent => ({
      leadId: id(email),
      human,
      activity: {
        workspace_id: workspaceId,
        kind,
        time: T + 60_000,
        sequence_id: sequenceId,
        lead_id: id(email),
        recipient_email: email,
        machine: human ? 0 : 1,
        machine_reason: human ? '' : 'test scanner',
      },
    });
    // One batch in which a lead both opened and clicked: on PostgreSQL one statement, which must not
    // change that lead twice; the click wins, as it would written one after the other.
    await store.tracking.record([
      event('both@lead.test', 'open'),
      event('both@lead.test', 'click'),
      event('open@lead.test', 'open'),
      event('click@lead.test', 'click'),
      event('replied@lead.test', 'click'),
      event('machine@lead.test', 'open', false),
      event('clicked-before@lead.test', 'open'),
    ]);

    const statuses = Object.fromEntries(
      (await db.kysely.selectFrom('leads').select(['email', 'status']).execute()).map((r) => [r.email, r.status]),
    );
    expect(statuses).toEqual({
      'both@lead.test': 'clicked',
      'open@lead.test': 'opened',
      'click@lead.test': 'clicked',
      'replied@lead.test': 'replied',
      'machine@lead.test': 'not_contacted',
      'clicked-before@lead.test': 'clicked',
    });
    const seq = await db.kysely
      .selectFrom('sequences')
      .select(['open_count', 'click_count'])
      .where('id', '=', sequenceId)
      .executeTakeFirstOrThrow();
    // People's opens and clicks count; the scanner's open is recorded but not counted.
    expect({ opens: Number(seq.open_count), clicks: Number(seq.click_count) }).toEqual({ opens: 3, clicks: 3 });
    const rows = await db.kysely.selectFrom('activity').select(['kind', 'machine']).execute();
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => Number(r.machine) === 1)).toHaveLength(1);
  });
});
