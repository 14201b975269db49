import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_PAGE_SIZE } from '../../src/store/database.js';
import { createTestDb } from '../support/dialects.js';

const pageSizeOf = async (file: string) => {
  const db = openDatabase({ dialect: 'sqlite', file });
  try {
    const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(db.kysely);
    return rows[0]!.page_size;
  } finally {
    await db.close();
  }
};

/** The file of a fresh SQLite test database (`createTestDb`), removed after `use`. */
async function withSqliteFile(use: (file: string, open: () => Promise<unknown>) => Promise<void>) {
  const testDb = await createTestDb('sqlite');
  try {
    if (testDb.storage.dialect !== 'sqlite') throw new Error('a SQLite test database was asked for');
    await use(testDb.storage.file, () => testDb.open().then((db) => db.close()));
  } finally {
    await testDb.destroy();
  }
}

describe('SQLite page size', () => {
  it('a database the server creates has 16 KiB pages', async () => {
    await withSqliteFile(async (file, openMigrated) => {
      await openMigrated();
      expect(SQLITE_PAGE_SIZE).toBe(16_384);
      expect(await pageSizeOf(file)).toBe(16_384);
    });
  });

  it('an existing database keeps its page size and its rows, and takes new ones', async () => {
    await withSqliteFile(async (file) => {
      // A file made before this change: 4 KiB pages, already in WAL mode.
      const old = new SQLite(file);
      old.pragma('page_size = 4096');
      old.pragma('journal_mode = WAL');
      old.exec("create table notes (id integer primary key, body text); insert into notes (body) values ('kept')");
      old.close();

      const db = openDatabase({ dialect: 'sqlite', file });
      try {
        await sql`insert into notes (body) values ('added')`.execute(db.kysely);
        const { rows } = await sql<{ body: string }>`select body from notes order by id`.execute(db.kysely);
        expect(rows.map((r) => r.body)).toEqual(['kept', 'added']);
      } finally {
        await db.close();
      }
      expect(await pageSizeOf(file)).toBe(4096);
    });
  });
});
