import { Command } from 'commander';
import { loadServer } from './server-module.js';
import { exitOnSignals } from './shutdown.js';
import { configFrom, describeStorage, withStorageOptions, type StorageOptions } from './storage-options.js';

/** `blinkpost worker`: the sending engine alone; on PostgreSQL run as many as you like. */
export function workerCommand(): Command {
  return withStorageOptions(
    new Command('worker').description('run the sending engine without the API (several may share one PostgreSQL)'),
  ).action(async (opts: StorageOptions) => {
    const config = await configFrom(opts);
    const { createServer } = await loadServer();
    const server = await createServer(config, { bootstrap: false });
    try {
      await server.engine.start();
      server.webhookDispatcher.start();
      server.inboxPoller.start();
    } catch (err) {
      await server.close();
      throw err;
    }
    process.stdout.write(`Blinkpost worker is sending from ${describeStorage(config)}\n`);
    exitOnSignals(server);
  });
}
