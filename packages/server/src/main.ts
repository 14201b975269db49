import { join } from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_ADMIN_EMAIL, DEFAULT_MAIL_THREADS, DEFAULT_WEB_DIR, type Config } from './config.js';
import { buildHttpApp, type HttpApp } from './http/app.js';
import { PrometheusTelemetry } from './http/metrics.js';
import type { Services } from './http/services.js';
import { systemClock, type Clock } from './app/ports.js';
import type { CreatedKey } from './app/keys.js';
import type { PasswordSet } from './app/users.js';
import { checkSecretKey, SecretBox } from './app/secret-box.js';
import { ImapChecker } from './mail/imap-check.js';
import { imapInboxOpener } from './mail/imap-inbox.js';
import { SmtpMailer } from './mail/smtp-mailer.js';
import { ThreadedMailer } from './mail/threaded-mailer.js';
import { startDevMailboxSink, type CaughtMail, type DevMailboxSink } from './mail/dev-mailbox-sink.js';
import { loadOrCreateKeyFile } from './secret-key.js';
import { createServices } from './services.js';
import { DEFAULT_SENDING_OPTIONS, SendingService } from './app/sending.js';
import { createSendingDirectory } from './app/sending-directory.js';
import { TrackingLinks, trackingSecret } from './app/tracking-links.js';
import { DEFAULT_TRACKING_OPTIONS, type EngagementRecorder } from './app/tracking-recorder.js';
import { ThreadedRecorder } from './tracking-thread/threaded-recorder.js';
import type { WebhookEmission } from './app/webhooks.js';
import type { SentRecord } from './store/send-ledger.repo.js';
import { DEFAULT_ENGINE_OPTIONS, Engine } from './engine/engine.js';
import { WebhookDispatcher } from './engine/webhook-dispatcher.js';
import { DEFAULT_INBOX_OPTIONS, InboxPoller } from './engine/inbox-poller.js';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, HttpWebhookPoster } from './net/webhook-poster.js';
import { openDatabase, type StorageConfig } from './store/database.js';
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
  /** the dashboard's first admin user, made (with a random password) on a start where nobody could sign in, once */
  firstAdmin: PasswordSet | undefined;
  /** the sending engine, built but not started: `serve` and `worker` start it; tests call `tick()` */
  engine: Engine;
  /** sends webhook deliveries; started with the engine, stopped on close; tests call `tick()` */
  webhookDispatcher: WebhookDispatcher;
  /** reads the senders' INBOXes (replies, auto-replies, bounces); started with the engine; tests call `tick()` */
  inboxPoller: InboxPoller;
  /** with `--dev-mailbox`: where its SMTP sink listens, and the demo sender's id (none before any workspace exists) */
  devMailbox: { host: string; port: number; senderId: string | undefined } | undefined;
  /** listens; answers the URL */
  listen(): Promise<string>;
  /** stops taking requests and work, finishes requests and sends in flight, closes the database */
  close(): Promise<void>;
}

/** A recorded send as the webhook event `sent`. */
function sentEvent(r: SentRecord): WebhookEmission {
  const a = r.activity;
  return {
    workspaceId: a.workspace_id,
    event: 'sent',
    data: {
      email: a.recipient_email,
      time: new Date(a.time).toISOString(),
      sequence_id: a.sequence_id,
      lead_id: a.lead_id ?? '',
      message_id: a.message_id ?? '',
      subject: a.subject ?? '',
      step: a.step ?? 1,
      sender: a.sender_email ?? '',
    },
  };
}

/** The tracking thread's storage: the server's, with a small pool on PostgreSQL. */
const threadStorage = (storage: StorageConfig): StorageConfig =>
  storage.dialect === 'postgres' ? { ...storage, poolSize: 2 } : storage;

/** Opens storage, migrates it, and builds the server; nothing listens until `listen`. */
export async function createServer(
  config: Config,
  opts: { clock?: Clock; logger?: boolean | object; bootstrap?: boolean } = {},
): Promise<Server> {
  const db = openDatabase(config.storage);
  await migrateToLatest(db);
  const store = createStore(db);
  const serverKey = config.secretKey ?? loadOrCreateKeyFile(join(config.dataDir, 'secret.key'));
  const secrets = new SecretBox(serverKey);
  await checkSecretKey(store.settings, secrets).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const mailThreads = config.mailThreads ?? DEFAULT_MAIL_THREADS;
  const mailer = mailThreads > 0 ? new ThreadedMailer({ threads: mailThreads }) : new SmtpMailer();
  // Caught mail goes to the service made below; the sink listens first so the service knows its port.
  let catchMail: (mail: CaughtMail) => void = () => undefined;
  let devSink: DevMailboxSink | undefined;
  if (config.devMailbox) {
    devSink = await startDevMailboxSink(
      (mail) => catchMail(mail),
      (err) => http.fastify.log.warn({ err }, 'dev mailbox'),
    ).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
  }
  // Until it listens, the server's own URL is a guess from its config; `listen` puts the real one here.
  let publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const tracking = trackingSecret(serverKey);
  // Counters for /metrics, only when a scraper can read them (a token is configured).
  const metrics = config.metricsToken
    ? { telemetry: new PrometheusTelemetry(), token: config.metricsToken }
    : undefined;
  const telemetry = metrics?.telemetry;
  // Opens and clicks are judged and written on a thread of their own, beside the one that answers the
  // pixel; an in-memory SQLite database cannot be shared with it, so there they stay on this thread.
  const logError = (err: unknown, what: string) => http.fastify.log.error({ err }, what);
  const clock = opts.clock ?? systemClock;
  const engagementRecorder =
    config.storage.dialect === 'sqlite' && config.storage.file === ':memory:'
      ? undefined
      : (onThisThread: () => EngagementRecorder) =>
          new ThreadedRecorder({
            // The thread writes one batch at a time: two connections are plenty.
            data: { storage: threadStorage(config.storage), secret: tracking, options: DEFAULT_TRACKING_OPTIONS },
            clock,
            count: (counts) => telemetry?.engagements(counts),
            log: logError,
            fallback: onThisThread,
          });
  const services = createServices(store, clock, {
    ...(telemetry ? { telemetry } : {}),
    secrets,
    mailer,
    mailbox: new ImapChecker(),
    trackingSecret: tracking,
    webhookPoster: new HttpWebhookPoster({
      allowPrivate: config.webhooks?.allowPrivate ?? false,
      timeoutMs: config.webhooks?.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    }),
    // Called only once serving, when `http` exists.
    logError,
    ...(engagementRecorder ? { engagementRecorder } : {}),
    ...(devSink ? { devMailbox: { host: devSink.host, port: devSink.port } } : {}),
  });
  catchMail = (mail) => services.devMailbox.receive(mail);
  const links = new TrackingLinks(tracking, () => publicUrl);
  const sending = new SendingService(
    store,
    createSendingDirectory(store, services.senders),
    mailer,
    clock,
    links,
    {
      sent: (items) => services.webhooks.emitMany(items.map(sentEvent)),
      bounced: (b) => services.inbox.sendBounced(b),
      logError: (err, what) => http.fastify.log.error({ err }, what),
    },
    {
      ...DEFAULT_SENDING_OPTIONS,
      ...config.engine,
    },
  );
  const firstKey = opts.bootstrap === false ? undefined : await services.keys.bootstrap();
  const firstAdmin =
    opts.bootstrap === false
      ? undefined
      : await services.users.ensureFirstAdmin(config.adminEmail ?? DEFAULT_ADMIN_EMAIL);
  const devMailbox = devSink && {
    host: devSink.host,
    port: devSink.port,
    senderId: await services.devMailbox.ensureSender(),
  };
  const http = buildHttpApp(services, {
    bodyLimit: config.bodyLimit,
    rateLimits: config.rateLimits,
    logger: opts.logger ?? { level: config.logLevel },
    version: VERSION,
    publicUrl: config.publicUrl,
    webDir: config.webDir ?? DEFAULT_WEB_DIR,
    metrics,
    ready: async () => {
      await sql`select 1`.execute(db.kysely);
      return true;
    },
  });
  const engine = new Engine(
    store,
    sending,
    clock,
    http.fastify.log,
    { ...DEFAULT_ENGINE_OPTIONS, ...config.engine },
    [{ name: 'scheduled inbox replies', run: () => services.inboxOutbox.sendDue() }],
    telemetry,
  );
  const webhookDispatcher = new WebhookDispatcher(services.webhooks, http.fastify.log, undefined, telemetry);
  const inboxPoller = new InboxPoller(
    store,
    services.senders,
    services.inbox,
    imapInboxOpener(),
    clock,
    http.fastify.log,
    DEFAULT_INBOX_OPTIONS,
    telemetry,
  );
  return {
    store,
    services,
    engine,
    webhookDispatcher,
    inboxPoller,
    http,
    firstKey,
    firstAdmin,
    devMailbox,
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
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
      if (!config.publicUrl) publicUrl = url;
      return url;
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
      await webhookDispatcher.stop();
      await inboxPoller.stop();
      // Opens and clicks still held are written before the database closes: none is lost on SIGTERM.
      await services.tracking.close();
      await mailer.close();
      await devSink?.close();
      await db.close();
    },
  };
}
