import { randomBytes } from 'node:crypto';
import {
  WEBHOOK_TEST_EVENT,
  type CreatedWebhook,
  type CreateWebhookBody,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEvent,
  type WebhookTestResult,
} from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { isoTime } from '../domain/time-filter.js';
import { formatWebhookSecret } from '../domain/webhook-signature.js';
import { newId } from '../store/ids.js';
import type { Listing } from '../store/listing.js';
import type { Store } from '../store/store.js';
import type { DeliveryRecord, NewDelivery, WebhookRecord } from '../store/webhook.repo.js';
import type { Clock, Principal } from './ports.js';
import type { SecretBox } from './secret-box.js';
import {
  WEBHOOK_SECRET_CONTEXT,
  type DeliveryPass,
  type WebhookDeliverer,
  type WebhookPoster,
} from './webhook-delivery.js';

/** One event to send to the webhooks of a workspace that receive it. */
export interface WebhookEmission {
  workspaceId: string;
  event: WebhookEvent;
  /**
   * The event's data, or how to make it: a busy source (every open) whose workspace has no webhook
   * then never builds it.
   */
  data: Record<string, unknown> | (() => Record<string, unknown>);
}

/** A stored webhook in the shape the API answers: never its secret. */
export const toApiWebhook = (h: WebhookRecord): Webhook => ({
  id: h.id,
  name: h.name,
  url: h.url,
  events: h.events,
  created_at: isoTime(h.createdAt),
  last_modified: isoTime(h.lastModified),
});

const toApiDelivery = (d: DeliveryRecord): WebhookDelivery => ({
  id: d.id,
  webhook_id: d.webhookId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  response_status: d.responseStatus,
  duration_ms: d.durationMs,
  error: d.error,
  created_at: isoTime(d.createdAt),
  last_attempt_at: d.lastAttemptAt === null ? null : isoTime(d.lastAttemptAt),
  next_attempt_at: d.status === 'pending' && d.nextAttemptAt !== null ? isoTime(d.nextAttemptAt) : null,
  payload: JSON.parse(d.payload) as unknown,
});

/** The JSON body of an event: the same bytes on every attempt. */
const payloadOf = (id: string, event: string, at: number, workspaceId: string, data: Record<string, unknown>) =>
  JSON.stringify({ id, event, created_at: isoTime(at), workspace_id: workspaceId, data });

const receives = (h: WebhookRecord, event: string): boolean => h.events.length === 0 || h.events.includes(event);

/** Webhooks: the URLs a workspace's events are POSTed to, signed, and the log of what was sent. */
export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    private readonly poster: WebhookPoster,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  /** Adds a webhook; its secret is answered this once. Private targets are refused unless allowed. */
  async create(p: Principal, body: CreateWebhookBody): Promise<CreatedWebhook> {
    const url = body.url.trim();
    const problem = await this.poster.refusal(url);
    if (problem) throw invalid('url', problem);
    const secret = formatWebhookSecret(randomBytes(32));
    const rec = await this.store.webhooks.create(
      {
        workspaceId: p.workspaceId,
        name: body.name?.trim() ?? '',
        url,
        events: [...new Set(body.events ?? [])],
        secretEnc: this.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT),
      },
      this.clock.now(),
    );
    return { ...toApiWebhook(rec), secret };
  }

  /** The caller's webhooks, latest first. */
  async list(p: Principal, listing: Listing = {}): Promise<Webhook[]> {
    return (await this.store.webhooks.list(p.workspaceId, listing)).map(toApiWebhook);
  }

  /** One webhook; 404 for an unknown id or another workspace's. */
  async get(p: Principal, id: string): Promise<Webhook> {
    return toApiWebhook(await this.require(p, id));
  }

  /** Removes a webhook and its delivery log; what is still pending is not sent. */
  async delete(p: Principal, id: string): Promise<Webhook> {
    const rec = await this.require(p, id);
    if (!(await this.store.webhooks.delete(p.workspaceId, id))) throw notFound('webhook', id);
    return toApiWebhook(rec);
  }

  /** A webhook's deliveries, latest first. */
  async deliveries(
    p: Principal,
    id: string,
    opts: Listing & { status?: WebhookDeliveryStatus | undefined } = {},
  ): Promise<WebhookDelivery[]> {
    await this.require(p, id);
    return (await this.store.webhooks.deliveries(id, opts)).map(toApiDelivery);
  }

  /** Sends a signed `test` event now, once, and answers what the receiver did; it is kept in the log. */
  async test(p: Principal, id: string): Promise<WebhookTestResult> {
    const hook = await this.require(p, id);
    const now = this.clock.now();
    const data = { webhook_id: hook.id, message: 'A test event from Blinkpost: this endpoint receives webhooks' };
    const [queued] = await this.store.webhooks.addDeliveries(
      [
        {
          workspaceId: p.workspaceId,
          webhookId: hook.id,
          event: WEBHOOK_TEST_EVENT,
          payload: payloadOf(newId(now), WEBHOOK_TEST_EVENT, now, p.workspaceId, data),
          nextAttemptAt: null,
        },
      ],
      now,
    );
    if (!queued) throw new Error('the test delivery was not stored');
    const { response } = await this.deliverer.attempt(queued, hook, { retry: false });
    return {
      delivery_id: queued.id,
      ok: response.ok,
      response_status: response.status,
      duration_ms: response.durationMs,
      error: response.error,
    };
  }

  /**
   * Queues an event for every webhook of the workspace that receives it; the dispatcher sends it.
   * Cheap enough for the caller's own flow: one read of the workspace's webhooks, one insert, no network.
   */
  async emit(workspaceId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    await this.emitMany([{ workspaceId, event, data }]);
  }

  /** `emit` for many events at once (a batch of sends): still one read and one insert. */
  emitMany(events: WebhookEmission[]): Promise<void> {
    return queueWebhookEvents(this.store, this.clock.now(), events);
  }

  /** One dispatcher pass: sends what is due. */
  deliverDue(): Promise<DeliveryPass> {
    return this.deliverer.deliverDue();
  }

  private async require(p: Principal, id: string): Promise<WebhookRecord> {
    const rec = await this.store.webhooks.get(p.workspaceId, id);
    if (!rec) throw notFound('webhook', id);
    return rec;
  }
}

/**
 * Queues each event for every webhook of its workspace that receives it: one read of the workspaces'
 * webhooks and one insert. `WebhookService.emitMany`, and the tracking thread, which has no service of its own.
 */
export async function queueWebhookEvents(store: Store, now: number, events: WebhookEmission[]): Promise<void> {
  if (events.length === 0) return;
  const hooks = await store.webhooks.ofWorkspaces([...new Set(events.map((e) => e.workspaceId))]);
  if (hooks.length === 0) return;
  const rows: NewDelivery[] = [];
  for (const e of events) {
    const matching = hooks.filter((h) => h.workspaceId === e.workspaceId && receives(h, e.event));
    if (matching.length === 0) continue;
    // One event id for every webhook it goes to; each delivery has an id of its own.
    const data = typeof e.data === 'function' ? e.data() : e.data;
    const payload = payloadOf(newId(now), e.event, now, e.workspaceId, data);
    for (const h of matching)
      rows.push({ workspaceId: e.workspaceId, webhookId: h.id, event: e.event, payload, nextAttemptAt: now });
  }
  await store.webhooks.addDeliveries(rows, now);
}
