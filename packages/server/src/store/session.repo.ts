import type { Db } from './database.js';
import { newId } from './ids.js';

/** A live session with the user and workspace it signs in as. */
export interface SessionRecord {
  id: string;
  csrfToken: string;
  expiresAt: number;
  userId: string;
  userEmail: string;
  userName: string;
  userRole: string;
  workspaceId: string;
  workspaceName: string;
}

/** Reads and writes dashboard sessions, by the hash of their token. */
export class SessionRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new session; answers its id. */
  async insert(s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: number }, now: number) {
    const id = newId(now);
    await this.db.kysely
      .insertInto('sessions')
      .values({
        id,
        token_hash: s.tokenHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: now,
        expires_at: s.expiresAt,
      })
      .execute();
    return id;
  }

  /** The session with this token hash, if it has not expired at `now`. */
  findLive(tokenHash: string, now: number): Promise<SessionRecord | undefined> {
    return this.db.kysely
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('workspaces', 'workspaces.id', 'users.workspace_id')
      .select([
        'sessions.id as id',
        'sessions.csrf_token as csrfToken',
        'sessions.expires_at as expiresAt',
        'users.id as userId',
        'users.email as userEmail',
        'users.name as userName',
        'users.role as userRole',
        'workspaces.id as workspaceId',
        'workspaces.name as workspaceName',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
  }

  /** Moves a session's expiry. */
  async extend(id: string, expiresAt: number): Promise<void> {
    await this.db.kysely.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
  }

  /** Ends the session with this token hash; answers whether there was one. */
  async deleteByHash(tokenHash: string): Promise<boolean> {
    const result = await this.db.kysely.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Ends every session of a user (after a password change). */
  async deleteForUser(userId: string): Promise<void> {
    await this.db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  /** Forgets sessions that expired before `now`. */
  async deleteExpired(now: number): Promise<void> {
    await this.db.kysely.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
