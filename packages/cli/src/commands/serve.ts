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
      .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)')
      .option(
        '--dev-mailbox',
        'catch all mail on a loopback SMTP server, shown in the dashboard, with a demo sender for it (env BLINKPOST_DEV_MAILBOX=1)',
      ),
  ).action(async (opts: StorageOptions & { port?: number; host?: string; engine: boolean; devMailbox?: boolean }) => {
    const config = { ...(await configFrom(opts)), ...(opts.devMailbox ? { devMailbox: true } : {}) };
    const { createServer } = await loadServer();
    const server = await createServer(config);
    const url = await server.listen();
    const lines = [
      `Blinkpost is serving ${url}`,
      `  data: ${describeStorage(config)}`,
      `  engine: ${opts.engine ? 'on' : 'off (--no-engine)'}`,
      `  API docs: ${url}/api/docs`,
      `  metrics: ${config.metricsToken ? `${url}/metrics (send the token of BLINKPOST_METRICS_TOKEN as a bearer token)` : 'off (set BLINKPOST_METRICS_TOKEN to scrape /metrics)'}`,
    ];
    if (server.devMailbox) {
      const { host, port, senderId } = server.devMailbox;
      lines.push(
        senderId
          ? `  dev mailbox: mail to any address is caught on smtp://${host}:${port} and shown in the dashboard; sender "Dev mailbox" (${senderId}) sends there`
          : `  dev mailbox: mail to any address is caught on smtp://${host}:${port}; restart once a workspace exists to get its "Dev mailbox" sender`,
      );
    }
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
    if (server.firstAdmin) {
      lines.push(
        '',
        `Dashboard: ${url}  login ${server.firstAdmin.email} / ${server.firstAdmin.generated ?? ''}`,
        `The password is shown only this once; change it with \`blinkpost users set-password ${server.firstAdmin.email}\`.`,
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
