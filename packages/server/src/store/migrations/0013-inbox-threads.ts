import type { Kysely } from 'kysely';

// The unified inbox (v1 §4.10). A conversation is a lead in a sequence: its inbound messages are
// `inbound_messages` rows with that (sequence_id, lead_id). What a person set on it lives in
// `inbox_threads` (the outcome label; `read_through`: the id of the latest inbound message read, so a
// newer reply makes the thread unread again). Replies and forwards written in the inbox are
// `inbox_outbound` rows, bodies kept: sent at once, or kept as `scheduled` until due.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox_threads')
    .addColumn('sequence_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('read_through', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_threads_pk', ['sequence_id', 'lead_id'])
    .execute();

  await db.schema
    .createTable('inbox_outbound')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('sequence_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('inbound_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text', (c) => c.notNull())
    .addColumn('refs', 'text', (c) => c.notNull())
    .addColumn('to_email', 'text', (c) => c.notNull())
    .addColumn('cc', 'text', (c) => c.notNull())
    .addColumn('bcc', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbox_outbound_listing')
    .on('inbox_outbound')
    .columns(['workspace_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('inbox_outbound_thread')
    .on('inbox_outbound')
    .columns(['sequence_id', 'lead_id'])
    .execute();
  await db.schema.createIndex('inbox_outbound_due').on('inbox_outbound').columns(['status', 'scheduled_at']).execute();
  await db.schema
    .createIndex('inbound_messages_thread')
    .on('inbound_messages')
    .columns(['sequence_id', 'lead_id', 'id'])
    .execute();
}
