import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';

/** A stored folder. */
export interface FolderRecord {
  id: string;
  name: string;
  type: string;
  createdAt: number;
  lastModified: number;
}

/** Reads and writes folders. */
export class FolderRepo {
  constructor(private readonly db: Db) {}

  private base(workspaceId: string) {
    return this.db.kysely
      .selectFrom('folders')
      .select(['id', 'name', 'type', 'created_at as createdAt', 'last_modified as lastModified'])
      .where('workspace_id', '=', workspaceId);
  }

  /** Adds a folder. */
  async insert(workspaceId: string, folder: { name: string; type: string }, now: number): Promise<FolderRecord> {
    const row = { id: newId(now), name: folder.name, type: folder.type, created_at: now, last_modified: now };
    await this.db.kysely
      .insertInto('folders')
      .values({ ...row, workspace_id: workspaceId })
      .execute();
    return { id: row.id, name: row.name, type: row.type, createdAt: now, lastModified: now };
  }

  /** One folder of the workspace, of the given type when one is given. */
  get(workspaceId: string, id: string, type?: string): Promise<FolderRecord | undefined> {
    let q = this.base(workspaceId).where('id', '=', id);
    if (type) q = q.where('type', '=', type);
    return q.executeTakeFirst();
  }

  /** The workspace's folders, latest first, of one type when given. */
  list(workspaceId: string, listing: Listing & { type?: string | undefined }): Promise<FolderRecord[]> {
    let q = this.base(workspaceId);
    if (listing.type) q = q.where('type', '=', listing.type);
    return applyListing(q, ['name'], listing).execute();
  }
}
