import type {
  ActivityFeed,
  ActivityQuery,
  ActivityRecord,
  AddContactsBody,
  AddContactsResult,
  CreateListBody,
  List,
  SequenceSummary,
} from '@blinkpost/contract';
import { AccountApi, KeysApi, UsersApi, WorkspacesApi } from './account.api.js';
import { AnalyticsApi } from './analytics.api.js';
import { BlocklistApi } from './blocklist.api.js';
import { FeedsApi } from './feeds.api.js';
import { FoldersApi } from './folders.api.js';
import { InboxApi } from './inbox.api.js';
import { LeadsApi } from './leads.api.js';
import { ListsApi } from './lists.api.js';
import { MaintenanceApi } from './maintenance.api.js';
import { ApiError } from './api-error.js';
import type { Envelope, Query, Requester } from './requester.js';
import { retryDelayMs } from './retry-delay.js';
import { SendersApi } from './senders.api.js';
import { SequencesApi } from './sequences.api.js';
import { TemplatesApi } from './templates.api.js';
import { WebhooksApi } from './webhooks.api.js';

/** How to reach a Blinkpost (or SalesBlink) server. */
export interface ClientOptions {
  /** e.g. `http://127.0.0.1:8080/api/public/v1.0.0` */
  baseUrl: string;
  /** the key sent as `Authorization`; without one the browser's session cookie authenticates */
  apiKey?: string;
  /** sent as `X-CSRF-Token` on every non-GET request of a cookie session */
  csrfToken?: string;
  /** fetch's `credentials` when no `apiKey` is given (default 'same-origin') */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** retries on 429 and 503, honouring Retry-After (default 3) */
  maxRetries?: number;
  fetch?: typeof fetch;
  /** waits between retries; tests pass one that does not sleep */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A typed client of the public API. */
export class BlinkpostClient implements Requester {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Senders (mailboxes). */
  readonly senders: SendersApi;
  /** Email templates. */
  readonly templates: TemplatesApi;
  /** Sequences, their leads, numbers and forecast. */
  readonly sequences: SequencesApi;
  /** Webhooks and their delivery log. */
  readonly webhooks: WebhooksApi;
  /** Analytics (overall, daily, per lead, per mailbox) and reports. */
  readonly analytics: AnalyticsApi;
  /** API keys of the workspace (admin keys only). */
  readonly keys: KeysApi;
  /** The people of the workspace. */
  readonly users: UsersApi;
  /** Workspaces (admin keys only). */
  readonly workspaces: WorkspacesApi;
  /** Folders of lists, templates, sequences and senders. */
  readonly folders: FoldersApi;
  /** The unified inbox: conversations of replies, replies and forwards. */
  readonly inbox: InboxApi;
  /** Lists of leads and their leads (v1). */
  readonly lists: ListsApi;
  /** Single leads: edit, move, archive, unsubscribe, activity (v1). */
  readonly leads: LeadsApi;
  /** The blocklist: addresses and domains never emailed. */
  readonly blocklist: BlocklistApi;
  /** The activity feeds: sent, opens, clicks, replies. */
  readonly feeds: FeedsApi;
  /** The key in use (`account.verify()`). */
  readonly account: AccountApi;
  /** The maintenance switch (admin keys only). */
  readonly maintenance: MaintenanceApi;

  constructor(private readonly opts: ClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    // Browsers refuse `fetch` called as a method of another object ("Illegal invocation"): call it bare.
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = opts.sleep ?? realSleep;
    this.senders = new SendersApi(this);
    this.templates = new TemplatesApi(this);
    this.sequences = new SequencesApi(this);
    this.webhooks = new WebhooksApi(this);
    this.analytics = new AnalyticsApi(this);
    this.keys = new KeysApi(this);
    this.users = new UsersApi(this);
    this.workspaces = new WorkspacesApi(this);
    this.folders = new FoldersApi(this);
    this.inbox = new InboxApi(this);
    this.lists = new ListsApi(this);
    this.leads = new LeadsApi(this);
    this.blocklist = new BlocklistApi(this);
    this.feeds = new FeedsApi(this);
    this.account = new AccountApi(this);
    this.maintenance = new MaintenanceApi(this);
  }

  /** Calls one endpoint and unwraps the envelope; throws `ApiError` for any error answer. */
  async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<Envelope<T>> {
    const res = await this.send(method, path, opts, 'application/json');
    const text = await res.text();
    let body: Envelope<T>;
    try {
      body = JSON.parse(text) as Envelope<T>;
    } catch {
      throw new ApiError(
        res.status,
        'invalid_response',
        `${method} ${path} answered ${res.status} with a body that is not JSON`,
      );
    }
    if (!res.ok || body.success === false) {
      throw new ApiError(
        res.status,
        (body.error?.code as ApiError['code'] | undefined) ?? 'invalid_response',
        body.message ?? `${method} ${path} answered ${res.status}`,
        body.error?.request_id,
      );
    }
    return body;
  }

  /** Calls an endpoint that answers text (the CSV export); retries and errors as `request` does. */
  async requestText(method: string, path: string, opts: { query?: Query } = {}): Promise<string> {
    const res = await this.send(method, path, opts, 'text/csv, application/json');
    const text = await res.text();
    if (res.ok) return text;
    let message = `${method} ${path} answered ${res.status}`;
    let code: ApiError['code'] = 'invalid_response';
    let requestId: string | undefined;
    try {
      const body = JSON.parse(text) as Envelope<unknown>;
      message = body.message ?? message;
      code = (body.error?.code as ApiError['code'] | undefined) ?? code;
      requestId = body.error?.request_id;
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError(res.status, code, message, requestId);
  }

  /** Sends one request, waiting and retrying on 429 and 503 as `Retry-After` says; network failures are `ApiError`s. */
  private async send(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown },
    accept: string,
  ): Promise<Response> {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept };
    if (this.opts.apiKey !== undefined) headers.authorization = this.opts.apiKey;
    else if (this.opts.csrfToken !== undefined && method !== 'GET') headers['x-csrf-token'] = this.opts.csrfToken;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    // A key is the whole credential; a cookie session needs the browser to send its cookie.
    const credentials = this.opts.apiKey === undefined ? (this.opts.credentials ?? 'same-origin') : undefined;
    const maxRetries = this.opts.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchFn(url, {
          method,
          headers,
          ...(credentials !== undefined ? { credentials } : {}),
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        });
      } catch (err) {
        // fetch says only "fetch failed"; the cause names what went wrong (ECONNREFUSED, ENOTFOUND…).
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? String(err);
        throw new ApiError(0, 'network_error', `could not reach ${url.origin}: ${why}`);
      }
      if ((res.status === 429 || res.status === 503) && attempt < maxRetries) {
        await res.body?.cancel();
        await this.sleep(retryDelayMs(res.headers.get('retry-after'), attempt, Date.now()));
        continue;
      }
      return res;
    }
  }

  /** All lists, latest first. */
  async listLists(query: { search?: string; limit?: number; skip?: number } = {}): Promise<List[]> {
    return (await this.request<List[]>('GET', '/lists', { query })).data;
  }

  /** Creates a list (v1). */
  async createList(body: CreateListBody): Promise<List> {
    return (await this.request<List>('POST', '/lists', { body })).data;
  }

  /** One list (v1). */
  async getList(id: string): Promise<List> {
    return (await this.request<List>('GET', `/lists/${encodeURIComponent(id)}`)).data;
  }

  /** Adds contacts to a list; invalid ones come back in `invalid`. */
  async addContacts(body: AddContactsBody): Promise<AddContactsResult> {
    return (await this.request<AddContactsResult>('POST', '/contacts', { body })).data;
  }

  /** Removes a lead from a list by email. */
  async removeContact(body: { list_id: string; email: string }): Promise<{ removed: number }> {
    return (await this.request<{ removed: number }>('POST', '/contacts/remove', { body })).data;
  }

  /** All sequences with their counters. @deprecated use `sequences.list()` */
  async listSequences(): Promise<SequenceSummary[]> {
    return this.sequences.list();
  }

  /** Every record of an activity feed, page by page, newest first. @deprecated use `feeds.all()` */
  activity(feed: ActivityFeed, query: Omit<ActivityQuery, 'page'> = {}): AsyncGenerator<ActivityRecord> {
    return this.feeds.all(feed, query);
  }
}
