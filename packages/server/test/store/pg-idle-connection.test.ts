import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.js';
import { createTestDb, describeOnPostgres, PG_URL, type TestDb } from '../support/dialects.js';

describeOnPostgres('an idle PostgreSQL connection ended by the server', () => {
  let testDb: TestDb | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await testDb?.destroy();
  });

  it('is let go without ending the process, and the next query opens another', async () => {
    testDb = await createTestDb('postgres');
    db = await testDb.open();
    const pidOf = async (d: Db) =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(d.kysely)).rows[0]!.pid;
    const first = await pidOf(db);
    // Ended from another session while it sits idle in the pool: unheard, the pool's 'error' event
    // would be an uncaught exception, which fails this run.
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [first]);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await pidOf(db)).not.toBe(first);
  });
});
