import type { Db } from './database.js';

/** The workspace id under which server-wide settings are kept. */
export const SERVER_SCOPE = '*';

/** Small named values, per workspace or server-wide. */
export class SettingRepo {
  constructor(private readonly db: Db) {}

  /** The value stored under `name`, if any. */
  async get(scope: string, name: string): Promise<string | undefined> {
    const row = await this.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('workspace_id', '=', scope)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  /** Stores `value` under `name`, replacing what was there. */
  async set(scope: string, name: string, value: string): Promise<void> {
    await this.db.kysely
      .insertInto('settings')
      .values({ workspace_id: scope, name, value })
      .onConflict((oc) => oc.columns(['workspace_id', 'name']).doUpdateSet({ value }))
      .execute();
  }
}
