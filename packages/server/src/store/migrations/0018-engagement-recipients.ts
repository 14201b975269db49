import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../schema.js';
import { dialectOf } from '../statement-text.js';

// Opens and clicks leave the per-recipient B-tree: each one put an entry in the middle of it (after its
// recipient's last), and on a busy pixel that entry was the dearest part of recording the event — on
// SQLite 9–19 µs of a row's ~30, on PostgreSQL ~16 of ~40 (scratch runs, docs/decisions.md). They are
// found by recipient through an index built for cheap inserts instead: on SQLite an FTS5 table whose one
// token per row is the recipient key in hex (its entries are written as sorted segments, merged in bulk
// later: ~3 µs a row), on PostgreSQL a GIN index, whose inserts go to its pending list and are merged in
// bulk (`fastupdate`, on by default). Sends, replies and bounces keep the B-tree, partial on the condition
// below, which their queries spell as a literal so that both planners can use it (`recipient-filter.ts`).
//
// Kysely runs SQLite's migrations outside a transaction (its adapter has no transactional DDL), so every
// step may be run again after a failure halfway. PostgreSQL's runs in one, holding `activity` locked
// until both indexes are built: the server migrates before it serves.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('activity_by_recipient').ifExists().execute();
  await db.schema
    .createIndex('activity_by_recipient')
    .ifNotExists()
    .on('activity')
    .columns(['workspace_id', 'kind', 'recipient_key', 'sequence_id', 'time', 'id'])
    .where(sql<SqlBool>`kind not in ('open', 'click')`)
    .execute();
  if (dialectOf(db as Kysely<Database>) === 'postgres') {
    await sql`create index activity_engagement_recipients on activity
      using gin ((array[recipient_key])) where kind in ('open', 'click')`.execute(db);
    return;
  }
  // The activity id is kept in the FTS table (not its rowid): VACUUM may renumber the rowids of a table
  // without an INTEGER PRIMARY KEY. Opens and clicks are never deleted, so no trigger removes entries; an
  // entry left by an operator's own delete names an id that no longer exists and matches nothing.
  await sql`create virtual table if not exists activity_engagement_recipients
    using fts5(recipient, activity_id unindexed, detail = none)`.execute(db);
  await sql`create trigger if not exists activity_engagement_recipients_add after insert on activity
    when new.kind in ('open', 'click')
    begin
      insert into activity_engagement_recipients (recipient, activity_id) values (hex(new.recipient_key), new.id);
    end`.execute(db);
  await sql`delete from activity_engagement_recipients`.execute(db);
  await sql`insert into activity_engagement_recipients (recipient, activity_id)
    select hex(recipient_key), id from activity where kind in ('open', 'click')`.execute(db);
}
