import { Command } from 'commander';
import { createServer } from '@blinkpost/server';
import { exitOnSignals } from './shutdown.js';
import { configFrom, describeStorage, withStorageOptions, type StorageOptions } from './storage-options.js';

/** `blinkpost worker`: the sending engine alone; on PostgreSQL run as many as you like. */
export function workerCommand(): Command {
  return withStorageOptions(
    new Command('worker').description('run the sending engine without the API (several may share one PostgreSQL)'),
  ).action(async (opts: StorageOptions) => {
    const config = configFrom(opts);
    const server = await createServer(config, { bootstrap: false });
    try {
      await server.engine.start();
    } catch (err) {
      await server.close();
      throw err;
    }
    process.stdout.write(`Blinkpost worker is sending from ${describeStorage(config)}\n`);
    exitOnSignals(server);
  });
}
