import type {
  CreateSenderBody,
  ListSendersQuery,
  Sender,
  SenderTestResult,
  UpdateSenderBody,
} from '@blinkpost/contract';
import { everyRow, MAX_LISTING_PAGE } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** Filters and paging of `senders.list`. */
export type SenderListQuery = Pick<ListSendersQuery, 'limit' | 'skip' | 'search' | 'status'>;

/** Senders (mailboxes): never answered with a password or a private key. */
export class SendersApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's senders, latest first. */
  async list(query: SenderListQuery = {}): Promise<Sender[]> {
    return (await this.http.request<Sender[]>('GET', '/senders', { query })).data;
  }

  /** Every sender matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<SenderListQuery, 'skip'> = {}): AsyncGenerator<Sender> {
    return everyRow(this.http, { path: '/senders', query, limit: query.limit, max: MAX_LISTING_PAGE });
  }

  /** One sender. */
  async get(id: string): Promise<Sender> {
    return (await this.http.request<Sender>('GET', pathOf('senders', id))).data;
  }

  /** Adds an SMTP sender (IMAP optional); saved without logging in, so call `test` next. */
  async create(body: CreateSenderBody): Promise<Sender> {
    return (await this.http.request<Sender>('POST', '/senders', { body })).data;
  }

  /** Changes a sender's settings; `paused: false` resumes it and clears needs-attention. */
  async update(id: string, body: UpdateSenderBody): Promise<Sender> {
    return (await this.http.request<Sender>('PATCH', pathOf('senders', id), { body })).data;
  }

  /** Logs in over SMTP (and IMAP when set); a refused login is a report with `ok: false`, not an error. */
  async test(id: string): Promise<SenderTestResult> {
    return (await this.http.request<SenderTestResult>('POST', pathOf('senders', id, 'test'))).data;
  }
}
