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
    return this.anyWorkspace().where('workspace_id', '=', workspaceId);
  }

  private anyWorkspace() {
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
      ]);
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

  /** Users with this email (lower-cased) in any workspace, oldest first, with their password hashes. */
  withEmail(emailKey: string): Promise<(UserRecord & { passwordHash: string | null })[]> {
    return this.anyWorkspace()
      .select('password_hash as passwordHash')
      .where('email_key', '=', emailKey)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Whether any user of any workspace can sign in (has a password). */
  async anyWithPassword(): Promise<boolean> {
    const row = await this.db.kysely
      .selectFrom('users')
      .select('id')
      .where('password_hash', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Sets a user's password hash and marks them `active` (and gives them `role`, when given).
   * `onlyIfUnset`: only when they have no password yet, so two processes starting at once cannot
   * both hand out a first password. Answers whether a row changed.
   */
  async setPassword(
    id: string,
    hash: string,
    now: number,
    opts: { role?: string; onlyIfUnset?: boolean } = {},
  ): Promise<boolean> {
    let q = this.db.kysely
      .updateTable('users')
      .set({ password_hash: hash, status: 'active', last_modified: now, ...(opts.role ? { role: opts.role } : {}) })
      .where('id', '=', id);
    if (opts.onlyIfUnset) q = q.where('password_hash', 'is', null);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
