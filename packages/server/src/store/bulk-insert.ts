import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { statementText } from './statement-text.js';

// The largest statement: 256 rows of activity are 5,120 parameters, within both databases' limits.
const MAX_ROWS = 256;

/** What an insert does besides adding its rows. */
export interface InsertOptions<C extends string> {
  /** a row that collides on these columns' unique index is skipped, not an error */
  skipConflictsOn?: readonly C[];
  /** answer this column of every row inserted (skipped rows answer nothing) */
  returning?: C;
}

/**
 * Inserts rows with the given columns, one statement per 256 rows, and answers the `returning` column
 * of the rows inserted. Kysely's builder parses and compiles every value of every row; on the hot paths
 * (the engine's ledger rows and sent records, tracked opens and clicks) that cost more than the insert.
 * The statement's text depends only on the dialect, the table, the columns, the options and the row
 * count, so Kysely writes it once (`statementText`) and it is reused with fresh parameters.
 */
export async function insertRows<T extends keyof Database, C extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly C[],
  rows: readonly Database[T][],
  opts: InsertOptions<C> = {},
): Promise<unknown[]> {
  const answered: unknown[] = [];
  for (let at = 0; at < rows.length; at += MAX_ROWS) {
    answered.push(...(await insertChunk(db, table, columns, rows.slice(at, at + MAX_ROWS), opts)));
  }
  return answered;
}

async function insertChunk<T extends keyof Database, C extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly C[],
  rows: readonly Database[T][],
  opts: InsertOptions<C>,
): Promise<unknown[]> {
  const params = rows.flatMap((r) => columns.map((c) => r[c] as unknown));
  const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  const name = `insert ${table} (${columns.join(',')}) skip (${opts.skipConflictsOn?.join(',') ?? ''}) returning ${opts.returning ?? ''}`;
  const text = statementText(name, dialect, rows.length, () => {
    // Kysely writes the statement (quoting, placeholders) from rows in column order.
    const ordered = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
    const insert = db.insertInto(table).values(ordered as never);
    const skipping = opts.skipConflictsOn
      ? insert.onConflict((oc) => oc.columns(opts.skipConflictsOn as never).doNothing())
      : insert;
    const query = (opts.returning ? skipping.returning(opts.returning as never) : skipping).compile();
    if (query.parameters.length !== params.length) throw new Error(`insertRows(${table}): unexpected parameter count`);
    return query.sql;
  });
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params));
  const column = opts.returning;
  return column === undefined ? [] : result.rows.map((r) => r[column]);
}
