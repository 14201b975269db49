import type {
  CreatedWebhook,
  CreateWebhookBody,
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  Webhook,
  WebhookDelivery,
  WebhookTestResult,
} from '@blinkpost/contract';
import { pathOf, type Requester } from './requester.js';

/** Webhooks: where a workspace's events are POSTed, signed with a secret shown once at creation. */
export class WebhooksApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's webhooks, latest first. */
  async list(query: ListWebhooksQuery = {}): Promise<Webhook[]> {
    return (await this.http.request<Webhook[]>('GET', '/webhooks', { query })).data;
  }

  /** One webhook. */
  async get(id: string): Promise<Webhook> {
    return (await this.http.request<Webhook>('GET', pathOf('webhooks', id))).data;
  }

  /** Adds a webhook; keep `secret` from the answer: it is not shown again. */
  async create(body: CreateWebhookBody): Promise<CreatedWebhook> {
    return (await this.http.request<CreatedWebhook>('POST', '/webhooks', { body })).data;
  }

  /** Removes a webhook and its delivery log; answers what it was. */
  async delete(id: string): Promise<Webhook> {
    return (await this.http.request<Webhook>('DELETE', pathOf('webhooks', id))).data;
  }

  /** Sends a signed `test` event now; a failing receiver is a report with `ok: false`, not an error. */
  async test(id: string): Promise<WebhookTestResult> {
    return (await this.http.request<WebhookTestResult>('POST', pathOf('webhooks', id, 'test'))).data;
  }

  /** The webhook's delivery log, latest first. */
  async deliveries(id: string, query: ListWebhookDeliveriesQuery = {}): Promise<WebhookDelivery[]> {
    return (await this.http.request<WebhookDelivery[]>('GET', pathOf('webhooks', id, 'deliveries'), { query })).data;
  }
}
