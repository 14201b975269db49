import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createTestDb, describeOnPostgres, PG_URL, type TestDb } from '../support/dialects.js';

describeOnPostgres('introspection and migrations see only their own PostgreSQL schema', () => {
  const made: TestDb[] = [];
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
    for (const testDb of made.splice(0)) await testDb.destroy();
  });

  async function freshDb(): Promise<{ testDb: TestDb; db: Db; schema: string }> {
    const testDb = await createTestDb('postgres');
    made.push(testDb);
    const db = openDatabase(testDb.storage);
    open.push(db);
    const schema = testDb.storage.dialect === 'postgres' ? testDb.storage.schema : undefined;
    if (!schema) throw new Error('a PostgreSQL test database has a schema of its own');
    return { testDb, db, schema };
  }

  it("another schema's tables are neither listed nor taken for ours by the migrator", async () => {
    const other = await freshDb();
    await migrateToLatest(other.db);
    const ours = await freshDb();

    expect(await ours.db.kysely.introspection.getTables({ withInternalKyselyTables: true })).toEqual([]);
    const applied = await migrateToLatest(ours.db);
    expect(applied[0]).toBe('0001-initial');

    const tables = await ours.db.kysely.introspection.getTables({ withInternalKyselyTables: true });
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([ours.schema]));
    expect(tables.map((t) => t.name)).toContain('kysely_migration');
    const plain = await ours.db.kysely.introspection.getTables();
    expect(plain.map((t) => t.name)).not.toContain('kysely_migration');
    const workspaces = plain.find((t) => t.name === 'workspaces');
    expect(workspaces?.columns.find((c) => c.name === 'id')).toMatchObject({ isNullable: false, dataType: 'text' });
  });

  it('columns dropped in another schema meanwhile never fail a read (they did with Kysely’s own)', async () => {
    const ours = await freshDb();
    await migrateToLatest(ours.db);
    const other = await freshDb();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const t = `${other.schema}.churn`;
    await admin.query(`create table ${t} (id serial primary key, a int)`);
    let stop = false;
    let churned = 0;
    const churn = (async () => {
      while (!stop) {
        await admin.query(`alter table ${t} add column b int`);
        await admin.query(`alter table ${t} drop column b`);
        churned++;
      }
    })();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        await ours.db.kysely.introspection.getTables({ withInternalKyselyTables: true }).catch((e: Error) => {
          failures.push(e.message);
        });
      }
    } finally {
      stop = true;
      await churn;
      await admin.end();
    }
    expect(churned).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});
