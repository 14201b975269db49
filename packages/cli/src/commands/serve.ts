import { Command } from 'commander';
import { createServer } from '@blinkpost/server';
import { portArg } from '../program.js';
import { configFrom, describeStorage, withStorageOptions, type StorageOptions } from './storage-options.js';

/** `blinkpost serve`: the API (and later the engine and dashboard) in one process. */
export function serveCommand(): Command {
  return withStorageOptions(
    new Command('serve')
      .description('serve the API')
      .option('--port <port>', 'port to listen on (env PORT; default 8080)', portArg)
      .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)'),
  ).action(async (opts: StorageOptions & { port?: number; host?: string }) => {
    const config = configFrom(opts);
    const server = await createServer(config);
    const url = await server.listen();
    const lines = [`Blinkpost is serving ${url}`, `  data: ${describeStorage(config)}`, `  API docs: ${url}/api/docs`];
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
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.exit(1);
      }
      stopping = true;
      server.http.fastify.log.info({ signal }, 'draining: finishing requests in flight');
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.http.fastify.log.error({ err }, 'error while shutting down');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}
