import { sql } from 'kysely';
import type { Config } from './config.js';
import { buildHttpApp, type HttpApp } from './http/app.js';
import type { Services } from './http/services.js';
import { systemClock, type Clock } from './app/ports.js';
import type { CreatedKey } from './app/keys.js';
import { createServices } from './services.js';
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
  /** listens; answers the URL */
  listen(): Promise<string>;
  /** stops taking requests, finishes those in flight, closes the database */
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
  const services = createServices(store, opts.clock ?? systemClock);
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
  return {
    store,
    services,
    http,
    firstKey,
    listen: async () => {
      await http.fastify.listen({ host: config.host, port: config.port });
      const addr = http.fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    close: async () => {
      http.startDraining();
      await http.fastify.close();
      await db.close();
    },
  };
}
