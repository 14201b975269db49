import type { Kysely } from 'kysely';

// The engine's tables: which lists and senders a sequence uses, one enrollment per (sequence, lead),
// and the message ledger, unique on (enrollment, step), that makes a send happen at most once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sequence_lists')
    .addColumn('sequence_id', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sequence_lists_pk', ['sequence_id', 'list_id'])
    .execute();
  await db.schema.createIndex('sequence_lists_list').on('sequence_lists').columns(['list_id']).execute();

  await db.schema
    .createTable('sequence_senders')
    .addColumn('sequence_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sequence_senders_pk', ['sequence_id', 'sender_id'])
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('sequence_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'bigint')
    .addColumn('thread_message_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('thread_subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // One enrollment per address, not per lead row: the same person in two lists is written to once.
    .addUniqueConstraint('enrollments_sequence_email', ['sequence_id', 'email_key'])
    .execute();
  await db.schema.createIndex('enrollments_due').on('enrollments').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('enrollments_sequence').on('enrollments').columns(['sequence_id', 'status']).execute();
  await db.schema.createIndex('enrollments_lead').on('enrollments').columns(['lead_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('enrollment_id', 'text', (c) => c.notNull())
    .addColumn('sequence_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('to_email', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('variant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lease_until', 'bigint')
    .addColumn('reserved_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addUniqueConstraint('messages_enrollment_step', ['enrollment_id', 'step'])
    .execute();
  await db.schema.createIndex('messages_status_lease').on('messages').columns(['status', 'lease_until']).execute();
  await db.schema.createIndex('messages_sender_sent').on('messages').columns(['sender_id', 'sent_at']).execute();
  await db.schema.createIndex('messages_message_id').on('messages').columns(['message_id']).execute();

  // Per-sender pacing: the earliest time the sender may send again (gap with jitter), claimed atomically.
  await db.schema
    .createTable('sender_pacing')
    .addColumn('sender_id', 'text', (c) => c.primaryKey())
    .addColumn('next_send_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('engine_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
