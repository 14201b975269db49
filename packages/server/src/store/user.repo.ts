import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';

/** A stored user. */
export interface UserRecord {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: string;
  status: string;
  inviteUrl: string;
  createdAt: number;
  lastModified: number;
}

/** What a new user is made of. */
export interface NewUser {
  email: string;
  emailKey: string;
  name: string;
  role: string;
  status: string;
  inviteUrl: string;
}

/** Reads and writes the users of workspaces. */
export class UserRepo {
  constructor(private readonly db: Db) {}

  private base(workspaceId: string) {
    return this.db.kysely
      .selectFrom('users')
      .select([
        'id',
        'workspace_id as workspaceId',
        'email',
        'name',
        'role',
        'status',
        'invite_url as inviteUrl',
        'created_at as createdAt',
        'last_modified as lastModified',
      ])
      .where('workspace_id', '=', workspaceId);
  }

  /** Adds a user; answers undefined when the workspace already has one with that email. */
  async insert(workspaceId: string, user: NewUser, now: number): Promise<UserRecord | undefined> {
    const id = newId(now);
    const inserted = await this.db.kysely
      .insertInto('users')
      .values({
        id,
        workspace_id: workspaceId,
        email: user.email,
        email_key: user.emailKey,
        name: user.name,
        role: user.role,
        status: user.status,
        invite_url: user.inviteUrl,
        password_hash: null,
        created_at: now,
        last_modified: now,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'email_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return undefined;
    return this.get(workspaceId, id);
  }

  /** One user of the workspace. */
  get(workspaceId: string, id: string): Promise<UserRecord | undefined> {
    return this.base(workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** The workspace's users, latest first, searched by email or name. */
  list(workspaceId: string, listing: Listing): Promise<UserRecord[]> {
    return applyListing(this.base(workspaceId), ['email', 'name'], listing).execute();
  }

  /** Changes a user's name and role; answers false when the workspace has no such user. */
  async update(workspaceId: string, id: string, set: { name?: string; role?: string }, now: number): Promise<boolean> {
    const result = await this.db.kysely
      .updateTable('users')
      .set({ ...set, last_modified: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
