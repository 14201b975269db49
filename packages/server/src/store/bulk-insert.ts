import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

// Per dialect adapter (one per open database), the SQL text of an insert by table, columns and row count.
const compiled = new WeakMap<object, Map<string, string>>();

// The largest statement: 256 rows of activity are 5,120 parameters, within both databases' limits.
const MAX_ROWS = 256;

/**
 * Inserts rows with the given columns, one statement per 256 rows. Kysely's builder parses and compiles
 * every value of every row; on the hot paths (the engine's sent records, tracked opens and clicks) that
 * cost more than the insert. The statement's text depends only on the dialect, the table, the columns
 * and the row count, so it is compiled once by Kysely and reused with fresh parameters; with at most 256
 * row counts, the texts of a table are bounded and never evicted (evicting them, as batches of opens
 * differ in size every time, made Kysely compile nearly every batch).
 */
export async function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly Database[T][],
): Promise<void> {
  for (let at = 0; at < rows.length; at += MAX_ROWS) {
    await insertChunk(db, table, columns, rows.slice(at, at + MAX_ROWS));
  }
}

async function insertChunk<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly Database[T][],
): Promise<void> {
  const adapter = db.getExecutor().adapter;
  let texts = compiled.get(adapter);
  if (!texts) compiled.set(adapter, (texts = new Map<string, string>()));
  const key = `${table}|${columns.join(',')}|${rows.length}`;
  const params = rows.flatMap((r) => columns.map((c) => r[c] as unknown));
  const text = texts.get(key);
  if (text !== undefined) {
    await db.executeQuery(CompiledQuery.raw(text, params));
    return;
  }
  // The first time: Kysely writes the statement (quoting, placeholders) from rows in column order.
  const ordered = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
  const query = db
    .insertInto(table)
    .values(ordered as never)
    .compile();
  if (query.parameters.length !== params.length) throw new Error(`insertRows(${table}): unexpected parameter count`);
  texts.set(key, query.sql);
  await db.executeQuery(query);
}
