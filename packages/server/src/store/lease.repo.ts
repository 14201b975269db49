import type { Db } from './database.js';

/** Named leases: a holder keeps one by renewing it before it expires. */
export class LeaseRepo {
  constructor(private readonly db: Db) {}

  /**
   * Takes or renews the lease `name` for `holder` until `expiresAt`; answers false when another
   * holder has it and it has not expired. One conditional upsert, so two takers cannot both win.
   */
  async acquire(name: string, holder: string, now: number, expiresAt: number): Promise<boolean> {
    await this.db.kysely
      .insertInto('engine_leases')
      .values({ name, holder, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: expiresAt })
          .where((eb) => eb.or([eb('engine_leases.holder', '=', holder), eb('engine_leases.expires_at', '<', now)])),
      )
      .execute();
    const row = await this.db.kysely
      .selectFrom('engine_leases')
      .select('holder')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.holder === holder;
  }

  /** Gives a lease up, so the next engine need not wait for it to expire. */
  async release(name: string, holder: string): Promise<void> {
    await this.db.kysely.deleteFrom('engine_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  /** Who holds a lease and until when. */
  async get(name: string): Promise<{ holder: string; expiresAt: number } | undefined> {
    const row = await this.db.kysely
      .selectFrom('engine_leases')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && { holder: row.holder, expiresAt: Number(row.expires_at) };
  }
}
