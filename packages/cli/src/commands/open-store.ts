import type { Config, Store } from '@blinkpost/server';
import { loadServer } from './server-module.js';

/** Opens and migrates the database for an admin command, runs `work`, and closes it. */
export async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const { migrateToLatest, openDatabase, createStore } = await loadServer();
  const db = openDatabase(config.storage);
  try {
    await migrateToLatest(db);
    return await work(createStore(db));
  } finally {
    await db.close();
  }
}
