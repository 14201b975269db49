import { sql, type Kysely } from 'kysely';

// The dashboard pages through a list of 100,000 leads, latest first, optionally by status. With only
// (list_id, email_key) the database read the whole list and sorted it for every page; these walk one
// list's live leads (archived or not, of a status) already in id order and stop after the page.
// Partial on `removed_at is null`, the condition every page query states, so removed leads cost nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('leads_list_live')
    .on('leads')
    .columns(['list_id', 'archived', 'id'])
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('leads_list_status')
    .on('leads')
    .columns(['list_id', 'status', 'archived', 'id'])
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
}
