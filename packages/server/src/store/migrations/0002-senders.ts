import type { Kysely } from 'kysely';

// Senders (mailboxes). Passwords and the DKIM key are sealed text (see app/secret-box.ts), never clear.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('senders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owned_by', 'text', (c) => c.notNull())
    .addColumn('smtp_host', 'text', (c) => c.notNull())
    .addColumn('smtp_port', 'integer', (c) => c.notNull())
    .addColumn('smtp_secure', 'integer', (c) => c.notNull())
    .addColumn('smtp_user', 'text', (c) => c.notNull())
    .addColumn('smtp_password_enc', 'text', (c) => c.notNull())
    .addColumn('imap_host', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('imap_port', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imap_secure', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('imap_user', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('imap_password_enc', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_to', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('signature', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dkim_selector', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dkim_domain', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dkim_private_key_enc', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tracking_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('max_emails_per_day', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('min_gap_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('senders_workspace_email', ['workspace_id', 'email_key'])
    .execute();
  await db.schema.createIndex('senders_workspace').on('senders').columns(['workspace_id', 'id']).execute();
}
