import { CompiledQuery, type Kysely } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

type Dialect = Db['dialect'];

// Statement texts by name, dialect and row count: each is written once, then reused with fresh parameters.
const texts = new Map<string, string>();

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
