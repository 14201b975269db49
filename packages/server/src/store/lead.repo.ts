import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Db } from './database.js';
import { jsonMember, lockForUpdate } from './dialect.js';
import { newId } from './ids.js';
import { escapeLike } from './listing.js';
import type { Database, LeadTable } from './schema.js';

/** A lead to store: its email, its comparison key and its fields. */
export interface NewLead {
  email: string;
  emailKey: string;
  standard: Record<string, string>;
  custom: Record<string, string>;
}

/** A stored lead with its fields. */
export interface LeadRecord {
  id: string;
  listId: string;
  email: string;
  standard: Record<string, string>;
  custom: Record<string, string>;
  status: string;
  removedAt: number | null;
  starred: boolean;
  archived: boolean;
  createdAt: number;
  lastModified: number;
}

/** Which leads of a list `GET /lists/:id/leads` wants, and which page. */
export interface ListLeadsFilter {
  search?: string | undefined;
  archived: boolean;
  ascending: boolean;
  sequenceId?: string | undefined;
  status?: string | undefined;
  offset: number;
  limit: number;
}

/** What `PATCH /leads/:id` changes: the new field maps, and the email when it changed. */
export interface LeadChange {
  email?: { email: string; emailKey: string };
  standard: Record<string, string>;
  custom: Record<string, string>;
  starred?: boolean;
  /** column names the list gains */
  columns: string[];
}

/** Which of the offered leads to store, given the email keys the list already holds. */
export type ChooseLeads = (existingKeys: ReadonlySet<string> | undefined) => NewLead[];

// Both dialects cap bound parameters per statement; 1,000 rows of 11 columns stays well below.
const ROWS_PER_INSERT = 1000;

// Text JSON.stringify leaves unescaped appears in a stored JSON object exactly as in the member's value.
const writtenVerbatimInJson = (s: string): boolean => JSON.stringify(s) === `"${s}"`;

const toLeadRecord = (r: LeadTable): LeadRecord => ({
  id: r.id,
  listId: r.list_id,
  email: r.email,
  standard: JSON.parse(r.standard) as Record<string, string>,
  custom: JSON.parse(r.custom) as Record<string, string>,
  status: r.status,
  removedAt: r.removed_at === null ? null : Number(r.removed_at),
  starred: r.starred === 1,
  archived: r.archived === 1,
  createdAt: Number(r.created_at),
  lastModified: Number(r.last_modified),
});

/**
 * Moves a list's `leads_version`: written with every change that can make one of its leads enrollable
 * (added, moved in, unarchived, a new address), so the engine walks the list for new leads only then.
 */
const BUMP = sql<number>`leads_version + 1`;

/** Moves the `leads_version` of the list a lead is in. */
async function bumpListOf(tx: Transaction<Database>, leadId: string): Promise<void> {
  await tx
    .updateTable('lists')
    .set({ leads_version: BUMP })
    .where('id', '=', (eb) => eb.selectFrom('leads').select('list_id').where('id', '=', leadId))
    .execute();
}

/** Adds column names to a list's `fields`, keeping their order. */
async function addListColumns(tx: Transaction<Database>, listId: string, columns: string[], now: number) {
  const list = await tx.selectFrom('lists').select('fields').where('id', '=', listId).executeTakeFirstOrThrow();
  const known = JSON.parse(list.fields) as string[];
  const fields = [...new Set([...known, ...columns])];
  await tx
    .updateTable('lists')
    .set({ fields: JSON.stringify(fields), last_modified: now })
    .where('id', '=', listId)
    .execute();
}

/** Reads and writes leads. */
export class LeadRepo {
  constructor(private readonly db: Db) {}

  /** One lead of the workspace (removed ones included); `undefined` for an unknown id or another workspace's. */
  async get(workspaceId: string, id: string): Promise<LeadRecord | undefined> {
    const r = await this.db.kysely
      .selectFrom('leads')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toLeadRecord(r);
  }

  /** Several leads of any workspace by id, for the engine, which checks each one's workspace itself. */
  async getMany(ids: string[]): Promise<(LeadRecord & { workspaceId: string })[]> {
    const out: (LeadRecord & { workspaceId: string })[] = [];
    for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) {
      const rows = await this.db.kysely
        .selectFrom('leads')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + ROWS_PER_INSERT))
        .execute();
      for (const r of rows) out.push({ ...toLeadRecord(r), workspaceId: r.workspace_id });
    }
    return out;
  }

  /**
   * Adds leads to a list in one transaction, with the list row locked so concurrent adds
   * see each other's emails. `choose` receives the list's email keys when `needExisting`.
   */
  async addToList(
    listId: string,
    workspaceId: string,
    needExisting: boolean,
    columns: string[],
    choose: ChooseLeads,
    now: number,
  ): Promise<{ id: string; email: string }[]> {
    return this.db.kysely.transaction().execute(async (tx) => {
      const list = await lockForUpdate(
        this.db,
        tx.selectFrom('lists').select(['fields']).where('id', '=', listId).where('workspace_id', '=', workspaceId),
      ).executeTakeFirstOrThrow();
      let existing: Set<string> | undefined;
      if (needExisting) {
        const rows = await tx
          .selectFrom('leads')
          .select('email_key')
          .where('list_id', '=', listId)
          .where('removed_at', 'is', null)
          .execute();
        existing = new Set(rows.map((r) => r.email_key));
      }
      const leads = choose(existing);
      const rows: LeadTable[] = leads.map((l) => ({
        id: newId(now),
        workspace_id: workspaceId,
        list_id: listId,
        email: l.email,
        email_key: l.emailKey,
        standard: JSON.stringify(l.standard),
        custom: JSON.stringify(l.custom),
        status: 'not_contacted',
        created_at: now,
        last_modified: now,
        removed_at: null,
        starred: 0,
        archived: 0,
      }));
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await tx
          .insertInto('leads')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .execute();
      }
      const known = JSON.parse(list.fields) as string[];
      const fields = [...new Set([...known, ...columns])];
      await tx
        .updateTable('lists')
        .set({
          contacts_count: sql`contacts_count + ${rows.length}`,
          fields: JSON.stringify(fields),
          last_modified: now,
          leads_version: BUMP,
        })
        .where('id', '=', listId)
        .execute();
      return rows.map((r) => ({ id: r.id, email: r.email }));
    });
  }

  /** Sets the status of every lead of the workspace with this address; answers their ids. */
  async setStatusByEmail(workspaceId: string, emailKey: string, status: string, now: number): Promise<string[]> {
    const rows = await this.db.kysely
      .updateTable('leads')
      .set({ status, last_modified: now })
      .where('workspace_id', '=', workspaceId)
      .where('email_key', '=', emailKey)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Marks every live lead of the list with this email removed; answers how many. */
  async removeFromList(listId: string, emailKey: string, now: number): Promise<number> {
    return this.db.kysely.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('leads')
        .set({ removed_at: now, last_modified: now })
        .where('list_id', '=', listId)
        .where('email_key', '=', emailKey)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      const removed = Number(result.numUpdatedRows);
      if (removed > 0) {
        await tx
          .updateTable('lists')
          .set({ contacts_count: sql`contacts_count - ${removed}`, last_modified: now })
          .where('id', '=', listId)
          .execute();
      }
      return removed;
    });
  }

  /** One page of a list's live leads, filtered as `GET /lists/:id/leads` asks. */
  async listOf(listId: string, f: ListLeadsFilter): Promise<LeadRecord[]> {
    const order = f.ascending ? 'asc' : 'desc';
    let q = this.db.kysely
      .selectFrom('leads as l')
      .selectAll('l')
      .where('l.list_id', '=', listId)
      .where('l.removed_at', 'is', null)
      .where('l.archived', '=', f.archived ? 1 : 0);
    if (f.status !== undefined) q = q.where('l.status', '=', f.status);
    if (f.search) {
      const pattern = `%${escapeLike(f.search.toLowerCase())}%`;
      const like = (e: RawBuilder<string>) => sql<boolean>`lower(${e}) like ${pattern} escape '\\'`;
      const names = sql.join(
        ['First_Name', 'Last_Name', 'Company_Name'].map((k) => like(jsonMember(this.db, 'l.standard', k))),
        sql` or `,
      );
      // Reading three JSON members of every lead of a large list is the slow part; a name can only
      // contain the search if the JSON text does, so most leads are dropped before any is parsed.
      const inNames = writtenVerbatimInJson(f.search)
        ? sql<boolean>`(lower(l.standard) like ${pattern} escape '\\' and (${names}))`
        : names;
      q = q.where(sql<boolean>`(l.email_key like ${pattern} escape '\\' or ${inNames})`);
    }
    if (f.sequenceId !== undefined) {
      const sequenceId = f.sequenceId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('enrollments as e')
            .select('e.id')
            .whereRef('e.lead_id', '=', 'l.id')
            .where('e.sequence_id', '=', sequenceId),
        ),
      );
    }
    const rows = await q.orderBy('l.id', order).limit(f.limit).offset(f.offset).execute();
    return rows.map(toLeadRecord);
  }

  /** The workspace's latest live lead with this address. */
  async latestByEmail(workspaceId: string, emailKey: string): Promise<LeadRecord | undefined> {
    const r = await this.db.kysely
      .selectFrom('leads')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('email_key', '=', emailKey)
      .where('removed_at', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r && toLeadRecord(r);
  }

  /** Writes a lead's new fields (and email, star) and the list's new columns in one transaction. */
  async update(lead: { id: string; listId: string }, change: LeadChange, now: number): Promise<void> {
    await this.db.kysely.transaction().execute(async (tx) => {
      await tx
        .updateTable('leads')
        .set({
          standard: JSON.stringify(change.standard),
          custom: JSON.stringify(change.custom),
          ...(change.email ? { email: change.email.email, email_key: change.email.emailKey } : {}),
          ...(change.starred !== undefined ? { starred: change.starred ? 1 : 0 } : {}),
          last_modified: now,
        })
        .where('id', '=', lead.id)
        .execute();
      await addListColumns(tx, lead.listId, change.columns, now);
      // The list the lead is in now (by its row, should it have moved since it was read): a new address may be enrollable.
      await bumpListOf(tx, lead.id);
    });
  }

  /** Moves a live lead to another list of its workspace, keeping both lists' counts and columns right. */
  async move(lead: { id: string; listId: string }, toListId: string, columns: string[], now: number): Promise<void> {
    if (lead.listId === toListId) return;
    await this.db.kysely.transaction().execute(async (tx) => {
      await tx.updateTable('leads').set({ list_id: toListId, last_modified: now }).where('id', '=', lead.id).execute();
      await tx
        .updateTable('lists')
        .set({ contacts_count: sql`contacts_count - 1`, last_modified: now })
        .where('id', '=', lead.listId)
        .execute();
      await tx
        .updateTable('lists')
        .set({ contacts_count: sql`contacts_count + 1`, leads_version: BUMP })
        .where('id', '=', toListId)
        .execute();
      await addListColumns(tx, toListId, columns, now);
    });
  }

  /** Archives a lead or brings it back. */
  async setArchived(id: string, archived: boolean, now: number): Promise<void> {
    await this.db.kysely.transaction().execute(async (tx) => {
      await tx
        .updateTable('leads')
        .set({ archived: archived ? 1 : 0, last_modified: now })
        .where('id', '=', id)
        .execute();
      await bumpListOf(tx, id);
    });
  }
}
