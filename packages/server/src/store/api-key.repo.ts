import type { KeyRole } from '@blinkpost/contract';
import type { Db } from './database.js';
import { newId } from './ids.js';

/** A stored API key: the hash, never the key. */
export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  workspaceName: string;
  name: string;
  role: KeyRole;
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** Reads and writes API keys. */
export class ApiKeyRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new key by its hash. */
  async insert(key: { workspaceId: string; name: string; role: KeyRole; hint: string; hash: string }, now: number) {
    const id = newId(now);
    await this.db.kysely
      .insertInto('api_keys')
      .values({
        id,
        workspace_id: key.workspaceId,
        name: key.name,
        role: key.role,
        hint: key.hint,
        key_hash: key.hash,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    return id;
  }

  private base() {
    return this.db.kysely
      .selectFrom('api_keys')
      .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
      .select([
        'api_keys.id as id',
        'api_keys.workspace_id as workspaceId',
        'workspaces.name as workspaceName',
        'api_keys.name as name',
        'api_keys.role as role',
        'api_keys.hint as hint',
        'api_keys.created_at as createdAt',
        'api_keys.last_used_at as lastUsedAt',
        'api_keys.revoked_at as revokedAt',
      ]);
  }

  /** The live (not revoked) key with this hash. */
  findLiveByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.base()
      .where('api_keys.key_hash', '=', hash)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /** Every key, revoked ones included; of one workspace when `workspaceId` is given. */
  list(workspaceId?: string): Promise<ApiKeyRecord[]> {
    let q = this.base().orderBy('api_keys.id');
    if (workspaceId) q = q.where('api_keys.workspace_id', '=', workspaceId);
    return q.execute();
  }

  /** Marks a key revoked; answers false when no live key has that id (in that workspace, when given). */
  async revoke(id: string, now: number, workspaceId?: string): Promise<boolean> {
    let q = this.db.kysely
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null);
    if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Gives a live key a new secret; answers false when the workspace has no live key with that id. */
  async rotate(id: string, workspaceId: string, secret: { hint: string; hash: string }): Promise<boolean> {
    const result = await this.db.kysely
      .updateTable('api_keys')
      .set({ hint: secret.hint, key_hash: secret.hash, last_used_at: null })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The workspace's live admin keys other than `exceptId`: what would be left to manage it. */
  async countOtherLiveAdmins(workspaceId: string, exceptId: string): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'admin')
      .where('revoked_at', 'is', null)
      .where('id', '!=', exceptId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Records that a key was used. */
  async touch(id: string, now: number): Promise<void> {
    await this.db.kysely.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }
}
