import type { SelectQueryBuilder } from 'kysely';
import type { Db } from './database.js';

// What SQLite and PostgreSQL do differently lives here and nowhere else.

/**
 * Locks the selected rows until the transaction ends. PostgreSQL needs FOR UPDATE;
 * SQLite has no row locks and needs none: one writer holds the whole file.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return db.dialect === 'postgres' ? query.forUpdate() : query;
}
