import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { preparedText, runStatement } from '../../src/store/statement-text.js';
import { describeOnPostgres } from '../support/dialects.js';
import { useStore } from './use-store.js';

describeOnPostgres('PostgreSQL batch statements (preparedText)', () => {
  const t = useStore('postgres');

  it('run as statements prepared once per connection and planned on each run; other texts are not prepared', async () => {
    const { db } = t();
    const text = preparedText('test: workspaces by id', () => 'select name from workspaces where id = any($1::text[])');
    const now = Date.parse('2026-03-02T10:00:00Z');
    await db.kysely
      .insertInto('workspaces')
      .values(['a', 'b', 'c'].map((n) => ({ id: `ws-${n}`, name: n, created_at: now })))
      .execute();
    // One transaction: one connection, whose prepared statements it can list.
    const seen = await db.kysely.transaction().execute(async (tx) => {
      const first = await runStatement<{ name: string }>(tx, text, [['ws-a', 'ws-c']]);
      const second = await runStatement<{ name: string }>(tx, text, [['ws-b']]);
      await sql`select 1`.execute(tx);
      const prepared = await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements`.execute(tx);
      const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(tx);
      return { first, second, prepared: prepared.rows.map((r) => r.statement), mode: mode.rows[0]?.plan_cache_mode };
    });
    expect(seen.first.map((r) => r.name).sort()).toEqual(['a', 'c']);
    expect(seen.second.map((r) => r.name)).toEqual(['b']);
    expect(seen.prepared).toContain(text);
    expect(seen.prepared).not.toContain('select 1');
    expect(seen.mode).toBe('force_custom_plan');
  });
});
