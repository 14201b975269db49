import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type Db, type StorageConfig } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/** The dialects a run covers: `TEST_DIALECTS=sqlite,postgres` (default `sqlite`). */
export type Dialect = 'sqlite' | 'postgres';

export const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const inCi = process.env['CI'] === 'true';

function wantedDialects(): Dialect[] {
  const raw = process.env['TEST_DIALECTS'] ?? 'sqlite';
  return raw.split(',').map((d) => {
    const name = d.trim();
    if (name !== 'sqlite' && name !== 'postgres')
      throw new Error(`TEST_DIALECTS: unknown dialect ${JSON.stringify(name)}`);
    return name;
  });
}

let pgReachable: Promise<boolean> | undefined;
async function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

/** A fresh, empty database of one dialect; `destroy` removes every trace of it. */
export interface TestDb {
  dialect: Dialect;
  storage: StorageConfig;
  /** opens and migrates a connection to it */
  open(): Promise<Db>;
  destroy(): Promise<void>;
}

async function openMigrated(storage: StorageConfig): Promise<Db> {
  const db = openDatabase(storage);
  await migrateToLatest(db);
  return db;
}

/** Creates an empty database: a temporary SQLite file, or a PostgreSQL schema of its own. */
export async function createTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'blinkpost-test-'));
    const storage = { dialect: 'sqlite' as const, file: join(dir, 'test.sqlite') };
    return {
      dialect,
      storage,
      open: () => openMigrated(storage),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!(await postgresReachable())) {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL}; start it or leave postgres out of TEST_DIALECTS`);
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const storage = { dialect: 'postgres' as const, url: PG_URL, schema, poolSize: 4 };
  return {
    dialect,
    storage,
    open: () => openMigrated(storage),
    destroy: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

const available = await (async () => {
  const out: { dialect: Dialect; skip?: string }[] = [];
  for (const dialect of wantedDialects()) {
    if (dialect === 'postgres' && !inCi && !(await postgresReachable())) {
      const reason = `PostgreSQL is not reachable at ${PG_URL}`;
      console.warn(`skipping the postgres dialect: ${reason}`);
      out.push({ dialect, skip: reason });
    } else {
      out.push({ dialect });
    }
  }
  return out;
})();

/**
 * Runs a suite once per dialect of TEST_DIALECTS. Locally an unreachable PostgreSQL skips its
 * suite with a printed reason; in CI (CI=true) it fails, because CI must run every suite.
 */
export function describeEachDialect(name: string, suite: (dialect: Dialect) => void): void {
  for (const { dialect, skip } of available) {
    (skip ? describe.skip : describe)(`${name} [${dialect}]`, () => suite(dialect));
  }
}

/**
 * A suite about PostgreSQL alone. It runs when TEST_DIALECTS has postgres (CI's does); otherwise it is
 * listed as skipped, with the reason in its name, since a file without a suite fails the run.
 */
export function describeOnPostgres(name: string, suite: () => void): void {
  const postgres = available.find((a) => a.dialect === 'postgres');
  if (!postgres) describe.skip(`${name} (PostgreSQL only: TEST_DIALECTS does not name postgres)`, suite);
  else (postgres.skip ? describe.skip : describe)(name, suite);
}
