import type { Kysely } from 'kysely';

// The people of a workspace (v1 /users) and its folders (v1 /folders). Users cannot sign in yet:
// `password_hash` is the seam the dashboard's sign-in will fill; nothing reads it today.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invite_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('users_workspace_email', ['workspace_id', 'email_key'])
    .execute();

  await db.schema
    .createTable('folders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('folders_workspace').on('folders').columns(['workspace_id', 'type', 'id']).execute();
}
