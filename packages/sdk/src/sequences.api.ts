import type {
  CreateSequenceBody,
  SequenceDetail,
  SequenceStats,
  SequenceStatsQuery,
  SequenceStatus,
  SequenceStatusBody,
  SequenceSummary,
  UpdateSequenceBody,
} from '@blinkpost/contract';
import { everyRow, MAX_LEADS_PAGE, MAX_LISTING_PAGE, pageOf } from './paging.js';
import { pathOf, type Requester } from './requester.js';
import type {
  SequenceForecast,
  SequenceLead,
  SequenceLeadMessage,
  SequenceLeadsPage,
} from './sequence-reports.types.js';

/** Filters, order and paging of `sequences.list`. */
export interface SequenceListQuery {
  limit?: number;
  skip?: number;
  search?: string;
  status?: SequenceStatus;
  /** include archived sequences */
  sendAll?: boolean;
  sortBy?: 'created_at' | 'name' | 'last_modified';
  sortType?: 'asc' | 'desc';
}

/** `limit` (at most 500) and `skip` of a sequence's leads and messages. */
export interface LeadPaging {
  limit?: number;
  skip?: number;
}

/** Sequences: settings and steps, status changes, and what they sent. */
export class SequencesApi {
  constructor(private readonly http: Requester) {}

  /** Sequences with their counters, latest first; archived ones only with `sendAll`. */
  async list(query: SequenceListQuery = {}): Promise<SequenceSummary[]> {
    return (await this.http.request<SequenceSummary[]>('GET', '/sequences', { query: { ...query } })).data;
  }

  /** Every sequence matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<SequenceListQuery, 'skip'> = {}): AsyncGenerator<SequenceSummary> {
    return everyRow(this.http, { path: '/sequences', query: { ...query }, limit: query.limit, max: MAX_LISTING_PAGE });
  }

  /** One sequence with every setting and its steps. */
  async get(id: string): Promise<SequenceDetail> {
    return (await this.http.request<SequenceDetail>('GET', pathOf('sequences', id))).data;
  }

  /** Creates a sequence; it stays paused unless the body says `paused: false`. */
  async create(body: CreateSequenceBody): Promise<SequenceDetail> {
    return (await this.http.request<SequenceDetail>('POST', '/sequences', { body })).data;
  }

  /** Changes a sequence; `steps` replaces every step. */
  async update(id: string, body: UpdateSequenceBody): Promise<SequenceDetail> {
    return (await this.http.request<SequenceDetail>('PATCH', pathOf('sequences', id), { body })).data;
  }

  /** Archives a sequence (pausing it and dropping pending steps), or restores it with `archived: false`. */
  async archive(id: string, archived = true): Promise<void> {
    await this.http.request<unknown>('PUT', pathOf('sequences', id, 'archive'), { body: { archived } });
  }

  /** Copies a sequence, paused; answers the copy's id. */
  async clone(id: string): Promise<string> {
    const path = pathOf('sequences', id, 'clone');
    return (await this.http.request<{ clonedSequenceId: string }>('POST', path)).data.clonedSequenceId;
  }

  /** Starts (ACTIVE), pauses (PAUSED), stops (STOPPED) or archives (ARCHIVED) a sequence. */
  async setStatus(id: string, status: SequenceStatusBody['status']): Promise<SequenceDetail> {
    const path = pathOf('sequences', id, 'status');
    return (await this.http.request<SequenceDetail>('POST', path, { body: { status } })).data;
  }

  /** One page of the sequence's leads and where each stands. */
  async leads(id: string, page: LeadPaging = {}): Promise<SequenceLeadsPage> {
    const path = pathOf('sequences', id, 'leads');
    return pageOf(await this.http.request<SequenceLeadsPage['data']>('GET', path, { query: { ...page } }));
  }

  /** Every lead of the sequence, page by page (`limit`: the page size, at most 500). */
  allLeads(id: string, page: Omit<LeadPaging, 'skip'> = {}): AsyncGenerator<SequenceLead> {
    const path = pathOf('sequences', id, 'leads');
    return everyRow(this.http, { path, query: {}, limit: page.limit, max: MAX_LEADS_PAGE, counted: true });
  }

  /** The messages the sequence sent, or tried to send, to one lead. */
  async leadMessages(id: string, leadId: string, page: LeadPaging = {}): Promise<SequenceLeadMessage[]> {
    const path = pathOf('sequences', id, 'leads', leadId, 'messages');
    return (await this.http.request<SequenceLeadMessage[]>('GET', path, { query: { ...page } })).data;
  }

  /** Every message the sequence sent, or tried to send, to one lead, page by page. */
  allLeadMessages(
    id: string,
    leadId: string,
    page: Omit<LeadPaging, 'skip'> = {},
  ): AsyncGenerator<SequenceLeadMessage> {
    const path = pathOf('sequences', id, 'leads', leadId, 'messages');
    return everyRow(this.http, { path, query: {}, limit: page.limit, max: MAX_LEADS_PAGE });
  }

  /** The sequence's numbers, for a range and one sender when asked (opens and clicks of people unless `human: false`). */
  async stats(id: string, query: SequenceStatsQuery = {}): Promise<SequenceStats> {
    const path = pathOf('sequences', id, 'stats');
    return (await this.http.request<SequenceStats>('GET', path, { query: { ...query } })).data;
  }

  /** The sequence's leads and where each stands, as formula-safe CSV text (`limit` default 10,000, at most 50,000). */
  async export(id: string, query: { limit?: number } = {}): Promise<string> {
    return this.http.requestText('GET', pathOf('sequences', id, 'export'), { query: { ...query } });
  }

  /** Takes one lead out of this sequence only (no blocklist entry). */
  async unsubscribeLead(id: string, leadId: string): Promise<void> {
    await this.http.request<unknown>('POST', pathOf('sequences', id, 'leads', leadId, 'unsubscribe'));
  }

  /** What the sequence will send today, per sender, and what holds the rest back (ours). */
  async forecast(id: string): Promise<SequenceForecast> {
    return (await this.http.request<SequenceForecast>('GET', pathOf('sequences', id, 'forecast'))).data;
  }
}
