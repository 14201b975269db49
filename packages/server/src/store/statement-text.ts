import { CompiledQuery, type Kysely } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

type Dialect = Db['dialect'];

// Statement texts by name, dialect and row count: each is written once, then reused with fresh parameters.
const texts = new Map<string, string>();
// PostgreSQL's batch statements by name, and the name each text is prepared under on a connection.
const prepared = new Map<string, string>();
const preparedNames = new Map<string, string>();

/**
 * The text of a hot statement for `rows` rows, written by `write` the first time. The engine's and the
 * tracker's batch statements depend only on their row count; building them with Kysely's query builder
 * for every batch cost more than running them.
 */
export function statementText(name: string, dialect: Dialect, rows: number, write: () => string): string {
  const key = `${name}|${dialect}|${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = write();
    // Each batch size is its own text: some twenty statements × 2 dialects × up to 500 rows, so the set
    // is bounded by construction and is never evicted (evicting, as batches of opens differ in size
    // every time, made Kysely write nearly every batch again); the clear only guards against a misuse.
    if (texts.size >= 50_000) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/**
 * The text of a hot PostgreSQL statement whose batch comes as one parameter (an array, or the rows as
 * JSON read by `json_populate_recordset`), so one text serves every batch size. Each connection prepares
 * it once (pg-prepared.ts) instead of parsing and planning it on every run: with a text per batch size
 * that cost more of PostgreSQL's time than the statements themselves, and preparing those would hold
 * megabytes per text per connection (a 200-row VALUES insert's plan is about 3 MB).
 */
export function preparedText(name: string, write: () => string): string {
  let text = prepared.get(name);
  if (text === undefined) {
    text = write();
    prepared.set(name, text);
    preparedNames.set(text, `blinkpost_${prepared.size}`);
  }
  return text;
}

/** The name a connection prepares a `preparedText` under; undefined for any other text. */
export function preparedName(text: string): string | undefined {
  return preparedNames.get(text);
}

// ES2024's String.prototype.isWellFormed/toWellFormed (in Node 20), which the ES2023 lib does not declare.
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * Rows as the one JSON parameter of a `json_populate_recordset` statement. A string cut in the middle of
 * a surrogate pair (a snippet cut before an emoji's second half) would go as `\ud83d`, which PostgreSQL
 * refuses, failing the whole batch; it goes with U+FFFD instead, as a parameter of its own would.
 */
export const rowsParam = (rows: readonly object[]): string =>
  JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'string' && !(value as WellFormed).isWellFormed() ? (value as WellFormed).toWellFormed() : value,
  );

/**
 * PostgreSQL: the rows of a batch as `unnest($1::text[], $2::bigint[], …) as v(a, b, …)`, one array
 * parameter per column, for statements that join the batch to a table. (Joined from JSON rows, the
 * planner takes the batch for 100 rows and scans the table; for unnest it assumes 10 and uses the index.)
 */
export function unnestColumns(columns: readonly (readonly [name: string, type: string])[]): string {
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  return `unnest(${arrays}) as v(${columns.map(([name]) => name).join(', ')})`;
}

/** The array parameters of `unnestColumns`: each column's values over the rows. */
export function columnArrays<R>(
  rows: readonly R[],
  columns: readonly (readonly [name: keyof R & string, type: string])[],
) {
  return columns.map(([name]) => rows.map((r) => r[name]));
}

/**
 * `rows` rows of `casts.length` parameters each, numbered from `first` (1-based), in the dialect's
 * syntax: `(?, ?), (?, ?)` on SQLite, `($1::text, $2::bigint), …` on PostgreSQL, where parameters in a
 * VALUES list need their types spelled out. Pass `''` for a parameter PostgreSQL needs no cast for.
 */
export function valueRows(dialect: Dialect, rows: number, casts: readonly string[], first = 1): string {
  const out: string[] = [];
  let n = first;
  for (let r = 0; r < rows; r++) {
    const cells = casts.map((cast) => (dialect === 'sqlite' ? '?' : `$${n++}${cast === '' ? '' : `::${cast}`}`));
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

/** `count` parameters numbered from `first`, comma-separated: `?, ?` or `$3, $4`. */
export function paramList(dialect: Dialect, count: number, first = 1): string {
  return Array.from({ length: count }, (_, i) => (dialect === 'sqlite' ? '?' : `$${first + i}`)).join(', ');
}

/** Runs a statement text with its parameters (in the caller's transaction when given one) and answers its rows. */
export async function runStatement<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, [...params]));
  return result.rows;
}
