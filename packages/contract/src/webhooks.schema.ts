import { Type, type Static } from '@sinclair/typebox';
import { OffsetPaging } from './paging.js';

/** The events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = [
  'sent',
  'opened',
  'clicked',
  'replied',
  'auto_replied',
  'bounced',
  'unsubscribed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What `POST /webhooks/:id/test` sends: an event no filter excludes and no other call emits. */
export const WEBHOOK_TEST_EVENT = 'test';

/** The headers of every delivery; the signature is `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export const WEBHOOK_HEADERS = {
  signature: 'Blinkpost-Signature',
  event: 'Blinkpost-Event',
  delivery: 'Blinkpost-Delivery',
} as const;

/** The states of a delivery: waiting for its (next) attempt, accepted with a 2xx, or given up on. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Longest webhook URL. */
export const MAX_WEBHOOK_URL = 2048;

/** Body of `POST /v1.0.0/webhooks`. */
export const CreateWebhookBody = Type.Object({
  url: Type.String({
    minLength: 1,
    maxLength: MAX_WEBHOOK_URL,
    description: 'https:// or http:// URL the events are POSTed to; private and loopback addresses are refused',
  }),
  events: Type.Optional(
    Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), {
      description: 'the events to send; empty or missing: every event',
    }),
  ),
  name: Type.Optional(Type.String({ maxLength: 200, description: 'a label for people' })),
});
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

const Iso = (description = 'ISO-8601 UTC') => Type.String({ description });

/** A webhook as the API answers it: never its secret, except once in the answer to create. */
export const Webhook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String(), { description: 'the events it receives; [] means every event' }),
  created_at: Iso(),
  last_modified: Iso(),
});
export type Webhook = Static<typeof Webhook>;

/** The answer to create: the webhook and its signing secret, shown this once. */
export const CreatedWebhook = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ description: '`whsec_…`: verifies the Blinkpost-Signature header; shown only now' }),
});
export type CreatedWebhook = Static<typeof CreatedWebhook>;

/** Query of `GET /v1.0.0/webhooks`. */
export const ListWebhooksQuery = Type.Object({ ...OffsetPaging });
export type ListWebhooksQuery = Static<typeof ListWebhooksQuery>;

/** Path of routes that take a webhook id. */
export const WebhookIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/** One event sent (or to be sent) to one webhook, with its last attempt. */
export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'also the Blinkpost-Delivery header: the same on every attempt' }),
  webhook_id: Type.String(),
  event: Type.String(),
  status: Type.Union(WEBHOOK_DELIVERY_STATUSES.map((s) => Type.Literal(s))),
  attempts: Type.Integer(),
  response_status: Type.Union([Type.Integer(), Type.Null()], {
    description: "the receiver's HTTP status on the last attempt; null when it did not answer",
  }),
  duration_ms: Type.Union([Type.Integer(), Type.Null()], { description: 'how long the last attempt took' }),
  error: Type.String({ description: 'why the last attempt failed; "" when it did not' }),
  created_at: Iso(),
  last_attempt_at: Type.Union([Iso(), Type.Null()]),
  next_attempt_at: Type.Union([Iso(), Type.Null()], { description: 'null once delivered or failed' }),
  payload: Type.Unknown({ description: 'the JSON body sent: {id, event, created_at, workspace_id, data}' }),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

/** Query of `GET /v1.0.0/webhooks/:id/deliveries`. */
export const ListWebhookDeliveriesQuery = Type.Object({
  ...OffsetPaging,
  status: Type.Optional(Type.Union(WEBHOOK_DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
});
export type ListWebhookDeliveriesQuery = Static<typeof ListWebhookDeliveriesQuery>;

/** What `POST /v1.0.0/webhooks/:id/test` answers: the receiver's answer, also when it failed. */
export const WebhookTestResult = Type.Object({
  delivery_id: Type.String(),
  ok: Type.Boolean({ description: 'true when the receiver answered 2xx' }),
  response_status: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Integer(),
  error: Type.String({ description: '"" when ok' }),
});
export type WebhookTestResult = Static<typeof WebhookTestResult>;
