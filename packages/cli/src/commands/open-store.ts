import { migrateToLatest, openDatabase, createStore, type Config, type Store } from '@blinkpost/server';

/** Opens and migrates the database for an admin command, runs `work`, and closes it. */
export async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const db = openDatabase(config.storage);
  try {
    await migrateToLatest(db);
    return await work(createStore(db));
  } finally {
    await db.close();
  }
}
