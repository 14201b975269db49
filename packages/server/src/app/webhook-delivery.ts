import { WEBHOOK_HEADERS } from '@blinkpost/contract';
import { nextWebhookAttempt } from '../domain/webhook-retry.js';
import { webhookSignature } from '../domain/webhook-signature.js';
import type { AttemptRecord, DeliveryRecord, WebhookRecord } from '../store/webhook.repo.js';
import type { Store } from '../store/store.js';
import type { Clock } from './ports.js';
import type { SecretBox } from './secret-box.js';

/** One POST of a delivery: where, its headers (signature included), and the JSON body. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What a receiver did: `ok` for a 2xx; `status` null when it never answered. */
export interface WebhookResponse {
  ok: boolean;
  status: number | null;
  durationMs: number;
  /** why it failed ("answered HTTP 500", "connect ECONNREFUSED …", "refused: …"); '' when ok */
  error: string;
}

/** Sends webhook requests. Never throws: every failure is a response with `ok: false`. */
export interface WebhookPoster {
  /** why a URL may not be a target (its shape, or a host that resolves to a private address); `undefined` when it may */
  refusal(url: string): Promise<string | undefined>;
  post(request: WebhookRequest): Promise<WebhookResponse>;
}

/** How much one pass takes on, and how long a claim holds. */
export interface DeliveryOptions {
  batch: number;
  concurrency: number;
  /** longer than a batch can take at `concurrency` with every receiver timing out */
  claimLeaseMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = { batch: 20, concurrency: 10, claimLeaseMs: 120_000 };

/** What one pass did. */
export interface DeliveryPass {
  delivered: number;
  retrying: number;
  failed: number;
}

/** The context a webhook secret is sealed under. */
export const WEBHOOK_SECRET_CONTEXT = 'webhooks.secret';

/** Signs and sends deliveries, and decides from each answer whether to try again. */
export class WebhookDeliverer {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    private readonly poster: WebhookPoster,
    private readonly opts: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  ) {}

  /** One pass: claims due deliveries and attempts each; failures are retried with back-off for 24 h. */
  async deliverDue(): Promise<DeliveryPass> {
    const pass: DeliveryPass = { delivered: 0, retrying: 0, failed: 0 };
    const due = await this.store.webhooks.claimDue(this.clock.now(), this.opts.batch, this.opts.claimLeaseMs);
    if (due.length === 0) return pass;
    const hooks = new Map(
      (await this.store.webhooks.byIds([...new Set(due.map((d) => d.webhookId))])).map((h) => [h.id, h]),
    );
    const queue = [...due];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const hook = hooks.get(d.webhookId);
        if (!hook) continue; // deleted meanwhile, with its log
        const { status } = await this.attempt(d, hook, { retry: true });
        if (status === 'delivered') pass.delivered++;
        else if (status === 'pending') pass.retrying++;
        else pass.failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, due.length) }, worker));
    return pass;
  }

  /** Signs and sends one delivery now and records the outcome; without `retry` a failure is final. */
  async attempt(
    d: DeliveryRecord,
    hook: WebhookRecord,
    opts: { retry: boolean },
  ): Promise<AttemptRecord & { response: WebhookResponse }> {
    const secret = this.secrets.open(hook.secretEnc, WEBHOOK_SECRET_CONTEXT);
    const startedAt = this.clock.now();
    const response: WebhookResponse =
      secret === undefined
        ? { ok: false, status: null, durationMs: 0, error: 'the webhook secret cannot be decrypted with this key' }
        : await this.poster.post({
            url: hook.url,
            body: d.payload,
            headers: {
              [WEBHOOK_HEADERS.signature]: webhookSignature(secret, Math.floor(startedAt / 1000), d.payload),
              [WEBHOOK_HEADERS.event]: d.event,
              [WEBHOOK_HEADERS.delivery]: d.id,
            },
          });
    const attempts = d.attempts + 1;
    const firstAttemptAt = d.firstAttemptAt ?? startedAt;
    const next = response.ok || !opts.retry ? undefined : nextWebhookAttempt(firstAttemptAt, attempts, startedAt);
    const record: AttemptRecord = {
      status: response.ok ? 'delivered' : next === undefined ? 'failed' : 'pending',
      attempts,
      responseStatus: response.status,
      durationMs: response.durationMs,
      error: response.error,
      firstAttemptAt,
      lastAttemptAt: startedAt,
      nextAttemptAt: next ?? null,
    };
    await this.store.webhooks.recordAttempt(d.id, record);
    return { ...record, response };
  }
}
