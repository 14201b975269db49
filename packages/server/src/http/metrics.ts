import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { InboundOutcome } from '../app/inbox.js';
import type { PassReport } from '../app/sending.js';
import type { Telemetry } from '../app/telemetry.js';
import type { EngagementCount } from '../app/engagement-announcer.js';
import type { DeliveryPass } from '../app/webhook-delivery.js';
import { secretMatches } from '../domain/api-key.js';
import { sendError } from './error-reply.js';

/** The server's counters in Prometheus' registry, with Node's own (CPU, memory, event-loop delay, GC). */
export class PrometheusTelemetry implements Telemetry {
  readonly registry = new Registry();
  private readonly passSeconds = new Histogram({
    name: 'blinkpost_engine_pass_seconds',
    help: 'Duration of one engine pass (claim, render, reserve, send, record)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });
  private readonly steps = new Counter({
    name: 'blinkpost_engine_steps_total',
    help: 'Sequence steps the engine handled, by outcome (sent, deferred, failed, held)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly engagementCount = new Counter({
    name: 'blinkpost_engagements_total',
    help: 'Opens, clicks and unsubscribes recorded, people and machines apart',
    labelNames: ['event', 'machine'] as const,
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'blinkpost_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered, retrying, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly inboundCount = new Counter({
    name: 'blinkpost_inbound_messages_total',
    help: 'Messages read from senders’ mailboxes, by what became of them and their kind',
    labelNames: ['status', 'kind'] as const,
    registers: [this.registry],
  });
  readonly requests = new Counter({
    name: 'blinkpost_http_requests_total',
    help: 'HTTP requests answered, by method, route and status (tracking links are counted as engagements)',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  enginePass(report: PassReport, seconds: number): void {
    this.passSeconds.observe(seconds);
    for (const outcome of ['sent', 'deferred', 'failed', 'held'] as const) {
      if (report[outcome] > 0) this.steps.inc({ outcome }, report[outcome]);
    }
  }

  engagements(counts: readonly EngagementCount[]): void {
    for (const c of counts) this.engagementCount.inc({ event: c.kind, machine: String(c.machine) }, c.n);
  }

  webhookPass(pass: DeliveryPass): void {
    for (const outcome of ['delivered', 'retrying', 'failed'] as const) {
      if (pass[outcome] > 0) this.deliveries.inc({ outcome }, pass[outcome]);
    }
  }

  inbound(outcome: InboundOutcome): void {
    this.inboundCount.inc({ status: outcome.status, kind: outcome.kind ?? '' });
  }
}

/** `/metrics` when on: the counters, and the token a scraper sends. */
export interface MetricsSetup {
  telemetry: PrometheusTelemetry;
  token: string;
}

// Tracking links are the busiest requests and are counted as engagements; a counter per pixel would
// only cost them time.
const TRACKING = /^\/t\//;

/**
 * `GET /metrics` in Prometheus' text format, for a scraper holding the token (`Authorization: Bearer
 * …`). The figures are server-wide, across workspaces, so no API key opens them; without a configured
 * token the endpoint answers 404 saying how to turn it on.
 */
export function metricsRoutes(app: FastifyInstance, metrics: MetricsSetup | undefined): void {
  if (metrics) {
    const { requests } = metrics.telemetry;
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route === undefined || TRACKING.test(route)) return;
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    });
  }
  app.get('/metrics', async (request, reply) => {
    if (!metrics) {
      return sendError(
        request,
        reply,
        'not_found',
        'metrics are off: set BLINKPOST_METRICS_TOKEN and scrape with that bearer token',
      );
    }
    if (!secretMatches(request.headers.authorization, `Bearer ${metrics.token}`)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendError(request, reply, 'unauthorized', 'send the metrics token as "Authorization: Bearer <token>"');
    }
    const { registry } = metrics.telemetry;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
