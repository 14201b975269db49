import type { Kysely } from 'kysely';

// The inbox: where each sender's INBOX was read up to (UIDVALIDITY and last UID), and one row per
// inbound message with the verdict on it, what it matched, what was done and why. A message is
// recorded once per workspace, by its Message-ID (or a hash of its bytes when it has none), so reading
// a mailbox again (a new UIDVALIDITY, two workers) never repeats an effect. Activity rows gain
// `bounce` ('' | 'hard' | 'soft'): bounces are listed in /replies with `message: "Bounced"`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox_cursors')
    .addColumn('sender_id', 'text', (c) => c.primaryKey())
    .addColumn('uid_validity', 'bigint', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('uid_key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('from_email', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('original_kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('bounce_status', 'text', (c) => c.notNull())
    .addColumn('diagnostic', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('matched', 'text', (c) => c.notNull())
    .addColumn('effects', 'text', (c) => c.notNull())
    .addColumn('snippet', 'text', (c) => c.notNull())
    .addColumn('our_message_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('lead_email', 'text', (c) => c.notNull())
    .addColumn('sequence_id', 'text')
    .addColumn('activity_id', 'text')
    .addColumn('corrected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('corrected_at', 'bigint')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('inbound_messages_dedupe', ['workspace_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('inbound_messages_listing')
    .on('inbound_messages')
    .columns(['workspace_id', 'kind', 'id'])
    .execute();
  await db.schema
    .createIndex('inbound_messages_sequence')
    .on('inbound_messages')
    .columns(['sequence_id', 'kind', 'severity'])
    .execute();

  await db.schema
    .alterTable('activity')
    .addColumn('bounce', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
