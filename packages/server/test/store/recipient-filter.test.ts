import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { ActivityKind, NewActivity } from '../../src/store/activity.repo.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { recipientIn } from '../../src/store/recipient-filter.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const T = Date.parse('2026-03-02T10:00:00Z');
const KINDS: ActivityKind[] = ['sent', 'open', 'click', 'reply', 'bounce'];
// Addresses whose characters could split a token or read as FTS5 syntax, and two that differ only in case.
const ADDRESSES = [
  'amy@example.com',
  'o.r+and@example.com',
  '"near" NOT@example.com',
  'zoë@exämple.com',
  'AMY@example.com',
];
const keyOf = (email: string) => email.trim().toLowerCase();

describeEachDialect('recipient lookups (migration 0018)', (dialect) => {
  const t = useStore(dialect);
  let workspaceId: string;
  let otherWorkspaceId: string;
  let rows: (NewActivity & { id: string })[] = [];

  beforeAll(async () => {
    const { store } = t();
    workspaceId = (await store.workspaces.create('Acme', T)).id;
    otherWorkspaceId = (await store.workspaces.create('Globex', T)).id;
    const sequenceId = (await store.sequences.create({ workspaceId, name: 'Intro', ownedBy: 'ann' }, T)).id;
    const batch: NewActivity[] = [];
    for (let i = 0; i < 200; i++) {
      batch.push({
        workspace_id: i % 7 === 0 ? otherWorkspaceId : workspaceId,
        kind: KINDS[Math.floor(i / ADDRESSES.length) % KINDS.length]!,
        time: T + i,
        sequence_id: sequenceId,
        recipient_email: ADDRESSES[i % ADDRESSES.length]!,
      });
    }
    const ids = await store.activity.insert(batch);
    rows = batch.map((r, i) => ({ ...r, id: ids[i]! }));
  });

  const expected = (key: string, kinds: ActivityKind[]) =>
    rows
      .filter((r) => r.workspace_id === workspaceId && kinds.includes(r.kind) && keyOf(r.recipient_email) === key)
      .sort((a, b) => b.time - a.time)
      .map((r) => r.id);

  it('finds every kind of a recipient, alone or mixed, exactly and in order', async () => {
    const { store } = t();
    for (const email of ADDRESSES) {
      const key = keyOf(email);
      for (const kinds of [
        ['open'],
        ['click'],
        ['sent'],
        ['reply', 'bounce'],
        ['open', 'click'],
        KINDS,
      ] as ActivityKind[][]) {
        const filter = { workspaceId, kind: kinds, recipientKey: key };
        const want = expected(key, kinds);
        expect(want.length, `${key} ${kinds.join()}`).toBeGreaterThan(0);
        expect((await store.activity.page(filter, 0, 1000)).map((r) => r.id)).toEqual(want);
        expect(await store.activity.count(filter)).toBe(want.length);
      }
    }
  });

  it('counts the analytics of a set of recipients from both indexes', async () => {
    const { store } = t();
    const keys = ['amy@example.com', keyOf('"near" NOT@example.com')];
    const totals = await store.analytics.totals({ workspaceId, recipientKeys: keys });
    const n = totals.reduce((sum, g) => sum + g.n, 0);
    expect(n).toBe(
      rows.filter((r) => r.workspace_id === workspaceId && keys.includes(keyOf(r.recipient_email))).length,
    );
  });

  it('looks each kind up through its index, not by scanning the activity', async () => {
    const { db, store } = t();
    // Enough rows of other recipients, and the planners' statistics, for the choice to be a real one.
    const crowd: NewActivity[] = Array.from({ length: 5000 }, (_, i) => ({
      workspace_id: workspaceId,
      kind: KINDS[i % KINDS.length]!,
      time: T - i,
      sequence_id: rows[0]!.sequence_id,
      recipient_email: `crowd${i % 1000}@example.com`,
    }));
    await store.activity.insert(crowd);
    await sql`analyze activity`.execute(db.kysely);
    const plan = async (kinds: ActivityKind[]) => {
      const q = db.kysely
        .selectFrom('activity as a')
        .select('a.id')
        .where('a.workspace_id', '=', workspaceId)
        .where('a.kind', 'in', kinds)
        .where(recipientIn(db.dialect, ['amy@example.com'], kinds))
        .compile();
      const explain = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
      const result = await db.kysely.executeQuery<Record<string, string>>({ ...q, sql: explain + q.sql });
      return result.rows.map((r) => r['QUERY PLAN'] ?? r['detail']).join('\n');
    };
    {
      expect(await plan(['open', 'click'])).toContain('activity_engagement_recipients');
      expect(await plan(['sent'])).toContain('activity_by_recipient');
      const mixed = await plan(KINDS);
      expect(mixed).toContain('activity_engagement_recipients');
      expect(mixed).toContain('activity_by_recipient');
    }
  });

  it('fills the engagement index with the opens and clicks written before the migration', async () => {
    const { db, store } = t();
    // Back to the schema before 0018, with an open and a click written then.
    if (dialect === 'postgres') await sql`drop index activity_engagement_recipients`.execute(db.kysely);
    else {
      await sql`drop trigger activity_engagement_recipients_add`.execute(db.kysely);
      await sql`drop table activity_engagement_recipients`.execute(db.kysely);
    }
    const before = await store.activity.insert([
      {
        workspace_id: workspaceId,
        kind: 'open',
        time: T + 1000,
        sequence_id: rows[0]!.sequence_id,
        recipient_email: 'late@example.com',
      },
      {
        workspace_id: workspaceId,
        kind: 'click',
        time: T + 1001,
        sequence_id: rows[0]!.sequence_id,
        recipient_email: 'late@example.com',
      },
    ]);
    await db.kysely
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0018-engagement-recipients' as never)
      .execute();
    expect(await migrateToLatest(db)).toEqual(['0018-engagement-recipients']);
    const found = await store.activity.page(
      { workspaceId, kind: ['open', 'click'], recipientKey: 'late@example.com' },
      0,
      10,
    );
    expect(found.map((r) => r.id).sort()).toEqual([...before].sort());
  });
});
