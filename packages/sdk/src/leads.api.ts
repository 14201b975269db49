import type { ActivityRecord, Lead, LeadActivityQuery, LeadUnsubscribed } from '@blinkpost/contract';
import { everyRow, MAX_LEADS_PAGE } from './paging.js';
import { pathOf, type Envelope, type Requester } from './requester.js';

/** One page of a lead's activity, with the lead. */
export interface LeadActivityPage {
  data: ActivityRecord[];
  lead: Lead;
  count: number;
  total: number;
  skip: number;
  limit: number;
}

/** Single leads (SalesBlink's contacts): edit, move, archive, unsubscribe, and their activity (v1). */
export class LeadsApi {
  constructor(private readonly http: Requester) {}

  /** Changes standard fields (any casing), custom fields or `starred`; `null` unsets a field. */
  async update(id: string, fields: Record<string, unknown>): Promise<Lead> {
    return (await this.http.request<Lead>('PATCH', pathOf('leads', id), { body: fields })).data;
  }

  /** Moves a lead to another list. */
  async move(id: string, listId: string): Promise<void> {
    await this.http.request('PUT', pathOf('leads', id, 'move'), { body: { list_id: listId } });
  }

  /** Archives a lead (stopping its pending steps everywhere), or brings it back with `archived: false`. */
  async archive(id: string, archived = true): Promise<void> {
    await this.http.request('PUT', pathOf('contacts', id, 'archive'), { body: { archived } });
  }

  /** Unsubscribes a lead everywhere: its address joins the blocklist. */
  async unsubscribe(id: string): Promise<LeadUnsubscribed> {
    return (await this.http.request<LeadUnsubscribed>('POST', pathOf('leads', id, 'unsubscribe'))).data;
  }

  /** One page of a lead's activity, latest first (`limit` at most 500). */
  async activity(id: string, query: LeadActivityQuery = {}): Promise<LeadActivityPage> {
    return pageOf(await this.http.request<ActivityRecord[]>('GET', pathOf('leads', id, 'activity'), { query }));
  }

  /** One page of an address's activity, with the workspace's latest lead of that address. */
  async activityByEmail(email: string, query: LeadActivityQuery = {}): Promise<LeadActivityPage> {
    return pageOf(await this.http.request<ActivityRecord[]>('GET', '/leads/activity', { query: { ...query, email } }));
  }

  /** Every activity record of a lead, latest first, page by page (`limit`: the page size, at most 500). */
  allActivity(id: string, query: Omit<LeadActivityQuery, 'skip'> = {}): AsyncGenerator<ActivityRecord> {
    const path = pathOf('leads', id, 'activity');
    return everyRow(this.http, { path, query, limit: query.limit, max: MAX_LEADS_PAGE, counted: true });
  }

  /** Every activity record of an address, latest first, page by page. */
  allActivityByEmail(email: string, query: Omit<LeadActivityQuery, 'skip'> = {}): AsyncGenerator<ActivityRecord> {
    const endpoint = { path: '/leads/activity', query: { ...query, email }, limit: query.limit };
    return everyRow(this.http, { ...endpoint, max: MAX_LEADS_PAGE, counted: true });
  }
}

function pageOf(r: Envelope<ActivityRecord[]>): LeadActivityPage {
  return {
    data: r.data,
    // The lead rides beside `data` in the envelope.
    lead: (r as Envelope<ActivityRecord[]> & { lead: Lead }).lead,
    count: r.count ?? r.data.length,
    total: r.total ?? r.data.length,
    skip: r.skip ?? 0,
    limit: r.limit ?? 0,
  };
}
