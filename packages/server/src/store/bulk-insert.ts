import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { dialectOf, preparedText, rowsParam, statementText, type Statement } from './statement-text.js';

// The largest statement on SQLite: 256 rows of activity are 5,120 parameters, within its limit. On
// PostgreSQL the rows are one JSON parameter, so a batch of opens goes in a few statements.
const MAX_ROWS = { sqlite: 256, postgres: 5_000 };

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
 * On SQLite the statement's text depends only on the table, the columns, the options and the row count,
 * so Kysely writes it once (`statementText`) and it is reused with fresh parameters. On PostgreSQL the
 * rows go as JSON, typed by the table's own row type (`json_populate_recordset`): one prepared text.
 */
export async function insertRows<T extends keyof Database, C extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly C[],
  rows: readonly Database[T][],
  opts: InsertOptions<C> = {},
): Promise<unknown[]> {
  const answered: unknown[] = [];
  for (const { text, params } of insertStatements(db, table, columns, rows, opts)) {
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params));
    const column = opts.returning;
    if (column !== undefined) answered.push(...result.rows.map((r) => r[column]));
  }
  return answered;
}

/** The statements of `insertRows`, for a caller that runs them with others (`runAtomically`). */
export function insertStatements<T extends keyof Database, C extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly C[],
  rows: readonly Database[T][],
  opts: InsertOptions<C> = {},
): Statement[] {
  const dialect = dialectOf(db);
  const statements: Statement[] = [];
  for (let at = 0; at < rows.length; at += MAX_ROWS[dialect]) {
    const chunk = rows.slice(at, at + MAX_ROWS[dialect]);
    statements.push(
      dialect === 'postgres' ? jsonInsert(table, columns, chunk, opts) : sqliteInsert(db, table, columns, chunk, opts),
    );
  }
  return statements;
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

const insertName = (table: string, columns: readonly string[], opts: InsertOptions<string>) =>
  `insert ${table} (${columns.join(',')}) skip (${opts.skipConflictsOn?.join(',') ?? ''}) returning ${opts.returning ?? ''}`;

/** PostgreSQL: the rows as one JSON parameter, typed by the table's row type; one text for every size. */
function jsonInsert<T extends keyof Database, C extends keyof Database[T] & string>(
  table: T,
  columns: readonly C[],
  rows: readonly Database[T][],
  opts: InsertOptions<C>,
): Statement {
  const text = preparedText(insertName(table, columns, opts), () =>
    [
      `insert into "${table}" (${quoted(columns)})`,
      `select ${quoted(columns)} from json_populate_recordset(null::"${table}", $1::json)`,
      opts.skipConflictsOn ? `on conflict (${quoted(opts.skipConflictsOn)}) do nothing` : '',
      opts.returning ? `returning "${opts.returning}"` : '',
    ].join(' '),
  );
  // Keys that are not among `columns` are ignored by the select list.
  return { text, params: [rowsParam(rows)] };
}

/** SQLite: a parameter per value, in a text per row count that Kysely writes once. */
function sqliteInsert<T extends keyof Database, C extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly C[],
  rows: readonly Database[T][],
  opts: InsertOptions<C>,
): Statement {
  // Plain loops: this runs for every row of every batch of opens, clicks and sends.
  const params = new Array<unknown>(rows.length * columns.length);
  let at = 0;
  for (const r of rows) for (const c of columns) params[at++] = r[c];
  const text = statementText(insertName(table, columns, opts), rows.length, () => {
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
  return { text, params };
}
