import { Command } from 'commander';
import { loadServer } from './server-module.js';
import { portArg } from '../program.js';
import { exitOnSignals } from './shutdown.js';
import { configFrom, describeStorage, withStorageOptions, type StorageOptions } from './storage-options.js';

/** `blinkpost serve`: the API and the sending engine in one process. */
export function serveCommand(): Command {
  return withStorageOptions(
    new Command('serve')
      .description('serve the API and run the sending engine')
      .option('--no-engine', 'serve the API only; run `blinkpost worker` processes to send')
      .option('--port <port>', 'port to listen on (env PORT; default 8080)', portArg)
      .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)'),
  ).action(async (opts: StorageOptions & { port?: number; host?: string; engine: boolean }) => {
    const config = await configFrom(opts);
    const { createServer } = await loadServer();
    const server = await createServer(config);
    const url = await server.listen();
    const lines = [
      `Blinkpost is serving ${url}`,
      `  data: ${describeStorage(config)}`,
      `  engine: ${opts.engine ? 'on' : 'off (--no-engine)'}`,
      `  API docs: ${url}/api/docs`,
    ];
    if (server.firstKey) {
      lines.push(
        '',
        `First start: created workspace "${server.firstKey.workspaceName}" and an admin API key.`,
        'It is shown only this once; keep it somewhere safe:',
        '',
        `  ${server.firstKey.key}`,
        '',
        `Try: curl -H "Authorization: ${server.firstKey.key}" ${url}/api/public/lists`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (opts.engine) {
      try {
        await server.engine.start();
        server.webhookDispatcher.start();
        server.inboxPoller.start();
      } catch (err) {
        await server.close();
        throw err;
      }
    }
    exitOnSignals(server);
  });
}
