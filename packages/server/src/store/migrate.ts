import { Migrator, type Migration, type MigrationResult } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001-initial.js';

// Listed in code rather than read from a folder, so the built package needs no file lookups.
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
};

/** Brings the schema up to date; answers the names of the migrations it applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
