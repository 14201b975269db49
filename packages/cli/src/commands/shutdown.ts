import type { Server } from '@blinkpost/server';

/** On SIGTERM or SIGINT: drain (requests and sends in flight finish), then exit 0; a second signal exits at once. */
export function exitOnSignals(server: Server): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.http.fastify.log.info({ signal }, 'draining: finishing requests and sends in flight');
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
}
