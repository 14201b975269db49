import type {
  CreatedWebhook,
  CreateWebhookBody,
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  Webhook,
  WebhookDelivery,
  WebhookTestResult,
} from '@blinkpost/contract';
import { everyRow, MAX_LISTING_PAGE } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** Webhooks: where a workspace's events are POSTed, signed with a secret shown once at creation. */
export class WebhooksApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's webhooks, latest first. */
  async list(query: ListWebhooksQuery = {}): Promise<Webhook[]> {
    return (await this.http.request<Webhook[]>('GET', '/webhooks', { query })).data;
  }

  /** Every webhook, page by page (`limit`: the page size). */
  all(query: Omit<ListWebhooksQuery, 'skip'> = {}): AsyncGenerator<Webhook> {
    return everyRow(this.http, { path: '/webhooks', query, limit: query.limit, max: MAX_LISTING_PAGE });
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

  /** Every delivery of the webhook (of one `status` when given), page by page. */
  allDeliveries(id: string, query: Omit<ListWebhookDeliveriesQuery, 'skip'> = {}): AsyncGenerator<WebhookDelivery> {
    const path = pathOf('webhooks', id, 'deliveries');
    return everyRow(this.http, { path, query, limit: query.limit, max: MAX_LISTING_PAGE });
  }
}
