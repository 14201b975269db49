import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createTestDb, describeEachDialect, type TestDb } from '../support/dialects.js';

describeEachDialect('migrations', (dialect) => {
  let testDb: TestDb | undefined;
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
    await testDb?.destroy();
  });

  it('apply every migration to an empty database once, and nothing the second time', async () => {
    testDb = await createTestDb(dialect);
    const db = openDatabase(testDb.storage);
    open.push(db);
    const first = await migrateToLatest(db);
    expect(first[0]).toBe('0001-initial');
    expect(new Set(first).size).toBe(first.length);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('find nothing to do from a second connection, and keep the data', async () => {
    testDb = await createTestDb(dialect);
    const db = openDatabase(testDb.storage);
    open.push(db);
    await migrateToLatest(db);
    await db.kysely.insertInto('workspaces').values({ id: 'w1', name: 'Acme', created_at: 1 }).execute();
    const again = openDatabase(testDb.storage);
    open.push(again);
    expect(await migrateToLatest(again)).toEqual([]);
    const rows = await again.kysely.selectFrom('workspaces').select('name').execute();
    expect(rows).toEqual([{ name: 'Acme' }]);
  });
});
