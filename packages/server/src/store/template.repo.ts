import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';
import type { TemplateTable } from './schema.js';

/** An email template as stored. */
export interface TemplateRecord {
  id: string;
  workspaceId: string;
  name: string;
  subjectLine: string;
  content: string;
  folder: string;
  starred: boolean;
  archived: boolean;
  ownedBy: string;
  createdAt: number;
  lastModified: number;
}

/** What a new template is made of. */
export interface NewTemplate {
  workspaceId: string;
  name: string;
  subjectLine: string;
  content: string;
  folder: string;
  starred: boolean;
  ownedBy: string;
}

/** The fields an update may change; absent ones stay. */
export type TemplateChanges = Partial<
  Pick<TemplateRecord, 'name' | 'subjectLine' | 'content' | 'folder' | 'starred' | 'archived'>
>;

const toRecord = (r: TemplateTable): TemplateRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  subjectLine: r.subject_line,
  content: r.content,
  folder: r.folder,
  starred: r.starred === 1,
  archived: r.archived === 1,
  ownedBy: r.owned_by,
  createdAt: Number(r.created_at),
  lastModified: Number(r.last_modified),
});

const flag = (b: boolean | undefined): number | undefined => (b === undefined ? undefined : b ? 1 : 0);

/** Reads and writes email templates. */
export class TemplateRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new template. */
  async create(input: NewTemplate, now: number): Promise<TemplateRecord> {
    const row: TemplateTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      name: input.name,
      subject_line: input.subjectLine,
      content: input.content,
      folder: input.folder,
      starred: input.starred ? 1 : 0,
      archived: 0,
      owned_by: input.ownedBy,
      created_at: now,
      last_modified: now,
    };
    await this.db.kysely.insertInto('templates').values(row).execute();
    return toRecord(row);
  }

  /** One template of the workspace; `undefined` for an unknown id or another workspace's. */
  async get(workspaceId: string, id: string): Promise<TemplateRecord | undefined> {
    const row = await this.db.kysely
      .selectFrom('templates')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The workspace's templates, latest first; the search looks in the name and the subject line. */
  async list(
    workspaceId: string,
    opts: Listing & { folder?: string | undefined; archived?: boolean | undefined } = {},
  ): Promise<TemplateRecord[]> {
    let q = this.db.kysely.selectFrom('templates').selectAll().where('workspace_id', '=', workspaceId);
    if (opts.folder !== undefined) q = q.where('folder', '=', opts.folder);
    if (opts.archived !== undefined) q = q.where('archived', '=', opts.archived ? 1 : 0);
    return (await applyListing(q, ['name', 'subject_line'], opts).execute()).map(toRecord);
  }

  /** Applies the changes given; answers the template after them, or `undefined` when it is not there. */
  async update(
    workspaceId: string,
    id: string,
    changes: TemplateChanges,
    now: number,
  ): Promise<TemplateRecord | undefined> {
    const set = {
      name: changes.name,
      subject_line: changes.subjectLine,
      content: changes.content,
      folder: changes.folder,
      starred: flag(changes.starred),
      archived: flag(changes.archived),
      last_modified: now,
    };
    const defined = Object.fromEntries(
      Object.entries(set).filter(([, v]) => v !== undefined),
    ) as Partial<TemplateTable>;
    await this.db.kysely
      .updateTable('templates')
      .set(defined)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
    return this.get(workspaceId, id);
  }
}
