import type { SequenceStatus } from '@blinkpost/contract';
import { sql, type Transaction } from 'kysely';
import type { Db } from './database.js';
import { jsonMember } from './dialect.js';
import { newId } from './ids.js';
import { escapeLike } from './listing.js';
import type { Database, SequenceTable } from './schema.js';

/** A sequence as stored, with its counters. */
export interface SequenceRecord {
  id: string;
  workspaceId: string;
  name: string;
  status: SequenceStatus;
  /** why the engine set `needs-attention`; empty otherwise */
  statusReason: string;
  paused: boolean;
  archived: boolean;
  starred: boolean;
  ownedBy: string;
  settings: Record<string, unknown>;
  sent: number;
  opens: number;
  clicks: number;
  replies: number;
  createdAt: number;
  lastModified: number;
}

/** What a sequence is made of when it is created or changed. */
export interface SequenceInput {
  workspaceId: string;
  name: string;
  ownedBy: string;
  status?: SequenceStatus;
  paused?: boolean;
  starred?: boolean;
  settings?: Record<string, unknown>;
  listIds?: string[];
  senderIds?: string[];
}

/** Filters of the sequence listing. */
export interface SequenceFilter {
  search?: string;
  status?: SequenceStatus;
  includeArchived?: boolean;
  /** a folder's id: only the sequences in it (`''`: those in none) */
  folder?: string;
  ownedBy?: string;
  offset?: number;
  limit?: number;
  sortBy?: 'created_at' | 'name' | 'last_modified';
  ascending?: boolean;
}

const toRecord = (r: SequenceTable): SequenceRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  status: r.status as SequenceStatus,
  statusReason: r.status_reason,
  paused: r.paused === 1,
  archived: r.archived === 1,
  starred: r.starred === 1,
  ownedBy: r.owned_by,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  sent: Number(r.sent_count),
  opens: Number(r.open_count),
  clicks: Number(r.click_count),
  replies: Number(r.reply_count),
  createdAt: Number(r.created_at),
  lastModified: Number(r.last_modified),
});

/** Reads and writes sequences, with the lists and senders they use. */
export class SequenceRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new sequence. */
  async create(input: SequenceInput, now: number): Promise<SequenceRecord> {
    const row: SequenceTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      name: input.name,
      status: input.status ?? 'draft',
      paused: input.paused === false ? 0 : 1,
      archived: 0,
      starred: input.starred ? 1 : 0,
      owned_by: input.ownedBy,
      settings: JSON.stringify(input.settings ?? {}),
      sent_count: 0,
      open_count: 0,
      click_count: 0,
      reply_count: 0,
      status_reason: '',
      created_at: now,
      last_modified: now,
    };
    await this.db.kysely.transaction().execute(async (tx) => {
      await tx.insertInto('sequences').values(row).execute();
      await this.writeLinks(tx, row.id, input.listIds, input.senderIds);
    });
    return toRecord(row);
  }

  /** Changes a sequence; lists and senders, when given, replace the old ones. */
  async update(
    workspaceId: string,
    id: string,
    change: Partial<
      Pick<SequenceInput, 'name' | 'status' | 'paused' | 'starred' | 'settings' | 'listIds' | 'senderIds'>
    > & {
      archived?: boolean;
    },
    now: number,
  ): Promise<SequenceRecord | undefined> {
    await this.db.kysely.transaction().execute(async (tx) => {
      await tx
        .updateTable('sequences')
        .set({
          last_modified: now,
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.status !== undefined ? { status: change.status, status_reason: '' } : {}),
          ...(change.paused !== undefined ? { paused: change.paused ? 1 : 0 } : {}),
          ...(change.starred !== undefined ? { starred: change.starred ? 1 : 0 } : {}),
          ...(change.archived !== undefined ? { archived: change.archived ? 1 : 0 } : {}),
          ...(change.settings !== undefined ? { settings: JSON.stringify(change.settings) } : {}),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      await this.writeLinks(tx, id, change.listIds, change.senderIds);
    });
    return this.get(workspaceId, id);
  }

  private async writeLinks(tx: Transaction<Database>, id: string, listIds?: string[], senderIds?: string[]) {
    if (listIds) {
      await tx.deleteFrom('sequence_lists').where('sequence_id', '=', id).execute();
      const unique = [...new Set(listIds)];
      if (unique.length > 0) {
        await tx
          .insertInto('sequence_lists')
          .values(unique.map((list_id) => ({ sequence_id: id, list_id })))
          .execute();
      }
    }
    if (senderIds) {
      await tx.deleteFrom('sequence_senders').where('sequence_id', '=', id).execute();
      const unique = [...new Set(senderIds)];
      if (unique.length > 0) {
        await tx
          .insertInto('sequence_senders')
          .values(unique.map((sender_id, position) => ({ sequence_id: id, sender_id, position })))
          .execute();
      }
    }
  }

  /**
   * The engine's status change: only the status and its reason, and only from one of `from`, so a
   * user's pause or edit made meanwhile is never overwritten. Answers whether it changed.
   */
  async setStatus(id: string, status: SequenceStatus, reason: string, from: SequenceStatus[], now: number) {
    const result = await this.db.kysely
      .updateTable('sequences')
      .set({ status, status_reason: reason, last_modified: now })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The workspace's sequences, latest first unless sorted otherwise. */
  async list(workspaceId: string, f: SequenceFilter = {}): Promise<SequenceRecord[]> {
    let q = this.db.kysely.selectFrom('sequences').selectAll().where('workspace_id', '=', workspaceId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.includeArchived === false) q = q.where('archived', '=', 0);
    if (f.folder !== undefined) q = q.where(jsonMember(this.db, 'settings', 'folder'), '=', f.folder);
    if (f.ownedBy !== undefined) q = q.where('owned_by', '=', f.ownedBy);
    if (f.search) {
      const pattern = `%${escapeLike(f.search.toLowerCase())}%`;
      q = q.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
    }
    const dir = f.ascending ? 'asc' : 'desc';
    q =
      f.sortBy === 'name' ? q.orderBy('name', dir) : f.sortBy === 'last_modified' ? q.orderBy('last_modified', dir) : q;
    q = q.orderBy('id', dir);
    if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
    return (await q.execute()).map(toRecord);
  }

  /** One sequence of the workspace. */
  async get(workspaceId: string, id: string): Promise<SequenceRecord | undefined> {
    const row = await this.db.kysely
      .selectFrom('sequences')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every sequence the engine must look after: running, needing attention, or completed (new leads reopen it). */
  async listActive(): Promise<SequenceRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('sequences')
      .selectAll()
      .where('status', 'in', ['running', 'needs-attention', 'completed'])
      .where('archived', '=', 0)
      .execute();
    return rows.map(toRecord);
  }

  /** The list and sender ids a sequence uses, senders in rotation order. */
  async links(id: string): Promise<{ listIds: string[]; senderIds: string[] }> {
    const lists = await this.db.kysely
      .selectFrom('sequence_lists')
      .select('list_id')
      .where('sequence_id', '=', id)
      .execute();
    const senders = await this.db.kysely
      .selectFrom('sequence_senders')
      .select('sender_id')
      .where('sequence_id', '=', id)
      .orderBy('position')
      .execute();
    return { listIds: lists.map((l) => l.list_id), senderIds: senders.map((s) => s.sender_id) };
  }
}
