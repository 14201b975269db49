import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';
import type { BlocklistTable } from './schema.js';

/** An entry to add: a lower-cased address or domain. */
export interface NewBlock {
  value: string;
  type: BlocklistTable['type'];
  source: string;
}

// Values per IN list: within both dialects' parameter limits.
const CHUNK = 500;

/** The domain part of a lower-cased address (the engine's reservation says the same in SQL: send-ledger.sql.ts). */
export const domainOfAddress = (email: string): string => email.slice(email.lastIndexOf('@') + 1);

/** The workspace blocklist: addresses and domains never emailed again. */
export class BlocklistRepo {
  constructor(private readonly db: Db) {}

  /** Adds entries (one per value); answers the rows added, not those already there. */
  async add(workspaceId: string, entries: NewBlock[], now: number): Promise<BlocklistTable[]> {
    const rows: BlocklistTable[] = entries.map((e) => ({
      id: newId(now),
      workspace_id: workspaceId,
      value: e.value,
      type: e.type,
      source: e.source,
      created_at: now,
    }));
    const added: BlocklistTable[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const ids = await this.db.kysely
        .insertInto('blocklist')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['workspace_id', 'value']).doNothing())
        .returning('id')
        .execute();
      const kept = new Set(ids.map((r) => r.id));
      added.push(...rows.slice(i, i + CHUNK).filter((r) => kept.has(r.id)));
    }
    return added;
  }

  /** The workspace's entries, latest first, optionally of one type and matching a search. */
  async list(workspaceId: string, listing: Listing & { type?: BlocklistTable['type'] }): Promise<BlocklistTable[]> {
    let q = this.db.kysely.selectFrom('blocklist').selectAll().where('workspace_id', '=', workspaceId);
    if (listing.type) q = q.where('type', '=', listing.type);
    return applyListing(q, ['value'], listing).execute();
  }

  /** How many entries the workspace has, of one type when given. */
  async count(workspaceId: string, type?: BlocklistTable['type']): Promise<number> {
    let q = this.db.kysely
      .selectFrom('blocklist')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId);
    if (type) q = q.where('type', '=', type);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** The entries that block an address: its own, its domain's. */
  async matching(workspaceId: string, email: string): Promise<BlocklistTable[]> {
    return this.db.kysely
      .selectFrom('blocklist')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('value', 'in', [email, domainOfAddress(email)])
      .execute();
  }

  /** Removes entries by value; answers how many went. */
  async removeValues(workspaceId: string, values: string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < values.length; i += CHUNK) {
      const r = await this.db.kysely
        .deleteFrom('blocklist')
        .where('workspace_id', '=', workspaceId)
        .where('value', 'in', values.slice(i, i + CHUNK))
        .executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
    return removed;
  }

  /** Removes one entry by id; answers whether it was there. */
  async removeById(workspaceId: string, id: string): Promise<boolean> {
    const r = await this.db.kysely
      .deleteFrom('blocklist')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Removes every entry of the workspace; answers how many. */
  async clear(workspaceId: string): Promise<number> {
    const r = await this.db.kysely.deleteFrom('blocklist').where('workspace_id', '=', workspaceId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
