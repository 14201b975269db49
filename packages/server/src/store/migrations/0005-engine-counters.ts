import type { Kysely } from 'kysely';

// A sender's count toward today's cap kept beside its gap, so a reservation reads one row instead of
// counting the day's ledger; `day_start` null means "not counted yet" and makes the next reservation count.
// A sequence's reason for `needs-attention` in its own column, so the engine never rewrites settings.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sender_pacing').addColumn('day_start', 'bigint').execute();
  await db.schema
    .alterTable('sender_pacing')
    .addColumn('day_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sequences')
    .addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
