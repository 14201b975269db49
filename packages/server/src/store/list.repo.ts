import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';
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
});

/** Reads and writes lists. */
export class ListRepo {
  constructor(private readonly db: Db) {}

  /** Creates an empty list. */
  async create(input: { workspaceId: string; name: string; starred: boolean; ownedBy: string }, now: number) {
    const row: ListTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      name: input.name,
      archived: 0,
      starred: input.starred ? 1 : 0,
      owned_by: input.ownedBy,
      fields: '["email"]',
      contacts_count: 0,
      created_at: now,
      last_modified: now,
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

  /** The workspace's lists, latest first; the search looks in the name. */
  async list(workspaceId: string, listing: Listing = {}): Promise<ListRecord[]> {
    const q = this.db.kysely.selectFrom('lists').selectAll().where('workspace_id', '=', workspaceId);
    return (await applyListing(q, ['name'], listing).execute()).map(toRecord);
  }
}

// sequence.repo.ts still imports it from here.
