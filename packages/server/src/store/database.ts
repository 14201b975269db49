import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { PreparingClient } from './pg-prepared.js';
import { CurrentSchemaPostgresDialect } from './schema-introspector.js';
import type { Database } from './schema.js';

/** Where the data lives: an embedded SQLite file, or a PostgreSQL server. */
export type StorageConfig =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

/** The open database and the dialect it speaks. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

// PostgreSQL answers bigint (and count(*)) as text by default; every bigint here is a
// millisecond time or a count, which fits a JavaScript number exactly.
const parseInt8 = (v: string): number => Number(v);
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20 ? parseInt8 : pg.types.getTypeParser(oid, format),
};

/**
 * Every transaction here writes. A deferred BEGIN takes the write lock only at the first write, and if
 * another process (`serve --no-engine` beside `worker`) wrote meanwhile, SQLite fails it at once with
 * SQLITE_BUSY(_SNAPSHOT) instead of waiting. BEGIN IMMEDIATE takes the lock up front, so busy_timeout waits.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: SqliteDialectConfig) {
    super(sqliteConfig);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqliteConfig);
  }
}

/** The page size of a SQLite database this server creates (`openDatabase`). */
export const SQLITE_PAGE_SIZE = 16_384;

// Statements kept prepared per SQLite connection; the engine and the API use a few dozen distinct ones.
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew, which costs as much as running it. This hands it
 * the prepared statement of an identical earlier query instead. A statement still being iterated (a
 * streamed read) is busy, so a second user of the same text gets a fresh one.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      const cached = cache.get(text);
      if (cached && !cached.busy) return cached;
      const stmt = sqlite.prepare(text);
      if (cached) return stmt;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(text, stmt);
      return stmt;
    },
  };
}

// Prepared statements (pg-prepared.ts) are parsed once but planned on each run, with that run's batch:
// a plan cached once for all could be one made while a table was nearly empty (a sequential scan).
const PLAN_EACH_RUN = '-c plan_cache_mode=force_custom_plan';

/** Opens the database the config names; SQLite runs in WAL mode so readers never wait for the writer. */
export function openDatabase(config: StorageConfig): Db {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SQLite(config.file);
    // A new database gets 16 KiB pages instead of 4 KiB. Its busiest writes are appends (batches of opens
    // and clicks, sent records, ledger rows): a commit then writes a quarter as many WAL frames, each with
    // its own header, checksum and write call, and the B-trees split a quarter as often. A batch of opens
    // into activity cost ~10 % less CPU a row (scratch runs, docs/benchmarks.md). The page size is fixed
    // when the first table is made; an existing file keeps its own (only a VACUUM outside WAL mode
    // rebuilds it), so this is a no-op there.
    sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // A statement that can fail halfway (a multi-row insert into a table with unique keys: every batch of
    // activity, messages, leads) journals each page it changes so the statement alone can be undone. In
    // a temporary file that was a write syscall per page: with activity's five indexes, 4.5 page writes
    // per row of a batch of opens, over a quarter of the row's cost (docs/benchmarks.md). Those journals are
    // as large as one statement's pages, so memory holds them. Sorts and temporary tables live in memory
    // too: the feeds and exports read in index order by pages, and analytics' groupings hold a row a group.
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('foreign_keys = ON');
    const kysely = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
    });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    types: pgTypes,
    Client: PreparingClient,
    options: [PLAN_EACH_RUN, ...(config.schema ? [`-c search_path=${config.schema}`] : [])].join(' '),
  });
  // An idle connection the server ends (a restart, `pg_terminate_backend`, an idle timeout, a dropped
  // database) is reported as an 'error' event on the pool, which would end the process unheard. The pool
  // has already let go of that connection and the next query opens another; a query in flight gets its own
  // error. So the event only needs hearing.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
