import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { RateTier } from '../domain/rate-window.js';
import { sendError } from './error-reply.js';
import { metricsRoutes, type MetricsSetup } from './metrics.js';
import { collectOpenApi } from './openapi.js';
import { requireJsonAccept } from './plugins/accept-json.js';
import { authenticate } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/errors.js';
import { maintenanceGate } from './plugins/maintenance.js';
import { registerMethodNotAllowed } from './plugins/method-not-allowed.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { rateLimit } from './plugins/rate-limit.js';
import { accountRoutes } from './routes/account.routes.js';
import { activityRoutes } from './routes/activity.routes.js';
import { analyticsRoutes } from './routes/analytics.routes.js';
import { blocklistRoutes } from './routes/blocklist.routes.js';
import { adminRoutes } from './routes/admin.routes.js';
import { contactRoutes } from './routes/contacts.routes.js';
import { dashboard } from './routes/dashboard.routes.js';
import { devMailboxRoutes } from './routes/dev-mailbox.routes.js';
import { docsRoutes } from './routes/docs.routes.js';
import { folderRoutes } from './routes/folders.routes.js';
import { keyRoutes } from './routes/keys.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { workspaceRoutes } from './routes/workspaces.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { inboxRoutes } from './routes/inbox.routes.js';
import { unifiedInboxRoutes } from './routes/unified-inbox.routes.js';
import { leadRoutes } from './routes/leads.routes.js';
import { listRoutes } from './routes/lists.routes.js';
import { senderRoutes } from './routes/senders.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { sequenceLeadRoutes } from './routes/sequence-leads.routes.js';
import { sequenceRoutes } from './routes/sequences.routes.js';
import { templateRoutes } from './routes/templates.routes.js';
import { trackingRoutes } from './routes/tracking.routes.js';
import { trackingFastPath } from './tracking-fast-path.js';
import { unsupportedRoutes } from './routes/unsupported.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';
import type { Services } from './services.js';
import { validatorCompiler } from './validators.js';

/** What the HTTP layer needs beyond the use cases. */
export interface HttpOptions {
  bodyLimit: number;
  rateLimits: Record<RateTier, number>;
  logger: FastifyServerOptions['logger'];
  /** whether the database answers; for /readyz */
  ready: () => Promise<boolean>;
  version: string;
  /** the URL people reach the server at, when configured: an https one makes the session cookie Secure */
  publicUrl?: string | undefined;
  /** the built dashboard (packages/web/dist, or BLINKPOST_WEB_DIR) */
  webDir: string;
  /** `/metrics`: the counters and the token a scraper sends; off when absent */
  metrics?: MetricsSetup | undefined;
}

/** The HTTP face of the server, with the draining switch SIGTERM flips. */
export interface HttpApp {
  fastify: FastifyInstance;
  startDraining(): void;
}

// Fastify's default, should its options ever come without it.
const KEEP_ALIVE_MS = 72_000;
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Fastify app: plugins in order, then the routes of both API generations. */
export function buildHttpApp(s: Services, opts: HttpOptions): HttpApp {
  let draining = false;
  const fastPath = trackingFastPath(
    s.tracking,
    () => draining,
    (err, what) => app.log.error({ err }, what),
  );
  const app = Fastify({
    logger: opts.logger,
    bodyLimit: opts.bodyLimit,
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    // A client's own request id is kept when it is safe to log, so its logs and ours meet.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // The HTTP server is made here so that the tracking fast path sees each request before Fastify does.
    serverFactory: (handler, o) => {
      const server = createServer((req, res) => {
        if (!fastPath(req, res)) handler(req, res);
      });
      // What Fastify sets on a server it creates, from its options with their defaults filled in.
      server.keepAliveTimeout = numberOr(o.keepAliveTimeout, KEEP_ALIVE_MS);
      server.requestTimeout = numberOr(o.requestTimeout, 0);
      server.setTimeout(numberOr(o.connectionTimeout, 0));
      const perSocket = numberOr(o.maxRequestsPerSocket, 0);
      if (perSocket > 0) server.maxRequestsPerSocket = perSocket;
      return server;
    },
    // Tracking links are not access-logged, whichever path answers them: a line per open is noise, and
    // the fast path has no request to log (errors are logged either way).
    logController: new LogController({ disableRequestLogging: (req) => req.url.startsWith('/t/') }),
  });
  // Fastify reads text/plain by default; this API takes JSON only, so anything else is a 415.
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandler(app);
  // The 404 handler asks the dashboard first (its files, and index.html for SPA routes).
  const site = dashboard(opts.webDir);
  registerMethodNotAllowed(app, site.fallback);
  const openapi = collectOpenApi(app, { title: 'Blinkpost API', version: opts.version });

  // A callback, not an async function: every request passes here, the pixel included, and a promise
  // per request is measurable there.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (!draining) return done();
    void reply.header('retry-after', 5).header('connection', 'close');
    // Answering here ends the request: `done` is not called.
    sendError(request, reply, 'shutting_down', 'The server is shutting down; retry in a few seconds');
  });

  // First, so its counting hook sees every route registered after it.
  metricsRoutes(app, opts.metrics);
  healthRoutes(app, async () => !draining && (await opts.ready()));
  docsRoutes(app, openapi);
  trackingRoutes(app, s);
  sessionRoutes(app, s, opts.publicUrl);
  site.routes(app);

  const limiter = rateLimit(opts.rateLimits, s.clock);
  const api = (prefix: string, v1: boolean) =>
    app.register(
      async (scope) => {
        scope.addHook('onRequest', requireJsonAccept);
        scope.addHook('onRequest', authenticate(s.keys, s.sessions));
        scope.addHook('onRequest', maintenanceGate(s.maintenance));
        scope.addHook('onRequest', limiter);
        registerIdempotency(scope, s.idempotency);
        listRoutes(scope, s, v1);
        contactRoutes(scope, s, v1);
        sequenceRoutes(scope, s, v1);
        activityRoutes(scope, s, v1);
        if (v1) leadRoutes(scope, s);
        if (v1) sequenceLeadRoutes(scope, s);
        if (v1) adminRoutes(scope, s);
        if (v1) templateRoutes(scope, s);
        if (v1) senderRoutes(scope, s);
        if (v1) blocklistRoutes(scope, s);
        if (v1) webhookRoutes(scope, s);
        if (v1) inboxRoutes(scope, s);
        if (v1) unifiedInboxRoutes(scope, s);
        if (v1) analyticsRoutes(scope, s);
        if (v1) accountRoutes(scope, s);
        if (v1) keyRoutes(scope, s);
        if (v1) userRoutes(scope, s);
        if (v1) workspaceRoutes(scope, s);
        if (v1) folderRoutes(scope, s);
        if (v1) unsupportedRoutes(scope);
      },
      { prefix },
    );
  void api('/api/public', false);
  void api('/api/public/v1.0.0', true);
  // The dashboard's own endpoints, authenticated as the API is.
  void app.register(
    async (scope) => {
      scope.addHook('onRequest', authenticate(s.keys, s.sessions));
      scope.addHook('onRequest', limiter);
      devMailboxRoutes(scope, s);
    },
    { prefix: '/api/dev-mailbox' },
  );

  return {
    fastify: app,
    startDraining: () => {
      draining = true;
    },
  };
}
