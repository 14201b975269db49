import type { Kysely } from 'kysely';

// What the v1 list and lead endpoints edit beyond names and fields: a list's folder, the integration it
// came from ('' for lists made through the API) and its settings (duplicate removal, verification flags)
// as JSON; a lead's star and its archived flag (archived leads are kept but never enrolled).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('lists')
    .addColumn('folder', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('lists')
    .addColumn('integration', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('lists')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('leads')
    .addColumn('starred', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('leads')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
