import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { buildHttpApp, type HttpApp } from './http/app.js';
import type { Services } from './http/services.js';
import { systemClock, type Clock } from './app/ports.js';
import type { CreatedKey } from './app/keys.js';
import { checkSecretKey, SecretBox } from './app/secret-box.js';
import { ImapChecker } from './mail/imap-check.js';
import { SmtpMailer } from './mail/smtp-mailer.js';
import { loadOrCreateKeyFile } from './secret-key.js';
import { createServices } from './services.js';
import { DEFAULT_SENDING_OPTIONS, SendingService } from './app/sending.js';
import { createSendingDirectory } from './app/sending-directory.js';
import { DEFAULT_ENGINE_OPTIONS, Engine } from './engine/engine.js';
import { openDatabase } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { createStore, type Store } from './store/store.js';

export const VERSION = '0.1.0';

/** A server put together: its store, its use cases and its HTTP app. */
export interface Server {
  store: Store;
  services: Services;
  http: HttpApp;
  /** the admin key made on the first start of an empty database, once */
  firstKey: CreatedKey | undefined;
  /** the sending engine, built but not started: `serve` and `worker` start it; tests call `tick()` */
  engine: Engine;
  /** listens; answers the URL */
  listen(): Promise<string>;
  /** stops taking requests and work, finishes requests and sends in flight, closes the database */
  close(): Promise<void>;
}

/** Opens storage, migrates it, and builds the server; nothing listens until `listen`. */
export async function createServer(
  config: Config,
  opts: { clock?: Clock; logger?: boolean | object; bootstrap?: boolean } = {},
): Promise<Server> {
  const db = openDatabase(config.storage);
  await migrateToLatest(db);
  const store = createStore(db);
  const secrets = new SecretBox(config.secretKey ?? loadOrCreateKeyFile(join(config.dataDir, 'secret.key')));
  await checkSecretKey(store.settings, secrets).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const mailer = new SmtpMailer();
  const services = createServices(store, opts.clock ?? systemClock, { secrets, mailer, mailbox: new ImapChecker() });
  const clock = opts.clock ?? systemClock;
  const sending = new SendingService(store, createSendingDirectory(store, services.senders), mailer, clock, {
    ...DEFAULT_SENDING_OPTIONS,
    ...config.engine,
  });
  const firstKey = opts.bootstrap === false ? undefined : await services.keys.bootstrap();
  const http = buildHttpApp(services, {
    bodyLimit: config.bodyLimit,
    rateLimits: config.rateLimits,
    logger: opts.logger ?? { level: config.logLevel },
    version: VERSION,
    ready: async () => {
      await sql`select 1`.execute(db.kysely);
      return true;
    },
  });
  const engine = new Engine(store, sending, clock, http.fastify.log, { ...DEFAULT_ENGINE_OPTIONS, ...config.engine });
  return {
    store,
    services,
    engine,
    http,
    firstKey,
    listen: async () => {
      // Fastify logs "Server listening" itself; the caller prints the URL, as the first line of `serve`.
      const level = http.fastify.log.level;
      http.fastify.log.level = 'warn';
      try {
        await http.fastify.listen({ host: config.host, port: config.port });
      } finally {
        http.fastify.log.level = level;
      }
      const addr = http.fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    close: async () => {
      http.startDraining();
      // Node closes idle keep-alive connections only when close() is called; one whose request ends
      // during the drain would otherwise hold the process for the whole keep-alive timeout.
      const reap = setInterval(() => http.fastify.server.closeIdleConnections(), 100);
      try {
        await http.fastify.close();
      } finally {
        clearInterval(reap);
      }
      await engine.stop();
      await mailer.close();
      await db.close();
    },
  };
}
