import { Command } from 'commander';
import type { Config } from '@blinkpost/server';
import { loadServer } from './server-module.js';

/** The options every command that opens the database takes. */
export interface StorageOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Adds `--data-dir` and `--database-url` to a command. */
export function withStorageOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (env BLINKPOST_DATA_DIR; default ./data)')
    .option(
      '--database-url <url>',
      'postgres://… to use PostgreSQL (env DATABASE_URL; default SQLite in the data directory)',
    );
}

/** The configuration with the storage flags applied. */
export async function configFrom(opts: StorageOptions & { host?: string; port?: number }): Promise<Config> {
  const { loadConfig } = await loadServer();
  return loadConfig({
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
  });
}

/** Where the data is, in words, for messages. */
export function describeStorage(config: Config): string {
  return config.storage.dialect === 'sqlite' ? `SQLite file ${config.storage.file}` : 'PostgreSQL (DATABASE_URL)';
}
