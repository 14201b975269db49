import type { Db } from './database.js';
import { newId } from './ids.js';

/** A workspace (SalesBlink's "account"): every other row belongs to one. */
export interface Workspace {
  id: string;
  name: string;
  createdAt: number;
}

/** Reads and writes workspaces. */
export class WorkspaceRepo {
  constructor(private readonly db: Db) {}

  /** Creates a workspace named `name`. */
  async create(name: string, now: number): Promise<Workspace> {
    const row = { id: newId(now), name, created_at: now };
    await this.db.kysely.insertInto('workspaces').values(row).execute();
    return { id: row.id, name, createdAt: now };
  }

  /** The workspace with this exact name, if any. */
  async findByName(name: string): Promise<Workspace | undefined> {
    const row = await this.db.kysely.selectFrom('workspaces').selectAll().where('name', '=', name).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  /** The workspace with this id. */
  async get(id: string): Promise<Workspace | undefined> {
    const row = await this.db.kysely.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  /** The first workspace made: where an install's first admin user belongs. */
  async oldest(): Promise<Workspace | undefined> {
    const row = await this.db.kysely
      .selectFrom('workspaces')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  /** Renames a workspace. */
  async rename(id: string, name: string): Promise<void> {
    await this.db.kysely.updateTable('workspaces').set({ name }).where('id', '=', id).execute();
  }

  /** How many workspaces exist; 0 means a database that was never served. */
  async count(): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
