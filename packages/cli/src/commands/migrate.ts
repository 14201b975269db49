import { Command } from 'commander';
import { loadServer } from './server-module.js';
import { configFrom, describeStorage, withStorageOptions, type StorageOptions } from './storage-options.js';

/** `blinkpost migrate`: brings the database schema up to date. */
export function migrateCommand(): Command {
  return withStorageOptions(new Command('migrate').description('apply pending database migrations')).action(
    async (opts: StorageOptions) => {
      const config = await configFrom(opts);
      const { migrateToLatest, openDatabase } = await loadServer();
      const db = openDatabase(config.storage);
      try {
        const applied = await migrateToLatest(db);
        console.log(
          applied.length === 0
            ? `${describeStorage(config)} is up to date`
            : `applied ${applied.join(', ')} to ${describeStorage(config)}`,
        );
      } finally {
        await db.close();
      }
    },
  );
}
