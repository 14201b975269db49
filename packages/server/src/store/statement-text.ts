import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

export type Dialect = Db['dialect'];

/** The dialect a Kysely instance (or transaction) speaks. */
export const dialectOf = (db: Kysely<Database>): Dialect =>
  db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

// SQLite's statement texts by name and row count: each is written once, then reused with fresh parameters.
const texts = new Map<string, string>();
// PostgreSQL's batch statements by name, and the name each text is prepared under on a connection.
const prepared = new Map<string, string>();
const preparedNames = new Map<string, string>();

/**
 * The text of a hot SQLite statement for `rows` rows, written by `write` the first time. The engine's
 * and the tracker's batch statements depend only on their row count; building them with Kysely's query
 * builder for every batch cost more than running them. (PostgreSQL takes a batch as one parameter and
 * one text for every size: `preparedText`.)
 */
export function statementText(name: string, rows: number, write: () => string): string {
  const key = `${name}|${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = write();
    // Each batch size is its own text: some ten statements × up to 500 rows, so the set is bounded by
    // construction and is never evicted (evicting, as batches of opens differ in size every time, made
    // Kysely write nearly every batch again); the clear only guards against a misuse.
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
 * JSON.stringify writes a lone surrogate as such an escape, so only a text that shows one is written
 * again with the replacer: a replacer is called for every value, and on the hot paths that cost more
 * than the writing (text that merely contains a backslash and `ud8…` takes the slow way, correctly).
 */
export const rowsParam = (rows: readonly object[]): string => {
  const json = JSON.stringify(rows);
  if (!LONE_SURROGATE_ESCAPE.test(json)) return json;
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'string' && !(value as WellFormed).isWellFormed() ? (value as WellFormed).toWellFormed() : value,
  );
};

const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

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

/** SQLite: `count` placeholders, comma-separated. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** SQLite: `rows` rows of `columns` placeholders each, for a VALUES list: `(?, ?), (?, ?)`. */
export const valueRows = (rows: number, columns: number): string =>
  Array.from({ length: rows }, () => `(${placeholders(columns)})`).join(', ');

/** SQLite: the parameters of `valueRows`, row by row in the columns' order. */
export function rowValues<R>(
  rows: readonly R[],
  columns: readonly (readonly [name: keyof R & string, type: string])[],
) {
  return rows.flatMap((r) => columns.map(([name]) => r[name]));
}

/** A statement ready to run: its text (`statementText` or `preparedText`) and its parameters. */
export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * Runs the statements of one change atomically: SQLite in a transaction; PostgreSQL as one statement
 * (`runTogether`), which is atomic by itself: one round trip instead of one per statement plus BEGIN and COMMIT.
 */
export async function runAtomically(db: Kysely<Database>, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return;
  if (dialectOf(db) === 'sqlite') await db.transaction().execute((tx) => runTogether(tx, statements));
  else await runTogether(db, statements);
}

/**
 * Runs statements in order (in the caller's transaction when given one) and answers the rows of the last.
 * SQLite runs them one after the other. PostgreSQL runs them as one statement, all but the last as writable
 * CTEs (`with s0 as (…), s1 as (…) <last>`): one round trip. They then see one snapshot, so none may depend
 * on another's changes nor change a row another changes; the last may not begin with WITH.
 */
export async function runTogether<R>(db: Kysely<Database>, statements: Statement[]): Promise<R[]> {
  if (dialectOf(db) === 'sqlite' || statements.length <= 1) {
    let rows: R[] = [];
    for (const s of statements) rows = await runStatement<R>(db, s.text, s.params);
    return rows;
  }
  const names = statements.map((s) => preparedName(s.text));
  if (names.some((n) => n === undefined)) throw new Error('runTogether: a PostgreSQL statement is not a preparedText');
  const text = preparedText(`together ${names.join(' ')}`, () => {
    let offset = 0;
    const parts = statements.map((s) => {
      // Each text numbers its parameters from $1; in the whole they follow those of the texts before.
      const renumbered = s.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      offset += s.params.length;
      return renumbered;
    });
    const last = parts.pop()!;
    return `with ${parts.map((t, i) => `s${i} as (${t})`).join(', ')} ${last}`;
  });
  return runStatement<R>(
    db,
    text,
    statements.flatMap((s) => s.params),
  );
}

/** Runs a statement text with its parameters (in the caller's transaction when given one) and answers its rows. */
export async function runStatement<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, [...params]));
  return result.rows;
}

/**
 * A statement about one value (a time, a status) and a list of ids, written by `write(value, idIn)`:
 * `idIn` is `in (?, …)` on SQLite (a text per count) and `= any($2::text[])` on PostgreSQL (one prepared text).
 */
export function idsStatement(
  dialect: Dialect,
  name: string,
  value: number | string,
  ids: string[],
  write: (value: string, idIn: string) => string,
): Statement {
  if (dialect === 'postgres') {
    return { text: preparedText(name, () => write('$1', '= any($2::text[])')), params: [value, ids] };
  }
  const text = statementText(name, ids.length, () => write('?', `in (${placeholders(ids.length)})`));
  return { text, params: [value, ...ids] };
}

/**
 * A statement joined to a batch of rows, written by `write(batch)`: `batch` is a table `v` with the
 * columns' names, typed arrays (`unnestColumns`) on PostgreSQL, one prepared text; a VALUES list on
 * SQLite, a text per row count.
 */
export function batchStatement<R>(
  dialect: Dialect,
  name: string,
  columns: readonly (readonly [name: keyof R & string, type: string])[],
  rows: readonly R[],
  write: (batch: string) => string,
): Statement {
  if (dialect === 'postgres') {
    return { text: preparedText(name, () => write(unnestColumns(columns))), params: columnArrays(rows, columns) };
  }
  const named = columns.map(([column], i) => `column${i + 1} as ${column}`).join(', ');
  const text = statementText(name, rows.length, () =>
    write(`(select ${named} from (values ${valueRows(rows.length, columns.length)})) as v`),
  );
  return { text, params: rowValues(rows, columns) };
}
