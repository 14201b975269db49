import { sql, type Kysely } from 'kysely';

// Only `sent` records are ever looked up by Message-ID (an open, click or reply copies what the `sent`
// record of its message says). Indexing every open and click by Message-ID cost each tracked event a
// write into a B-tree page picked by its message, scattered over the whole index: on SQLite 9 µs of
// the ~40 µs an event's row cost (docs/benchmarks.md). Partial on `kind = 'sent'`, a condition the
// queries spell as a literal so that both planners can use it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('activity_message').execute();
  await db.schema
    .createIndex('activity_sent_message')
    .on('activity')
    .column('message_id')
    .where(sql.ref('kind'), '=', sql.lit('sent'))
    .execute();
}
