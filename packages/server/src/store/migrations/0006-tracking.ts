import type { Kysely } from 'kysely';

// Tracking: each message's random key (what its open, click and unsubscribe tokens carry, so they
// reveal no ids) and the URLs its tracked links stand for; the workspace blocklist (unsubscribes
// and addresses or domains added through the API), never emailed again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('track_key', 'text').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('messages_track_key').on('messages').column('track_key').unique().execute();
  // Events copy what the `sent` record of their message says (messages_message_id exists since 0004).
  await db.schema.createIndex('activity_message').on('activity').columns(['message_id', 'kind']).execute();

  await db.schema
    .createTable('blocklist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('blocklist_workspace_value', ['workspace_id', 'value'])
    .execute();
}
