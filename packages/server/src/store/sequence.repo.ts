import type { SequenceStatus } from '@blinkpost/contract';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { SequenceTable } from './schema.js';

/** A sequence as stored, with its counters. */
export interface SequenceRecord {
  id: string;
  workspaceId: string;
  name: string;
  status: SequenceStatus;
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

const toRecord = (r: SequenceTable): SequenceRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  status: r.status as SequenceStatus,
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

/** Reads and writes sequences. */
export class SequenceRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new sequence. */
  async create(
    input: { workspaceId: string; name: string; ownedBy: string; settings?: Record<string, unknown> },
    now: number,
  ): Promise<SequenceRecord> {
    const row: SequenceTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      name: input.name,
      status: 'draft',
      paused: 1,
      archived: 0,
      starred: 0,
      owned_by: input.ownedBy,
      settings: JSON.stringify(input.settings ?? {}),
      sent_count: 0,
      open_count: 0,
      click_count: 0,
      reply_count: 0,
      created_at: now,
      last_modified: now,
    };
    await this.db.kysely.insertInto('sequences').values(row).execute();
    return toRecord(row);
  }

  /** The workspace's sequences, latest first. */
  async list(workspaceId: string): Promise<SequenceRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('sequences')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toRecord);
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
}
