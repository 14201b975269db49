import { Migrator, type Migration, type MigrationResult } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-senders.js';
import * as m0003 from './migrations/0003-templates.js';
import * as m0004 from './migrations/0004-engine.js';
import * as m0005 from './migrations/0005-engine-counters.js';
import * as m0006 from './migrations/0006-tracking.js';
import * as m0007 from './migrations/0007-webhooks.js';
import * as m0008 from './migrations/0008-inbox.js';
import * as m0010 from './migrations/0010-idempotency.js';
import * as m0011 from './migrations/0011-leads-extras.js';
import * as m0012 from './migrations/0012-users-folders.js';
import * as m0013 from './migrations/0013-inbox-threads.js';
import * as m0014 from './migrations/0014-sessions.js';
import * as m0015 from './migrations/0015-leads-page.js';
import * as m0016 from './migrations/0016-sent-by-message.js';
import * as m0017 from './migrations/0017-list-leads-version.js';
import * as m0018 from './migrations/0018-engagement-recipients.js';

// Listed in code rather than read from a folder, so the built package needs no file lookups.
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-senders': m0002,
  '0003-templates': m0003,
  '0004-engine': m0004,
  '0005-engine-counters': m0005,
  '0006-tracking': m0006,
  '0007-webhooks': m0007,
  '0008-inbox': m0008,
  '0010-idempotency': m0010,
  '0011-leads-extras': m0011,
  '0012-users-folders': m0012,
  '0013-inbox-threads': m0013,
  '0014-sessions': m0014,
  '0015-leads-page': m0015,
  '0016-sent-by-message': m0016,
  '0017-list-leads-version': m0017,
  '0018-engagement-recipients': m0018,
};

/** Brings the schema up to date; answers the names of the migrations it applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Kysely's bookkeeping tables go to the connection's own schema; its introspection looks only there
  // (schema-introspector.ts), so another install's or a parallel test's schema never stands in for ours.
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // Migrations written in parallel may land out of name order; each is applied once all the same.
    allowUnorderedMigrations: true,
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
