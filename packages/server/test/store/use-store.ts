import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/store/database.js';
import { createStore, type Store } from '../../src/store/store.js';
import { createTestDb, type Dialect, type TestDb } from '../support/dialects.js';

/** A migrated, empty database of one dialect with its repositories, for a suite's tests. */
export interface StoreFixture {
  testDb: TestDb;
  db: Db;
  store: Store;
}

/** Opens a fresh store before the suite and removes it after. */
export function useStore(dialect: Dialect): () => StoreFixture {
  let fixture: StoreFixture | undefined;
  beforeAll(async () => {
    const testDb = await createTestDb(dialect);
    const db = await testDb.open();
    fixture = { testDb, db, store: createStore(db) };
  });
  afterAll(async () => {
    if (!fixture) return;
    await fixture.db.close();
    await fixture.testDb.destroy();
  });
  return () => {
    if (!fixture) throw new Error('store not open');
    return fixture;
  };
}
