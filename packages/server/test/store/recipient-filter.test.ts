import { CompiledQuery, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { emailKey } from '../../src/domain/email-address.js';
import type { ActivityKind, NewActivity } from '../../src/store/activity.repo.js';
import { migrateToLatest } from '../../src/store/migrate.js';
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
      .filter((r) => r.workspace_id === workspaceId && kinds.includes(r.kind) && emailKey(r.recipient_email) === key)
      .sort((a, b) => b.time - a.time)
      .map((r) => r.id);

  it('finds every kind of a recipient, alone or mixed, exactly and in order', async () => {
    const { store } = t();
    for (const email of ADDRESSES) {
      const key = emailKey(email);
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
    const keys = ['amy@example.com', emailKey('"near" NOT@example.com')];
    const totals = await store.analytics.totals({ workspaceId, recipientKeys: keys });
    const n = totals.reduce((sum, g) => sum + g.n, 0);
    expect(n).toBe(
      rows.filter((r) => r.workspace_id === workspaceId && keys.includes(emailKey(r.recipient_email))).length,
    );
  });

  it('looks each kind up through its index, without statistics, not through the workspace feed', async () => {
    const { db, store } = t();
    // Enough rows of other recipients for the choice to be a real one; no ANALYZE, as the server runs none.
    const crowd: NewActivity[] = Array.from({ length: 5000 }, (_, i) => ({
      workspace_id: workspaceId,
      kind: KINDS[i % KINDS.length]!,
      time: T - i,
      sequence_id: rows[0]!.sequence_id,
      recipient_email: `crowd${i % 1000}@example.com`,
    }));
    await store.activity.insert(crowd);
    // The plans of the statements the store runs for a lookup, as the database would run them.
    const plansOf = async (lookup: () => Promise<unknown>): Promise<string> => {
      const executor = db.kysely.getExecutor();
      const run = executor.executeQuery.bind(executor);
      const seen: CompiledQuery[] = [];
      executor.executeQuery = (q) => {
        seen.push(q);
        return run(q);
      };
      try {
        await lookup();
      } finally {
        executor.executeQuery = run;
      }
      const explain = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
      const plans: string[] = [];
      for (const q of seen) {
        const result = await db.kysely.executeQuery<Record<string, string>>(
          CompiledQuery.raw(explain + q.sql, [...q.parameters]),
        );
        plans.push(...result.rows.map((r) => r['QUERY PLAN'] ?? r['detail'] ?? ''));
      }
      return plans.join('\n');
    };
    const feed = (kind: ActivityKind | ActivityKind[]) => () =>
      store.activity.page({ workspaceId, kind, recipientKey: 'amy@example.com' }, 0, 100);
    // Opens and clicks: the engagement index, then each row by its id (SQLite) or the bitmap (PostgreSQL).
    const opens = await plansOf(feed(['open', 'click']));
    expect(opens).toContain('activity_engagement_recipients');
    if (dialect === 'sqlite') expect(opens).toContain('USING INDEX sqlite_autoindex_activity_1 (id=?)');
    // Sends of a sequence: the partial B-tree. (Without statistics a recipient's sends in every sequence
    // are read through the workspace feed, as before migration 0018: docs/decisions.md.)
    const sends = await plansOf(() =>
      store.activity.page(
        { workspaceId, kind: 'sent', recipientKey: 'amy@example.com', sequenceId: rows[0]!.sequence_id },
        0,
        100,
      ),
    );
    expect(sends).toContain('activity_by_recipient');
    // Every kind (a lead's activity, analytics): both indexes.
    for (const mixed of [
      await plansOf(feed(KINDS)),
      await plansOf(() => store.analytics.totals({ workspaceId, recipientKeys: ['amy@example.com'] })),
    ]) {
      expect(mixed).toContain('activity_engagement_recipients');
      expect(mixed).toContain('activity_by_recipient');
    }
    for (const plan of [opens, await plansOf(feed(KINDS))]) {
      expect(plan).not.toMatch(/activity_feed|SCAN a\b|Seq Scan on activity/);
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
