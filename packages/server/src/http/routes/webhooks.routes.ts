import {
  CreatedWebhook,
  CreateWebhookBody,
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  Ok,
  Webhook,
  WebhookDelivery,
  WebhookIdParams,
  WebhookTestResult,
} from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

type WithId = { Params: { id: string } };

/** Webhooks (v1 only): add, list, read, remove, send a test event, and read the delivery log. */
export function webhookRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListWebhooksQuery }>(
    '/webhooks',
    {
      schema: {
        summary: 'The workspace’s webhooks, latest first (never their secrets)',
        tags: ['v1'],
        querystring: ListWebhooksQuery,
        response: { 200: ListingReply(Webhook) },
      },
    },
    async (request) => {
      const listing = listingRequest(request.query);
      return listingReply(await s.webhooks.list(principalOf(request), listing), listing);
    },
  );

  app.post<{ Body: CreateWebhookBody }>(
    '/webhooks',
    {
      schema: {
        summary: 'Add a webhook; the answer holds its signing secret, shown only this once',
        tags: ['v1'],
        body: CreateWebhookBody,
        response: { 200: Ok(CreatedWebhook) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Webhook created; keep its secret now: it is not shown again',
      data: await s.webhooks.create(principalOf(request), request.body),
    }),
  );

  app.get<WithId>(
    '/webhooks/:id',
    { schema: { summary: 'One webhook', tags: ['v1'], params: WebhookIdParams, response: { 200: Ok(Webhook) } } },
    async (request) => ({
      success: true as const,
      data: await s.webhooks.get(principalOf(request), request.params.id),
    }),
  );

  app.delete<WithId>(
    '/webhooks/:id',
    {
      schema: {
        summary: 'Remove a webhook and its delivery log; pending deliveries are not sent',
        tags: ['v1'],
        params: WebhookIdParams,
        response: { 200: Ok(Webhook) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Webhook deleted',
      data: await s.webhooks.delete(principalOf(request), request.params.id),
    }),
  );

  app.post<WithId>(
    '/webhooks/:id/test',
    {
      schema: {
        summary: 'Send a signed `test` event now and report the receiver’s answer; 200 even when it fails',
        tags: ['v1'],
        params: WebhookIdParams,
        response: { 200: Ok(WebhookTestResult) },
      },
    },
    async (request) => {
      const data = await s.webhooks.test(principalOf(request), request.params.id);
      const message = data.ok
        ? `Test event delivered: HTTP ${data.response_status ?? '?'} in ${data.duration_ms} ms`
        : `Test event failed: ${data.error}`;
      return { success: true as const, message, data };
    },
  );

  app.get<WithId & { Querystring: ListWebhookDeliveriesQuery }>(
    '/webhooks/:id/deliveries',
    {
      schema: {
        summary: 'The webhook’s delivery log, latest first: each event, its attempts and the last answer',
        tags: ['v1'],
        params: WebhookIdParams,
        querystring: ListWebhookDeliveriesQuery,
        response: { 200: ListingReply(WebhookDelivery) },
      },
    },
    async (request) => {
      const listing = listingRequest(request.query);
      const data = await s.webhooks.deliveries(principalOf(request), request.params.id, {
        ...listing,
        status: request.query.status,
      });
      return listingReply(data, listing);
    },
  );
}
