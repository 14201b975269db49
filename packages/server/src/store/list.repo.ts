import { sql } from 'kysely';
import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, escapeLike, type Listing } from './listing.js';
import type { ListTable } from './schema.js';

/** A list of leads as stored. */
export interface ListRecord {
  id: string;
  workspaceId: string;
  name: string;
  archived: boolean;
  starred: boolean;
  ownedBy: string;
  fields: string[];
  contactsCount: number;
  createdAt: number;
  lastModified: number;
  folder: string;
  integration: string;
  /** the list's settings by their API names (duplicate removal, verification flags) */
  settings: Record<string, boolean>;
}

/** The filters and order of `GET /lists` beyond search and window. */
export interface ListFilter {
  folder?: string | undefined;
  integration?: string | undefined;
  ownedBy?: string | undefined;
  sortBy?: 'created_at' | 'name' | 'last_modified' | 'contacts_count' | undefined;
  ascending?: boolean | undefined;
}

/** What `PATCH /lists/:id` may change. */
export interface ListChange {
  name?: string;
  folder?: string;
  starred?: boolean;
  settings?: Record<string, boolean>;
}

const toRecord = (r: ListTable): ListRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  archived: r.archived === 1,
  starred: r.starred === 1,
  ownedBy: r.owned_by,
  fields: JSON.parse(r.fields) as string[],
  contactsCount: Number(r.contacts_count),
  createdAt: Number(r.created_at),
  lastModified: Number(r.last_modified),
  folder: r.folder,
  integration: r.integration,
  settings: JSON.parse(r.settings) as Record<string, boolean>,
});

/** Reads and writes lists. */
export class ListRepo {
  constructor(private readonly db: Db) {}

  /** Creates an empty list. */
  async create(
    input: {
      workspaceId: string;
      name: string;
      starred: boolean;
      ownedBy: string;
      folder?: string;
      settings?: Record<string, boolean>;
    },
    now: number,
  ) {
    const row: ListTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      name: input.name,
      archived: 0,
      leads_version: 0,
      starred: input.starred ? 1 : 0,
      owned_by: input.ownedBy,
      fields: '["email"]',
      contacts_count: 0,
      created_at: now,
      last_modified: now,
      folder: input.folder ?? '',
      integration: '',
      settings: JSON.stringify(input.settings ?? {}),
    };
    await this.db.kysely.insertInto('lists').values(row).execute();
    return toRecord(row);
  }

  /** One list of the workspace; `undefined` for an unknown id or another workspace's. */
  async get(workspaceId: string, id: string): Promise<ListRecord | undefined> {
    const row = await this.db.kysely
      .selectFrom('lists')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The workspace's lists, latest first unless sorted otherwise; the search looks in the name. */
  async list(workspaceId: string, listing: Listing = {}, f: ListFilter = {}): Promise<ListRecord[]> {
    let q = this.db.kysely.selectFrom('lists').selectAll().where('workspace_id', '=', workspaceId);
    if (f.folder !== undefined) q = q.where('folder', '=', f.folder);
    if (f.integration !== undefined) q = q.where('integration', '=', f.integration);
    if (f.ownedBy !== undefined) q = q.where('owned_by', '=', f.ownedBy);
    if (f.sortBy !== undefined || f.ascending) {
      const order = f.ascending ? 'asc' : 'desc';
      // Ids are time-ordered, so created_at sorts by id, which also breaks ties of the other orders.
      if (f.sortBy === 'name') q = q.orderBy(sql`lower(name)`, order);
      else if (f.sortBy === 'last_modified') q = q.orderBy('last_modified', order);
      else if (f.sortBy === 'contacts_count') q = q.orderBy('contacts_count', order);
      q = q.orderBy('id', order);
      if (listing.search) {
        const pattern = `%${escapeLike(listing.search.toLowerCase())}%`;
        q = q.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
      }
      if (listing.window) q = q.limit(listing.window.limit).offset(listing.window.offset);
      return (await q.execute()).map(toRecord);
    }
    return (await applyListing(q, ['name'], listing).execute()).map(toRecord);
  }

  /** Changes a list's name, folder, star or settings; answers the list as it is now. */
  async update(workspaceId: string, id: string, change: ListChange, now: number): Promise<ListRecord | undefined> {
    await this.db.kysely
      .updateTable('lists')
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.folder !== undefined ? { folder: change.folder } : {}),
        ...(change.starred !== undefined ? { starred: change.starred ? 1 : 0 } : {}),
        ...(change.settings !== undefined ? { settings: JSON.stringify(change.settings) } : {}),
        last_modified: now,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
    return this.get(workspaceId, id);
  }

  /** Archives a list or brings it back; answers whether the list exists. */
  async setArchived(workspaceId: string, id: string, archived: boolean, now: number): Promise<boolean> {
    const r = await this.db.kysely
      .updateTable('lists')
      // No `leads_version` to move: the engine's list versions leave archived lists out, so bringing one
      // back changes them by itself.
      .set({ archived: archived ? 1 : 0, last_modified: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
