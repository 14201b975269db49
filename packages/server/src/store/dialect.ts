import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from './database.js';

// What SQLite and PostgreSQL do differently lives here and nowhere else.

/**
 * Locks the selected rows until the transaction ends. PostgreSQL needs FOR UPDATE;
 * SQLite has no row locks and needs none: one writer holds the whole file.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
  /** in a join, the tables whose rows to lock; PostgreSQL otherwise locks the joined rows too */
  of?: TB & string,
): SelectQueryBuilder<DB, TB, O> {
  if (db.dialect !== 'postgres') return query;
  return of === undefined ? query.forUpdate() : query.forUpdate(of);
}

/** One string member of a JSON-text column (`''` when absent), e.g. a lead's `First_Name`. */
export function jsonMember(db: Db, column: string, key: string): RawBuilder<string> {
  return db.dialect === 'postgres'
    ? sql<string>`coalesce(${sql.ref(column)}::json ->> ${key}, '')`
    : sql<string>`coalesce(json_extract(${sql.ref(column)}, ${`$."${key}"`}), '')`;
}
